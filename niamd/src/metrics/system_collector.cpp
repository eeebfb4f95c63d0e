#include "metrics/system_collector.hpp"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <utmp.h>

#include <algorithm>
#include <cstring>

#include "metrics/proc_text.hpp"
#include "metrics/tcp_netlink.hpp"

namespace niamd::metrics {
namespace {

std::optional<FilesystemSpace> statvfs_space(const std::string& mount_point) {
    struct statvfs info {};
    if (::statvfs(mount_point.c_str(), &info) != 0) return std::nullopt;
    const std::uint64_t unit = info.f_frsize != 0 ? info.f_frsize : info.f_bsize;
    FilesystemSpace space;
    space.size_bytes = info.f_blocks * unit;
    space.available_bytes = info.f_bavail * unit;
    space.free_bytes = info.f_bfree * unit;
    space.inodes = info.f_files;
    space.free_inodes = info.f_ffree;
    return space;
}

double percent(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

std::string series_key(const std::string& name, const std::vector<Tag>& tags) {
    std::string key = name;
    for (const auto& tag : tags) {
        key += '\0';
        key += tag.key;
        key += '=';
        key += tag.value;
    }
    return key;
}

// Block devices worth a sample: whole disks listed in /sys/block, not loop or RAM disks.
bool is_reported_disk(const std::filesystem::path& sys, std::string name) {
    if (name.starts_with("loop") || name.starts_with("ram")) return false;
    for (auto& c : name) {
        if (c == '/') c = '!';  // cciss/c0d0 is /sys/block/cciss!c0d0
    }
    std::error_code error;
    return std::filesystem::exists(sys / "block" / name, error);
}

}  // namespace

SystemCollector::SystemCollector(SystemSources sources) : sources_(std::move(sources)) {
    if (!sources_.space) sources_.space = statvfs_space;
}

std::optional<std::string> SystemCollector::read(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ++counts_.read_errors;
        counts_.last_error = file.string() + ": cannot open: " + std::strerror(errno);
        return std::nullopt;
    }
    // Grown as read, so memory follows the largest table actually read, not the bound.
    std::string text;
    char chunk[16 * 1024];
    while (text.size() < kMaxProcFileBytes) {
        const ssize_t got = ::read(fd, chunk, std::min(sizeof chunk, kMaxProcFileBytes - text.size()));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        text.append(chunk, static_cast<std::size_t>(got));
    }
    ::close(fd);
    // A table cut at the bound loses its last, partial line, never a whole one in the middle.
    if (text.size() == kMaxProcFileBytes) text.resize(text.rfind('\n') + 1);
    return text;
}

void SystemCollector::add(std::vector<Sample>& out, std::string name, std::string unit, double value,
                          std::vector<Tag> tags) {
    Sample sample;
    sample.name = std::move(name);
    sample.unit = std::move(unit);
    sample.value = value;
    sample.tags = std::move(tags);
    out.push_back(std::move(sample));
}

void SystemCollector::add_rate(std::vector<Sample>& out, const std::string& name, const std::string& unit,
                               std::uint64_t counter, std::vector<Tag> tags) {
    const auto rate = rates_.rate(series_key(name, tags), counter);
    if (rate) add(out, name, unit, *rate, std::move(tags));
}

std::vector<Sample> SystemCollector::collect(double now) {
    ++counts_.collections;
    std::vector<Sample> out;
    out.reserve(64);
    rates_.begin(now);
    collect_cpu(out);
    collect_memory(out);
    collect_load_and_uptime(out);
    collect_processes(out);
    collect_users(out);
    collect_filesystems(out);
    collect_block_devices(out);
    collect_interfaces(out);
    collect_tcp(out);
    rates_.end();
    return out;
}

void SystemCollector::collect_cpu(std::vector<Sample>& out) {
    const auto text = read(sources_.proc / "stat");
    if (!text) return;
    const ProcStat stat = parse_proc_stat(*text);
    if (stat.cpu_count > 0) add(out, "cpu.count", "", stat.cpu_count);
    if (stat.context_switches) add_rate(out, "proc.context_switches_per_s", "1/s", *stat.context_switches);
    if (stat.forks) add_rate(out, "proc.forks_per_s", "1/s", *stat.forks);
    if (stat.running) add(out, "proc.running", "", static_cast<double>(*stat.running));
    if (!stat.has_cpu) {
        ++counts_.read_errors;
        counts_.last_error = (sources_.proc / "stat").string() + ": no cpu line";
        return;
    }
    CpuTicks ticks;
    ticks.user = stat.user + stat.nice;
    ticks.system = stat.system + stat.irq + stat.softirq;
    ticks.idle = stat.idle;
    ticks.iowait = stat.iowait;
    ticks.steal = stat.steal;
    ticks.total = ticks.user + ticks.system + ticks.idle + ticks.iowait + ticks.steal;
    const auto previous = previous_cpu_;
    previous_cpu_ = ticks;
    if (!previous || ticks.total <= previous->total || ticks.user < previous->user || ticks.system < previous->system ||
        ticks.idle < previous->idle || ticks.iowait < previous->iowait || ticks.steal < previous->steal) {
        return;  // the first collection, or the counters went backwards
    }
    const std::uint64_t total = ticks.total - previous->total;
    add(out, "cpu.user_pct", "%", percent(ticks.user - previous->user, total));
    add(out, "cpu.system_pct", "%", percent(ticks.system - previous->system, total));
    add(out, "cpu.iowait_pct", "%", percent(ticks.iowait - previous->iowait, total));
    add(out, "cpu.steal_pct", "%", percent(ticks.steal - previous->steal, total));
    add(out, "cpu.idle_pct", "%", percent(ticks.idle - previous->idle, total));
}

void SystemCollector::collect_memory(std::vector<Sample>& out) {
    const auto text = read(sources_.proc / "meminfo");
    if (!text) return;
    const MemInfo info = parse_meminfo(*text);
    if (!info.total || !info.available || *info.available > *info.total) {
        ++counts_.read_errors;
        counts_.last_error = (sources_.proc / "meminfo").string() + ": no MemTotal/MemAvailable";
        return;
    }
    add(out, "mem.total_bytes", "B", static_cast<double>(*info.total));
    add(out, "mem.available_bytes", "B", static_cast<double>(*info.available));
    add(out, "mem.used_pct", "%", percent(*info.total - *info.available, *info.total));
    if (info.swap_total && info.swap_free && *info.swap_free <= *info.swap_total) {
        add(out, "swap.used_bytes", "B", static_cast<double>(*info.swap_total - *info.swap_free));
    }
}

void SystemCollector::collect_load_and_uptime(std::vector<Sample>& out) {
    if (const auto text = read(sources_.proc / "loadavg")) {
        if (const auto load = parse_loadavg(*text)) {
            add(out, "load.1", "", load->one);
            add(out, "load.5", "", load->five);
            add(out, "load.15", "", load->fifteen);
        } else {
            ++counts_.read_errors;
            counts_.last_error = (sources_.proc / "loadavg").string() + ": not three load averages";
        }
    }
    if (const auto text = read(sources_.proc / "uptime")) {
        if (const auto uptime = parse_uptime(*text)) {
            add(out, "uptime", "s", *uptime);
        } else {
            ++counts_.read_errors;
            counts_.last_error = (sources_.proc / "uptime").string() + ": no seconds";
        }
    }
}

void SystemCollector::collect_processes(std::vector<Sample>& out) {
    std::error_code error;
    std::filesystem::directory_iterator it(sources_.proc, error);
    if (error) {
        ++counts_.read_errors;
        counts_.last_error = sources_.proc.string() + ": cannot list: " + error.message();
        return;
    }
    std::uint64_t total = 0;
    for (const auto end = std::filesystem::directory_iterator(); it != end; it.increment(error)) {
        if (error) break;
        const std::string name = it->path().filename().string();
        if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) ++total;
    }
    add(out, "proc.total", "", static_cast<double>(total));
}

