#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utmp.h>

#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "metrics/system_collector.hpp"
#include "support/temp_dir.hpp"
#include "niamd/metrics/system_fixture.hpp"

using niamd::metrics::FilesystemSpace;
using niamd::metrics::Sample;
using niamd::metrics::SystemCollector;
using niamd::metrics::SystemSources;

using metrics_fixture::Counters;
using metrics_fixture::Host;
using metrics_fixture::value_of;

TEST_CASE("system metrics: the first collection has the gauges and no rates") {
    Host host;
    SystemCollector collector(host.sources());
    const auto samples = collector.collect(100.0);
    CHECK(value_of(samples, "cpu.count") == 2);
    CHECK(value_of(samples, "mem.total_bytes") == 2048000.0 * 1024);
    CHECK(value_of(samples, "mem.available_bytes") == 512000.0 * 1024);
    CHECK(value_of(samples, "mem.used_pct") == Approx(75));
    CHECK(value_of(samples, "swap.used_bytes") == 250000.0 * 1024);
    CHECK(value_of(samples, "load.1") == Approx(0.20));
    CHECK(value_of(samples, "load.5") == Approx(0.18));
    CHECK(value_of(samples, "load.15") == Approx(0.12));
    CHECK(value_of(samples, "uptime") == Approx(350735.47));
    CHECK(value_of(samples, "proc.running") == 3);
    CHECK(value_of(samples, "proc.total") == 3);
    CHECK(value_of(samples, "users.logged_in") == 2);
    CHECK(value_of(samples, "tcp.connections", "state", "ESTABLISHED") == 2);
    CHECK(value_of(samples, "tcp.connections", "state", "LISTEN") == 2);
    CHECK(value_of(samples, "tcp.connections", "state", "TIME_WAIT") == 1);
    CHECK(value_of(samples, "tcp.connections", "state", "CLOSING") == 0);
    CHECK_FALSE(value_of(samples, "cpu.user_pct"));
    CHECK_FALSE(value_of(samples, "proc.context_switches_per_s"));
    CHECK_FALSE(value_of(samples, "net.rx_bytes_per_s", "if", "eth0"));
    CHECK(collector.counts().read_errors == 0);
    CHECK(collector.counts().bad_lines == 0);
    for (const auto& s : samples) {
        if (s.name.ends_with("_pct")) CHECK(s.unit == "%");
        if (s.name.ends_with("_bytes")) CHECK(s.unit == "B");
    }
}

TEST_CASE("system metrics: real file systems and overlay mounts, pseudo file systems skipped") {
    Host host;
    SystemCollector collector(host.sources());
    const auto samples = collector.collect(100.0);
    CHECK(host.asked == std::vector<std::string>{"/", "/srv/my data", "/var/lib/docker/overlay2/abc/merged"});
    CHECK(value_of(samples, "fs.size_bytes", "mount", "/") == 1000);
    CHECK(value_of(samples, "fs.available_bytes", "mount", "/srv/my data") == 200);
    CHECK(value_of(samples, "fs.used_pct", "mount", "/") == Approx(100.0 * 700 / 900));  // as df: used/(used+avail)
    CHECK(value_of(samples, "fs.inodes_used_pct", "mount", "/") == Approx(25));
    CHECK_FALSE(value_of(samples, "fs.size_bytes", "mount", "/run"));
    CHECK_FALSE(value_of(samples, "fs.size_bytes", "mount", "/proc"));
}

