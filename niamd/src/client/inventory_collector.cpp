#include "client/inventory_collector.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/utsname.h>

#include <charconv>

#include "checks/plugin_process.hpp"
#include "files/atomic_file.hpp"
#include "log/log.hpp"

namespace niamd::client {
namespace {

namespace inv = niamd::inventory;

constexpr std::size_t kMaxProcFileBytes = 4 * 1024 * 1024;  // /proc/cpuinfo of a large host
constexpr std::size_t kMaxPackageListBytes = 16 * 1024 * 1024;
constexpr std::chrono::seconds kPackageListTimeout{60};

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// Calls line(text) for every line of text (without its '\n').
template <class Line>
void each_line(std::string_view text, Line&& line) {
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        line(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

// A fact within kMaxFactBytes, else nothing (counted by the caller).
bool set_fact(std::string& field, std::string_view value) {
    if (value.size() > inv::kMaxFactBytes) return false;
    field = std::string(value);
    return true;
}

// os-release values are shell words: "quoted", 'quoted' or bare, with \" \\ \$ \` escapes.
std::string unquote(std::string_view value) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
        const char quote = value.front();
        value = value.substr(1, value.size() - 2);
        if (quote == '\'') return std::string(value);
        std::string out;
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (value[i] == '\\' && i + 1 < value.size()) ++i;
            out.push_back(value[i]);
        }
        return out;
    }
    return std::string(value);
}

std::string uname_kernel() {
    struct utsname name {};
    if (::uname(&name) != 0) return {};
    return std::string(name.sysname) + " " + name.release + " " + name.machine;
}

std::vector<std::string> interface_addresses() {
    std::vector<std::string> out;
    struct ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return out;
    for (const struct ifaddrs* item = list; item != nullptr; item = item->ifa_next) {
        if (item->ifa_addr == nullptr || (item->ifa_flags & IFF_LOOPBACK) != 0) continue;
        char text[INET6_ADDRSTRLEN] = {};
        const int family = item->ifa_addr->sa_family;
        const void* where = nullptr;
        if (family == AF_INET) {
            where = &reinterpret_cast<const struct sockaddr_in*>(item->ifa_addr)->sin_addr;
        } else if (family == AF_INET6) {
            where = &reinterpret_cast<const struct sockaddr_in6*>(item->ifa_addr)->sin6_addr;
        } else {
            continue;
        }
        if (::inet_ntop(family, where, text, sizeof text) != nullptr) out.emplace_back(text);
    }
    ::freeifaddrs(list);
    return out;
}

}  // namespace

std::size_t read_os_release(std::string_view text, inv::Inventory& inventory) {
    std::size_t cut = 0;
    each_line(text, [&](std::string_view line) {
        const std::size_t equals = line.find('=');
        if (equals == std::string_view::npos) return;
        const std::string_view key = trim(line.substr(0, equals));
        const std::string value = unquote(trim(line.substr(equals + 1)));
        std::string* field = key == "PRETTY_NAME"  ? &inventory.os
                             : key == "ID"         ? &inventory.os_id
                             : key == "VERSION_ID" ? &inventory.os_version
                                                   : nullptr;
        if (field != nullptr && !set_fact(*field, value)) ++cut;
    });
    return cut;
}

std::size_t read_cpuinfo(std::string_view text, inv::Inventory& inventory) {
    std::size_t cut = 0;
    std::int64_t processors = 0;
    bool have_model = false;
    each_line(text, [&](std::string_view line) {
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return;
        const std::string_view key = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (key == "processor") {
            ++processors;
        } else if (key == "model name" && !have_model) {
            have_model = true;
            if (!set_fact(inventory.cpu_model, value)) ++cut;
        }
    });
    inventory.cpu_count = processors;
    return cut;
}

std::size_t read_meminfo(std::string_view text, inv::Inventory& inventory) {
    each_line(text, [&](std::string_view line) {
        if (!line.starts_with("MemTotal:")) return;
        std::string_view value = trim(line.substr(9));
        if (value.ends_with(" kB")) value.remove_suffix(3);
        std::int64_t kib = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), kib);
        if (ec == std::errc{} && end == value.data() + value.size() && kib > 0 && kib < (std::int64_t{1} << 53)) {
            inventory.memory_bytes = kib * 1024;
        }
    });
    return 0;
}