void SystemCollector::collect_users(std::vector<Sample>& out) {
    const int fd = ::open(sources_.utmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {  // no utmp (a container): nobody is logged in
            add(out, "users.logged_in", "", 0);
            return;
        }
        ++counts_.read_errors;
        counts_.last_error = sources_.utmp.string() + ": cannot open: " + std::strerror(errno);
        return;
    }
    std::uint64_t users = 0;
    struct utmp entry {};
    while (true) {
        const ssize_t got = ::read(fd, &entry, sizeof entry);
        if (got < 0 && errno == EINTR) continue;
        if (got != static_cast<ssize_t>(sizeof entry)) break;
        if (entry.ut_type == USER_PROCESS && entry.ut_user[0] != '\0') ++users;
    }
    ::close(fd);
    add(out, "users.logged_in", "", static_cast<double>(users));
}

void SystemCollector::collect_filesystems(std::vector<Sample>& out) {
    const auto types_text = read(sources_.proc / "filesystems");
    const auto mounts_text = read(sources_.proc / "mounts");
    if (!types_text || !mounts_text) return;
    auto pseudo = parse_nodev_types(*types_text);
    pseudo.erase("overlay");  // a container's file system: how much it takes is worth a sample
    std::size_t bad = 0;
    const auto mounts = parse_mounts(*mounts_text, bad);
    counts_.bad_lines += bad;
    std::vector<std::string> seen;
    for (const auto& mount : mounts) {
        if (pseudo.contains(mount.type)) continue;
        bool again = false;
        for (const auto& s : seen) again = again || s == mount.mount_point;
        if (again) continue;  // mounted over: statvfs sees the top one, sampled once
        if (seen.size() >= kMaxFilesystems) {
            ++counts_.dropped;
            continue;
        }
        seen.push_back(mount.mount_point);
        const auto space = sources_.space(mount.mount_point);
        if (!space || space->size_bytes == 0) continue;  // gone meanwhile, or an empty pseudo fs
        std::vector<Tag> tags{{"mount", mount.mount_point}};
        const std::uint64_t used = space->size_bytes - std::min(space->free_bytes, space->size_bytes);
        add(out, "fs.size_bytes", "B", static_cast<double>(space->size_bytes), tags);
        add(out, "fs.available_bytes", "B", static_cast<double>(space->available_bytes), tags);
        // as df(1): used / (used + available), so the blocks reserved for root count as not available
        add(out, "fs.used_pct", "%", percent(used, used + space->available_bytes), tags);
        if (space->inodes > 0) {
            const std::uint64_t free_inodes = std::min(space->free_inodes, space->inodes);
            add(out, "fs.inodes_used_pct", "%", percent(space->inodes - free_inodes, space->inodes), tags);
        }
    }
}

