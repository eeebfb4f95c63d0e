// SystemCollector: the host's system metrics from /proc, /sys, utmp and statvfs(3), with no
// program run. Names, units and tags are listed in docs/metrics.md. Counters (context
// switches, forks, disk and network traffic) become rates between two collections, so the
// first collection has none of them; a counter that went backwards gives no sample.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "metrics/counter_rates.hpp"
#include "metrics/sample.hpp"

namespace niamd::metrics {

inline constexpr std::size_t kMaxFilesystems = 64;  // more are counted as dropped
inline constexpr std::size_t kMaxBlockDevices = 64;
inline constexpr std::size_t kMaxInterfaces = 64;
inline constexpr std::size_t kMaxProcFileBytes = 1 << 20;  // a larger table is read up to this

struct FilesystemSpace {
    std::uint64_t size_bytes = 0, available_bytes = 0, free_bytes = 0;
    std::uint64_t inodes = 0, free_inodes = 0;
};

// Where the collector reads; tests point them at fixture trees.
struct SystemSources {
    std::filesystem::path proc = "/proc";
    std::filesystem::path sys = "/sys";
    std::filesystem::path utmp = "/run/utmp";
    // TCP states through sock_diag netlink (far cheaper), else /proc/net/tcp and tcp6.
    bool tcp_from_netlink = true;
    // Space of the file system mounted at a path; the default calls statvfs(3).
    std::function<std::optional<FilesystemSpace>(const std::string& mount_point)> space;
};

struct CollectorCounts {
    std::uint64_t collections = 0;
    std::uint64_t read_errors = 0;  // files that could not be read or understood
    std::uint64_t bad_lines = 0;    // lines of /proc tables that could not be read
    std::uint64_t dropped = 0;      // file systems, devices or interfaces past their bound
    std::string last_error;         // e.g. "/proc/meminfo: cannot open"
};

class SystemCollector {
  public:
    explicit SystemCollector(SystemSources sources = {});

    // One collection at `now` (monotonic seconds from the injected clock).
    std::vector<Sample> collect(double now);

    const CollectorCounts& counts() const noexcept { return counts_; }

  private:
    struct CpuTicks {
        std::uint64_t user = 0, system = 0, idle = 0, iowait = 0, steal = 0, total = 0;
    };

    std::optional<std::string> read(const std::filesystem::path& file);
    void add(std::vector<Sample>& out, std::string name, std::string unit, double value, std::vector<Tag> tags = {});
    void add_rate(std::vector<Sample>& out, const std::string& name, const std::string& unit, std::uint64_t counter,
                  std::vector<Tag> tags = {});

    void collect_cpu(std::vector<Sample>& out);
    void collect_memory(std::vector<Sample>& out);
    void collect_load_and_uptime(std::vector<Sample>& out);
    void collect_processes(std::vector<Sample>& out);
    void collect_users(std::vector<Sample>& out);
    void collect_filesystems(std::vector<Sample>& out);
    void collect_block_devices(std::vector<Sample>& out);
    void collect_interfaces(std::vector<Sample>& out);
    void collect_tcp(std::vector<Sample>& out);

    SystemSources sources_;
    CollectorCounts counts_;
    CounterRates rates_;
    std::optional<CpuTicks> previous_cpu_;
};

}  // namespace niamd::metrics