TEST_CASE("system metrics: counters become rates over the injected clock's interval") {
    Host host;
    SystemCollector collector(host.sources());
    (void)collector.collect(100.0);
    host.counters.user += 300;
    host.counters.system += 100;
    host.counters.idle += 500;
    host.counters.iowait += 50;
    host.counters.steal += 50;  // 1000 ticks in all
    host.counters.ctxt += 10000;
    host.counters.forks += 20;
    host.counters.sda_reads += 40;
    host.counters.sda_sectors_read += 800;
    host.counters.sda_writes += 10;
    host.counters.sda_sectors_written += 400;
    host.counters.sda_io_ms += 2500;
    host.counters.eth0_rx += 100000;
    host.counters.eth0_tx += 5000;
    host.write_moving_files();
    const auto samples = collector.collect(110.0);  // 10 s later

    CHECK(value_of(samples, "cpu.user_pct") == Approx(30));
    CHECK(value_of(samples, "cpu.system_pct") == Approx(10));
    CHECK(value_of(samples, "cpu.idle_pct") == Approx(50));
    CHECK(value_of(samples, "cpu.iowait_pct") == Approx(5));
    CHECK(value_of(samples, "cpu.steal_pct") == Approx(5));
    CHECK(value_of(samples, "proc.context_switches_per_s") == Approx(1000));
    CHECK(value_of(samples, "proc.forks_per_s") == Approx(2));
    CHECK(value_of(samples, "disk.reads_per_s", "dev", "sda") == Approx(4));
    CHECK(value_of(samples, "disk.writes_per_s", "dev", "sda") == Approx(1));
    CHECK(value_of(samples, "disk.read_bytes_per_s", "dev", "sda") == Approx(800.0 * 512 / 10));
    CHECK(value_of(samples, "disk.write_bytes_per_s", "dev", "sda") == Approx(400.0 * 512 / 10));
    CHECK(value_of(samples, "disk.busy_pct", "dev", "sda") == Approx(25));
    CHECK(value_of(samples, "net.rx_bytes_per_s", "if", "eth0") == Approx(10000));
    CHECK(value_of(samples, "net.tx_bytes_per_s", "if", "eth0") == Approx(500));
    CHECK(value_of(samples, "net.rx_errors_per_s", "if", "eth0") == Approx(0));
    // partitions, loop devices and the loopback interface give none
    CHECK_FALSE(value_of(samples, "disk.reads_per_s", "dev", "sda1"));
    CHECK_FALSE(value_of(samples, "disk.reads_per_s", "dev", "loop0"));
    CHECK_FALSE(value_of(samples, "net.rx_bytes_per_s", "if", "lo"));
}

TEST_CASE("system metrics: a counter that goes backwards gives no sample, the others still do") {
    Host host;
    SystemCollector collector(host.sources());
    (void)collector.collect(100.0);
    host.counters.eth0_rx = 10;  // the interface was recreated
    host.counters.ctxt -= 1;     // cannot happen but must not give a negative rate
    host.counters.user -= 1;     // nor a negative cpu percentage
    host.counters.eth0_tx += 1000;
    host.write_moving_files();
    const auto second = collector.collect(110.0);
    CHECK_FALSE(value_of(second, "net.rx_bytes_per_s", "if", "eth0"));
    CHECK_FALSE(value_of(second, "proc.context_switches_per_s"));
    CHECK_FALSE(value_of(second, "cpu.user_pct"));
    CHECK(value_of(second, "net.tx_bytes_per_s", "if", "eth0") == Approx(100));
    for (const auto& s : second) CHECK(s.value >= 0);

    host.counters.eth0_rx += 500;  // from the new base, rates come back
    host.counters.ctxt += 101;
    host.write_moving_files();
    const auto third = collector.collect(120.0);
    CHECK(value_of(third, "net.rx_bytes_per_s", "if", "eth0") == Approx(50));
    CHECK(value_of(third, "proc.context_switches_per_s") == Approx(10.1));
}

TEST_CASE("system metrics: a clock that did not move gives no rates") {
    Host host;
    SystemCollector collector(host.sources());
    (void)collector.collect(100.0);
    host.counters.ctxt += 100;
    host.write_moving_files();
    CHECK_FALSE(value_of(collector.collect(100.0), "proc.context_switches_per_s"));
}

