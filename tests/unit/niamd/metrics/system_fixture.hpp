// A small host's /proc, /sys and utmp in a temporary folder, with counters a test can move,
// for the system collector and the client's system metrics source.
#pragma once

#include <unistd.h>
#include <utmp.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "metrics/system_collector.hpp"
#include "support/temp_dir.hpp"

namespace metrics_fixture {

using niamd::metrics::FilesystemSpace;
using niamd::metrics::Sample;
using niamd::metrics::SystemSources;

// A /proc, /sys and utmp of a small host; counters given so a test can move them.
struct Counters {
    std::uint64_t user = 1000, system = 500, idle = 8000, iowait = 100, steal = 0;
    std::uint64_t ctxt = 50000, forks = 3000;
    std::uint64_t sda_reads = 100, sda_sectors_read = 2000, sda_writes = 50, sda_sectors_written = 1000, sda_io_ms = 0;
    std::uint64_t eth0_rx = 1000000, eth0_tx = 500000;
};

inline std::string proc_stat(const Counters& c) {
    return "cpu  " + std::to_string(c.user) + " 0 " + std::to_string(c.system) + " " + std::to_string(c.idle) + " " +
           std::to_string(c.iowait) + " 0 0 " + std::to_string(c.steal) + " 0 0\n" +
           "cpu0 500 0 250 4000 50 0 0 0 0 0\ncpu1 500 0 250 4000 50 0 0 0 0 0\n"
           "intr 12345 0 0\nctxt " +
           std::to_string(c.ctxt) + "\nbtime 1700000000\nprocesses " + std::to_string(c.forks) +
           "\nprocs_running 3\nprocs_blocked 0\n";
}

inline std::string diskstats(const Counters& c) {
    return "   8       0 sda " + std::to_string(c.sda_reads) + " 0 " + std::to_string(c.sda_sectors_read) + " 10 " +
           std::to_string(c.sda_writes) + " 0 " + std::to_string(c.sda_sectors_written) + " 20 0 " +
           std::to_string(c.sda_io_ms) +
           " 30 0 0 0 0\n"
           "   8       1 sda1 90 0 1800 9 40 0 900 18 0 25 27 0 0 0 0\n"
           "   7       0 loop0 5 0 10 0 0 0 0 0 0 1 1 0 0 0 0\n";
}

inline std::string net_dev(const Counters& c) {
    return "Inter-|   Receive                                                |  Transmit\n"
           " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls "
           "carrier compressed\n"
           "    lo:  123456     100    0    0    0     0          0         0   123456     100    0    0    0     0 "
           "      0          0\n"
           "  eth0: " +
           std::to_string(c.eth0_rx) + "    2000    1    2    0     0          0         0 " +
           std::to_string(c.eth0_tx) + "    1500    3    4    0     0       0          0\n";
}

inline void write_utmp(const test_support::TempDir& dir, int users) {
    std::string bytes;
    for (int i = 0; i < users + 1; ++i) {
        struct utmp entry {};
        entry.ut_type = i < users ? USER_PROCESS : DEAD_PROCESS;
        std::strncpy(entry.ut_user, "alice", sizeof entry.ut_user - 1);
        bytes.append(reinterpret_cast<const char*>(&entry), sizeof entry);
    }
    dir.write("run/utmp", bytes);
}

struct Host {
    test_support::TempDir dir{"niam-metrics"};
    Counters counters;
    std::vector<std::string> asked;  // mount points the space function was asked about

    Host() {
        dir.write("proc/meminfo",
                  "MemTotal:        2048000 kB\nMemFree:          100000 kB\n"
                  "MemAvailable:     512000 kB\nSwapTotal:       1000000 kB\nSwapFree:         750000 kB\n");
        dir.write("proc/loadavg", "0.20 0.18 0.12 1/80 11206\n");
        dir.write("proc/uptime", "350735.47 234388.90\n");
        dir.write("proc/filesystems", "nodev\tsysfs\nnodev\tproc\nnodev\ttmpfs\nnodev\toverlay\n\text4\n\txfs\n");
        dir.write("proc/mounts",
                  "sysfs /sys sysfs rw 0 0\nproc /proc proc rw 0 0\n/dev/sda1 / ext4 rw 0 0\n"
                  "tmpfs /run tmpfs rw 0 0\n/dev/sdb1 /srv/my\\040data xfs rw 0 0\n"
                  "overlay /var/lib/docker/overlay2/abc/merged overlay rw 0 0\n");
        dir.write("proc/net/tcp",
                  "  sl  local_address rem_address   st tx_queue rx_queue\n"
                  "   0: 00000000:0016 00000000:0000 0A 00000000:00000000\n"
                  "   1: 0100007F:0CEA 0100007F:D2A4 01 00000000:00000000\n"
                  "   2: 0100007F:0CEA 0100007F:D2A6 01 00000000:00000000\n"
                  "   3: 0100007F:0CEA 0100007F:D2A8 06 00000000:00000000\n");
        dir.write("proc/net/tcp6",
                  "  sl  local_address remote_address st\n"
                  "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A\n");
        for (const char* pid : {"1", "42", "1234"}) dir.write(std::string("proc/") + pid + "/stat", "x");
        dir.write("proc/self/stat", "x");  // not a process number
        dir.write("sys/block/sda/stat", "");
        dir.write("sys/block/loop0/stat", "");
        write_utmp(dir, 2);
        write_moving_files();
    }
    void write_moving_files() {
        dir.write("proc/stat", proc_stat(counters));
        dir.write("proc/diskstats", diskstats(counters));
        dir.write("proc/net/dev", net_dev(counters));
    }
    SystemSources sources() {
        SystemSources s;
        s.proc = dir.path() / "proc";
        s.sys = dir.path() / "sys";
        s.utmp = dir.path() / "run/utmp";
        s.tcp_from_netlink = false;  // the fixture's /proc/net/tcp
        s.space = [this](const std::string& mount) -> std::optional<FilesystemSpace> {
            asked.push_back(mount);
            FilesystemSpace space;
            space.size_bytes = 1000;
            space.free_bytes = 300;
            space.available_bytes = 200;  // 100 reserved for root
            space.inodes = 100;
            space.free_inodes = 75;
            return space;
        };
        return s;
    }
};

// The value of the sample `name` with tag `tag_key=tag_value` (or no tag), if there is one.
inline std::optional<double> value_of(const std::vector<Sample>& samples, const std::string& name,
                                      const std::string& tag_key = "", const std::string& tag_value = "") {
    for (const auto& s : samples) {
        if (s.name != name) continue;
        if (tag_key.empty() && s.tags.empty()) return s.value;
        for (const auto& tag : s.tags) {
            if (tag.key == tag_key && tag.value == tag_value) return s.value;
        }
    }
    return std::nullopt;
}

}  // namespace metrics_fixture