void SystemCollector::collect_block_devices(std::vector<Sample>& out) {
    const auto text = read(sources_.proc / "diskstats");
    if (!text) return;
    std::size_t bad = 0;
    const auto disks = parse_diskstats(*text, bad);
    counts_.bad_lines += bad;
    std::size_t reported = 0;
    for (const auto& disk : disks) {
        if (!is_reported_disk(sources_.sys, disk.name)) continue;
        if (reported++ >= kMaxBlockDevices) {
            ++counts_.dropped;
            continue;
        }
        const std::vector<Tag> tags{{"dev", disk.name}};
        add_rate(out, "disk.reads_per_s", "1/s", disk.reads, tags);
        add_rate(out, "disk.writes_per_s", "1/s", disk.writes, tags);
        add_rate(out, "disk.read_bytes_per_s", "B/s", disk.read_sectors * 512, tags);
        add_rate(out, "disk.write_bytes_per_s", "B/s", disk.write_sectors * 512, tags);
        // milliseconds busy per second of wall time, as a percentage (iostat's %util)
        if (const auto busy = rates_.rate(series_key("disk.busy_pct", tags), disk.io_ms)) {
            add(out, "disk.busy_pct", "%", std::min(100.0, *busy / 10.0), tags);
        }
    }
}

void SystemCollector::collect_interfaces(std::vector<Sample>& out) {
    const auto text = read(sources_.proc / "net" / "dev");
    if (!text) return;
    std::size_t bad = 0;
    const auto interfaces = parse_net_dev(*text, bad);
    counts_.bad_lines += bad;
    std::size_t reported = 0;
    for (const auto& n : interfaces) {
        if (n.name == "lo") continue;
        if (reported++ >= kMaxInterfaces) {
            ++counts_.dropped;
            continue;
        }
        const std::vector<Tag> tags{{"if", n.name}};
        add_rate(out, "net.rx_bytes_per_s", "B/s", n.rx_bytes, tags);
        add_rate(out, "net.tx_bytes_per_s", "B/s", n.tx_bytes, tags);
        add_rate(out, "net.rx_packets_per_s", "1/s", n.rx_packets, tags);
        add_rate(out, "net.tx_packets_per_s", "1/s", n.tx_packets, tags);
        add_rate(out, "net.rx_errors_per_s", "1/s", n.rx_errors, tags);
        add_rate(out, "net.tx_errors_per_s", "1/s", n.tx_errors, tags);
        add_rate(out, "net.rx_drops_per_s", "1/s", n.rx_drops, tags);
        add_rate(out, "net.tx_drops_per_s", "1/s", n.tx_drops, tags);
    }
}

void SystemCollector::collect_tcp(std::vector<Sample>& out) {
    TcpStateCounts counts{};
    bool any = false;
    std::optional<TcpStateCounts> from_netlink;
    if (sources_.tcp_from_netlink) from_netlink = tcp_states_from_netlink();
    if (from_netlink) {
        counts = *from_netlink;
        any = true;
    }
    for (const char* table : {"tcp", "tcp6"}) {
        if (from_netlink) break;
        const auto path = sources_.proc / "net" / table;
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;  // no IPv6 (or IPv4) in this kernel
        any = true;
        // Streamed: a busy server's table can be many megabytes, and each line counts once.
        std::string buffer(64 * 1024, '\0');
        std::size_t kept = 0;
        std::size_t bad = 0;
        while (true) {
            const ssize_t got = ::read(fd, buffer.data() + kept, buffer.size() - kept);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) break;
            const std::size_t size = kept + static_cast<std::size_t>(got);
            const std::size_t last_newline = std::string_view(buffer.data(), size).rfind('\n');
            if (last_newline == std::string_view::npos) {
                kept = size == buffer.size() ? 0 : size;  // a line longer than the buffer is dropped
                if (size == buffer.size()) ++bad;
                continue;
            }
            count_tcp_states(std::string_view(buffer.data(), last_newline + 1), counts, bad);
            kept = size - (last_newline + 1);
            std::memmove(buffer.data(), buffer.data() + last_newline + 1, kept);
        }
        if (kept > 0) count_tcp_states(std::string_view(buffer.data(), kept), counts, bad);
        ::close(fd);
        counts_.bad_lines += bad;
    }
    if (!any) return;
    for (std::size_t s = 0; s < counts.size(); ++s) {
        add(out, "tcp.connections", "", static_cast<double>(counts[s]), {{"state", std::string(kTcpStateNames[s])}});
    }
}

}  // namespace niamd::metrics
