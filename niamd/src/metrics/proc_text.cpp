#include "metrics/proc_text.hpp"

#include <charconv>

#include "metrics/number_text.hpp"
#include "metrics/parsed_metrics.hpp"

namespace niamd::metrics {
namespace {

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
    std::uint64_t value = 0;
    if (text.empty()) return std::nullopt;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Reads up to `count` unsigned fields of `line` into `out`; false if one is not a number.
template <std::size_t N>
bool read_unsigned_fields(std::string_view& line, std::array<std::uint64_t, N>& out, std::size_t count) {
    for (std::size_t k = 0; k < count; ++k) {
        const auto value = parse_unsigned(next_field(line));
        if (!value) return false;
        out[k] = *value;
    }
    return true;
}

// Undoes the octal escapes (\040 space, \011 tab, \012 newline, \134 backslash) of /proc/mounts.
std::string unescape_octal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 3 < text.size()) {
            const std::string_view digits = text.substr(i + 1, 3);
            if (digits.size() == 3 && digits[0] >= '0' && digits[0] <= '3' && digits[1] >= '0' && digits[1] <= '7' &&
                digits[2] >= '0' && digits[2] <= '7') {
                out += static_cast<char>((digits[0] - '0') * 64 + (digits[1] - '0') * 8 + (digits[2] - '0'));
                i += 3;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace

ProcStat parse_proc_stat(std::string_view text) {
    ProcStat stat;
    for_each_line(text, [&](std::size_t, std::string_view line) {
        const std::string_view key = next_field(line);
        if (key == "cpu") {
            std::array<std::uint64_t, 8> f{};
            if (!read_unsigned_fields(line, f, 8)) return;
            stat.user = f[0], stat.nice = f[1], stat.system = f[2], stat.idle = f[3];
            stat.iowait = f[4], stat.irq = f[5], stat.softirq = f[6], stat.steal = f[7];
            stat.has_cpu = true;
        } else if (key.size() > 3 && key.starts_with("cpu") && parse_unsigned(key.substr(3))) {
            ++stat.cpu_count;
        } else if (key == "ctxt") {
            stat.context_switches = parse_unsigned(next_field(line));
        } else if (key == "processes") {
            stat.forks = parse_unsigned(next_field(line));
        } else if (key == "procs_running") {
            stat.running = parse_unsigned(next_field(line));
        }
    });
    return stat;
}

MemInfo parse_meminfo(std::string_view text) {
    MemInfo info;
    for_each_line(text, [&](std::size_t, std::string_view line) {
        const std::string_view key = next_field(line);
        std::optional<std::uint64_t>* slot = key == "MemTotal:"       ? &info.total
                                             : key == "MemAvailable:" ? &info.available
                                             : key == "SwapTotal:"    ? &info.swap_total
                                             : key == "SwapFree:"     ? &info.swap_free
                                                                      : nullptr;
        if (slot == nullptr) return;
        const auto value = parse_unsigned(next_field(line));
        const std::string_view unit = next_field(line);
        if (!value || (unit != "kB" && !unit.empty())) return;
        *slot = unit == "kB" ? *value * 1024 : *value;
    });
    return info;
}

std::optional<LoadAverage> parse_loadavg(std::string_view text) {
    LoadAverage load;
    const auto one = parse_finite(next_field(text));
    const auto five = parse_finite(next_field(text));
    const auto fifteen = parse_finite(next_field(text));
    if (!one || !five || !fifteen) return std::nullopt;
    load.one = *one, load.five = *five, load.fifteen = *fifteen;
    return load;
}

std::optional<double> parse_uptime(std::string_view text) {
    const auto seconds = parse_finite(next_field(text));
    if (!seconds || *seconds < 0) return std::nullopt;
    return seconds;
}

std::set<std::string, std::less<>> parse_nodev_types(std::string_view text) {
    std::set<std::string, std::less<>> types;
    for_each_line(text, [&](std::size_t, std::string_view line) {
        if (next_field(line) != "nodev") return;
        const std::string_view type = next_field(line);
        if (!type.empty()) types.emplace(type);
    });
    return types;
}

std::vector<Mount> parse_mounts(std::string_view text, std::size_t& bad_lines) {
    std::vector<Mount> mounts;
    for_each_line(text, [&](std::size_t, std::string_view line) {
        if (trim_blanks(line).empty()) return;
        const std::string_view device = next_field(line);
        const std::string_view mount_point = next_field(line);
        const std::string_view type = next_field(line);
        if (type.empty()) {
            ++bad_lines;
            return;
        }
        mounts.push_back(Mount{unescape_octal(device), unescape_octal(mount_point), std::string(type)});
    });
    return mounts;
}

std::vector<DiskCounters> parse_diskstats(std::string_view text, std::size_t& bad_lines) {
    std::vector<DiskCounters> disks;
    for_each_line(text, [&](std::size_t, std::string_view line) {
        if (trim_blanks(line).empty()) return;
        std::array<std::uint64_t, 10> f{};
        next_field(line);  // major
        next_field(line);  // minor
        const std::string_view name = next_field(line);
        if (name.empty() || !read_unsigned_fields(line, f, 10)) {
            ++bad_lines;
            return;
        }
        // reads, reads merged, sectors read, ms reading, writes, writes merged, sectors written,
        // ms writing, I/Os in progress, ms doing I/O
        disks.push_back(DiskCounters{std::string(name), f[0], f[2], f[4], f[6], f[9]});
    });
    return disks;
}

std::vector<InterfaceCounters> parse_net_dev(std::string_view text, std::size_t& bad_lines) {
    std::vector<InterfaceCounters> interfaces;
    for_each_line(text, [&](std::size_t number, std::string_view line) {
        if (number <= 2 || trim_blanks(line).empty()) return;  // two header lines
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            ++bad_lines;
            return;
        }
        const std::string_view name = trim_blanks(line.substr(0, colon));
        std::string_view rest = line.substr(colon + 1);
        std::array<std::uint64_t, 16> f{};
        if (name.empty() || !read_unsigned_fields(rest, f, 16)) {
            ++bad_lines;
            return;
        }
        // receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs drop ...
        interfaces.push_back(InterfaceCounters{std::string(name), f[0], f[1], f[2], f[3], f[8], f[9], f[10], f[11]});
    });
    return interfaces;
}

void count_tcp_states(std::string_view text, TcpStateCounts& counts, std::size_t& bad_lines) {
    for_each_line(text, [&](std::size_t, std::string_view line) {
        const std::string_view slot = next_field(line);
        if (slot.empty() || slot == "sl") return;  // blank or the header
        next_field(line);                          // local address
        next_field(line);                          // remote address
        const std::string_view state = next_field(line);
        unsigned value = 0;
        const auto [end, error] = std::from_chars(state.data(), state.data() + state.size(), value, 16);
        if (error != std::errc() || end != state.data() + state.size() || value < 1 || value > counts.size()) {
            ++bad_lines;
            return;
        }
        ++counts[value - 1];
    });
}

}  // namespace niamd::metrics