TEST_CASE("system metrics: a missing or unreadable file costs only its own samples, counted and named") {
    Host host;
    std::filesystem::remove(host.dir.path() / "proc/meminfo");
    host.dir.write("proc/loadavg", "garbage\n");
    SystemCollector collector(host.sources());
    const auto samples = collector.collect(100.0);
    CHECK_FALSE(value_of(samples, "mem.total_bytes"));
    CHECK_FALSE(value_of(samples, "load.1"));
    CHECK(value_of(samples, "uptime"));
    CHECK(value_of(samples, "cpu.count") == 2);
    CHECK(collector.counts().read_errors == 2);
    CHECK_THAT(collector.counts().last_error, Catch::Contains("loadavg"));
}

TEST_CASE("system metrics: no utmp means nobody logged in") {
    Host host;
    std::filesystem::remove(host.dir.path() / "run/utmp");
    SystemCollector collector(host.sources());
    CHECK(value_of(collector.collect(100.0), "users.logged_in") == 0);
    CHECK(collector.counts().read_errors == 0);
}

TEST_CASE("system metrics: interfaces past the bound are dropped and counted") {
    Host host;
    std::string text = "header\nheader\n";
    for (std::size_t i = 0; i < niamd::metrics::kMaxInterfaces + 6; ++i) {
        text += "veth" + std::to_string(i) + ": 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n";
    }
    text += "broken line\n";
    host.dir.write("proc/net/dev", text);
    SystemCollector collector(host.sources());
    (void)collector.collect(100.0);
    const auto samples = collector.collect(110.0);
    std::size_t interfaces = 0;
    for (const auto& s : samples) interfaces += s.name == "net.rx_bytes_per_s";
    CHECK(interfaces == niamd::metrics::kMaxInterfaces);
    CHECK(collector.counts().dropped == 2 * 6);
    CHECK(collector.counts().bad_lines == 2);
}

TEST_CASE("system metrics: the live host's /proc gives the documented groups") {
    SystemCollector collector;  // TCP states through netlink where it works
    (void)collector.collect(0.0);
    const auto samples = collector.collect(1.0);
    CHECK(value_of(samples, "mem.total_bytes").value_or(0) > 0);
    CHECK(value_of(samples, "cpu.count").value_or(0) >= 1);
    CHECK(value_of(samples, "uptime").value_or(0) > 0);
    CHECK(value_of(samples, "proc.total").value_or(0) >= 1);
    CHECK(value_of(samples, "tcp.connections", "state", "LISTEN").has_value());
}

TEST_CASE("system metrics: TCP states through netlink agree with /proc/net/tcp on this host") {
    SystemSources from_proc;
    from_proc.tcp_from_netlink = false;
    SystemCollector netlink;
    SystemCollector proc(from_proc);
    const auto a = netlink.collect(0.0);
    const auto b = proc.collect(0.0);
    // a loopback listener that both must see
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 1) == 0);
    const auto with_listener_netlink = value_of(netlink.collect(1.0), "tcp.connections", "state", "LISTEN");
    const auto with_listener_proc = value_of(proc.collect(1.0), "tcp.connections", "state", "LISTEN");
    ::close(fd);
    REQUIRE(with_listener_proc.has_value());
    REQUIRE(with_listener_netlink.has_value());
    CHECK(*with_listener_proc >= 1);
    CHECK(*with_listener_netlink >= 1);
    (void)a;
    (void)b;
}

TEST_CASE("system metrics: a table larger than the read bound is cut at a line end, not mid-line") {
    Host host;
    std::string text = "header\nheader\n";
    for (int i = 0; text.size() <= niamd::metrics::kMaxProcFileBytes + 1000; ++i) {
        text += "veth" + std::to_string(i) + ": 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n";
    }
    host.dir.write("proc/net/dev", text);
    SystemCollector collector(host.sources());
    (void)collector.collect(100.0);
    CHECK(collector.counts().bad_lines == 0);  // no half line was read
    CHECK(collector.counts().dropped > 0);
    CHECK(collector.counts().read_errors == 0);
}