std::size_t read_package_list(std::string_view text, inv::Inventory& inventory) {
    std::size_t cut = 0;
    each_line(text, [&](std::string_view line) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) return;
        std::vector<std::string_view> fields;
        while (fields.size() < 3) {
            const std::size_t tab = line.find('\t');
            fields.push_back(line.substr(0, tab));
            if (tab == std::string_view::npos) break;
            line.remove_prefix(tab + 1);
        }
        if (fields.size() == 3) {
            // dpkg: "ii " is installed; "rc " (config files left) and the others are not.
            if (fields[0].size() < 2 || fields[0][1] != 'i') return;
            fields.erase(fields.begin());
        }
        if (fields.size() != 2) {
            ++cut;
            return;
        }
        const std::string_view name = trim(fields[0]);
        const std::string_view version = trim(fields[1]);
        if (name.empty() || name.size() > inv::kMaxNameBytes || version.size() > inv::kMaxVersionBytes ||
            name.find(' ') != std::string_view::npos || inventory.packages.size() >= inv::kMaxPackages) {
            ++cut;
            return;
        }
        inventory.packages.push_back({std::string(name), std::string(version)});
    });
    return cut;
}

PackageList system_package_list(const std::function<bool()>& stopping) {
    namespace fs = std::filesystem;
    checks::PluginProgram program;
    program.what = "command";
    program.max_stdout_bytes = kMaxPackageListBytes;
    std::error_code error;
    if (fs::exists("/usr/bin/dpkg-query", error)) {
        program.path = "/usr/bin/dpkg-query";
        program.name = "dpkg-query";
        program.args = {"-W", "-f", "${db:Status-Abbrev}\t${Package}\t${Version}\n"};
    } else if (fs::exists("/usr/bin/rpm", error)) {
        program.path = "/usr/bin/rpm";
        program.name = "rpm";
        program.args = {"-qa", "--qf", "%{NAME}\t%{VERSION}-%{RELEASE}\n"};
    } else {
        return {};
    }
    checks::PluginRun run = checks::run_plugin(program, kPackageListTimeout, stopping);
    PackageList list;
    if (run.ending != checks::PluginEnding::Exited) {
        list.error = run.problem;
    } else if (run.exit_code != 0) {
        list.error = program.name + " exited with " + std::to_string(run.exit_code);
    } else {
        // At the bound the last line may be cut: it is left out.
        if (run.stdout_text.size() >= kMaxPackageListBytes) {
            const std::size_t last = run.stdout_text.rfind('\n');
            run.stdout_text.resize(last == std::string::npos ? 0 : last + 1);
        }
        list.text = std::move(run.stdout_text);
    }
    return list;
}

InventoryCollector::InventoryCollector(InventorySources sources, std::function<bool()> stopping)
    : sources_(std::move(sources)), stopping_(std::move(stopping)) {
    if (!sources_.kernel) sources_.kernel = uname_kernel;
    if (!sources_.addresses) sources_.addresses = interface_addresses;
    if (!sources_.packages) {
        sources_.packages = [stopping = stopping_] { return system_package_list(stopping); };
    }
}

void InventoryCollector::failed(std::string what) {
    ++counts_.read_errors;
    counts_.last_error = std::move(what);
}

std::optional<inv::Inventory> InventoryCollector::collect() {
    inv::Inventory inventory;
    std::size_t cut = 0;
    if (!set_fact(inventory.kernel, sources_.kernel())) ++cut;
    const auto read = [&](const char* relative, std::size_t (*reader)(std::string_view, inv::Inventory&)) {
        const std::filesystem::path path = sources_.root / relative;
        const auto text = files::read_small_file(path, kMaxProcFileBytes);
        if (!text) return failed(path.string() + ": cannot be read");
        cut += reader(*text, inventory);
    };
    read("etc/os-release", read_os_release);
    read("proc/cpuinfo", read_cpuinfo);
    read("proc/meminfo", read_meminfo);
    for (auto& address : sources_.addresses()) {
        if (address.size() > inv::kMaxFactBytes || inventory.addresses.size() >= inv::kMaxAddresses) {
            ++cut;
        } else {
            inventory.addresses.push_back(std::move(address));
        }
    }
    const PackageList list = sources_.packages();
    if (!list.error.empty()) {
        failed("package list: " + list.error);
        return std::nullopt;
    }
    if (list.text) cut += read_package_list(*list.text, inventory);
    counts_.cut += cut;
    inv::normalise(inventory);
    return inventory;
}

}  // namespace niamd::client
