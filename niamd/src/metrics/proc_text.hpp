// Readers of the kernel's text tables under /proc, as the system collector uses them. Each
// takes the file's text and returns what it found; a line it cannot read is skipped (and
// counted in `bad_lines` where the table has many lines). See proc(5).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::metrics {

// /proc/stat: the first "cpu" line (in USER_HZ ticks), the cpuN count, ctxt, processes
// (forks since boot) and procs_running.
struct ProcStat {
    std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    bool has_cpu = false;
    std::uint32_t cpu_count = 0;
    std::optional<std::uint64_t> context_switches;
    std::optional<std::uint64_t> forks;
    std::optional<std::uint64_t> running;
};
ProcStat parse_proc_stat(std::string_view text);

// /proc/meminfo, in bytes.
struct MemInfo {
    std::optional<std::uint64_t> total, available, swap_total, swap_free;
};
MemInfo parse_meminfo(std::string_view text);

// /proc/loadavg: "0.20 0.18 0.12 1/80 11206".
struct LoadAverage {
    double one = 0, five = 0, fifteen = 0;
};
std::optional<LoadAverage> parse_loadavg(std::string_view text);

// /proc/uptime: seconds since boot.
std::optional<double> parse_uptime(std::string_view text);

// /proc/filesystems: the types marked "nodev" (pseudo file systems, overlay among them).
std::set<std::string, std::less<>> parse_nodev_types(std::string_view text);

// /proc/mounts (fstab(5) format, octal escapes like \040 undone).
struct Mount {
    std::string device, mount_point, type;
};
std::vector<Mount> parse_mounts(std::string_view text, std::size_t& bad_lines);

// /proc/diskstats: per device, completed reads and writes, sectors (512 bytes) read and
// written, milliseconds spent doing I/O.
struct DiskCounters {
    std::string name;
    std::uint64_t reads = 0, read_sectors = 0, writes = 0, write_sectors = 0, io_ms = 0;
};
std::vector<DiskCounters> parse_diskstats(std::string_view text, std::size_t& bad_lines);

// /proc/net/dev: per interface, the receive and transmit counters.
struct InterfaceCounters {
    std::string name;
    std::uint64_t rx_bytes = 0, rx_packets = 0, rx_errors = 0, rx_drops = 0;
    std::uint64_t tx_bytes = 0, tx_packets = 0, tx_errors = 0, tx_drops = 0;
};
std::vector<InterfaceCounters> parse_net_dev(std::string_view text, std::size_t& bad_lines);

// /proc/net/tcp and tcp6: connections by state ("st", hex 01-0B as in the kernel's tcp_states.h).
inline constexpr std::array<std::string_view, 11> kTcpStateNames = {
    "ESTABLISHED", "SYN_SENT",   "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
    "CLOSE",       "CLOSE_WAIT", "LAST_ACK", "LISTEN",    "CLOSING"};
using TcpStateCounts = std::array<std::uint64_t, kTcpStateNames.size()>;
// Adds the connections of one table's text (a whole number of lines) to `counts`.
void count_tcp_states(std::string_view text, TcpStateCounts& counts, std::size_t& bad_lines);

}  // namespace niamd::metrics
