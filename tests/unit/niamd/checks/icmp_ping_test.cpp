// ICMP echo: the packet code on its own, then real echoes to the loopback addresses —
// through a raw socket (the tests run as root) and through an unprivileged datagram
// socket in a private network namespace whose ping_group_range allows it. Nothing is
// sent off this host.
#include <catch2/catch.hpp>

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <optional>

#include "checks/icmp_echo_packet.hpp"
#include "checks/icmp_ping.hpp"
#include "niamd/checks/check_fixtures.hpp"
#include "test_skip.hpp"

using namespace std::chrono_literals;
using niamd::checks::CheckOutcome;
using niamd::checks::EchoIdentity;
using niamd::checks::IcmpPing;
using niamd::checks::IcmpSocketChoice;

namespace {

EchoIdentity sample_identity() {
    EchoIdentity identity;
    identity.id = 0x1234;
    identity.token = {1, 2, 3, 4, 5, 6, 7, 8};
    return identity;
}

// The reply a peer would send to `request` (IPv4): type 0, checksum redone.
std::vector<std::uint8_t> reply_to(std::vector<std::uint8_t> request) {
    request[0] = 0;
    request[2] = request[3] = 0;
    const std::uint16_t sum = niamd::checks::internet_checksum(request);
    request[2] = static_cast<std::uint8_t>(sum >> 8);
    request[3] = static_cast<std::uint8_t>(sum & 0xff);
    return request;
}

bool has_ipv6_loopback() {
    const int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

bool write_sysctl(const char* path, const char* value) {
    std::ofstream file(path);
    file << value;
    file.flush();
    return static_cast<bool>(file);
}

// Runs `body` on a thread of its own in a fresh network namespace (only a loopback
// interface, brought up here; sysctls of its own), after writing `sysctls` there.
// nullopt when namespaces are not available (no CAP_SYS_ADMIN).
std::optional<CheckOutcome> in_private_network(const std::vector<std::pair<const char*, const char*>>& sysctls,
                                               const std::function<CheckOutcome()>& body) {
    std::optional<CheckOutcome> outcome;
    std::thread thread([&] {
        if (::unshare(CLONE_NEWNET) != 0) return;
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        ifreq request{};
        std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
        const bool up = ::ioctl(fd, SIOCGIFFLAGS, &request) == 0 && (request.ifr_flags |= IFF_UP) != 0 &&
                        ::ioctl(fd, SIOCSIFFLAGS, &request) == 0;
        ::close(fd);
        if (!up) return;
        for (const auto& [path, value] : sysctls) {
            if (!write_sysctl(path, value)) return;
        }
        outcome = body();
    });
    thread.join();
    return outcome;
}

}  // namespace

TEST_CASE("icmp packet: RFC 1071 checksum example", "[checks]") {
    const std::vector<std::uint8_t> bytes = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    CHECK(niamd::checks::internet_checksum(bytes) == 0x220d);
    const std::vector<std::uint8_t> odd = {0x00, 0x01, 0xf2};
    CHECK(niamd::checks::internet_checksum(odd) == static_cast<std::uint16_t>(~(0x0001 + 0xf200)));
}

TEST_CASE("icmp packet: an echo request carries type, id, sequence, token and a valid checksum", "[checks]") {
    const auto request = niamd::checks::build_echo_request(false, sample_identity(), 0xBEEF);
    REQUIRE(request.size() == niamd::checks::kIcmpHeaderBytes + niamd::checks::kEchoPayloadBytes);
    CHECK(request[0] == 8);
    CHECK(request[1] == 0);
    CHECK(request[4] == 0x12);
    CHECK(request[5] == 0x34);
    CHECK(request[6] == 0xBE);
    CHECK(request[7] == 0xEF);
    CHECK(request[8] == 1);
    CHECK(request[15] == 8);
    CHECK(niamd::checks::internet_checksum(request) == 0);  // a correct checksum sums to zero
    const auto v6 = niamd::checks::build_echo_request(true, sample_identity(), 1);
    CHECK(v6[0] == 128);
    CHECK(v6[2] == 0);  // the kernel computes ICMPv6 checksums
    CHECK(v6[3] == 0);
}

TEST_CASE("icmp packet: only a reply with our token (and id when asked) is ours", "[checks]") {
    using niamd::checks::echo_reply_sequence;
    const EchoIdentity identity = sample_identity();
    const auto reply = reply_to(niamd::checks::build_echo_request(false, identity, 7));
    CHECK(echo_reply_sequence(reply, false, false, true, identity) == std::optional<std::uint16_t>(7));

    auto request = niamd::checks::build_echo_request(false, identity, 7);
    CHECK_FALSE(echo_reply_sequence(request, false, false, true, identity));  // our own request, seen on a raw socket

    EchoIdentity other = identity;
    other.token[7] = 9;
    CHECK_FALSE(echo_reply_sequence(reply, false, false, true, other));
    other = identity;
    other.id = 0x4321;
    CHECK_FALSE(echo_reply_sequence(reply, false, false, true, other));
    CHECK(echo_reply_sequence(reply, false, false, false, other) == std::optional<std::uint16_t>(7));  // datagram

    const std::vector<std::uint8_t> truncated(reply.begin(), reply.begin() + 12);
    CHECK_FALSE(echo_reply_sequence(truncated, false, false, true, identity));
    CHECK_FALSE(echo_reply_sequence({}, false, false, true, identity));
    CHECK_FALSE(echo_reply_sequence(reply, true, false, true, identity));  // type 0 is no ICMPv6 reply
}

TEST_CASE("icmp packet: a raw IPv4 packet's header is checked and skipped", "[checks]") {
    using niamd::checks::echo_reply_sequence;
    const EchoIdentity identity = sample_identity();
    const auto reply = reply_to(niamd::checks::build_echo_request(false, identity, 3));
    std::vector<std::uint8_t> packet(24, 0);
    packet[0] = 0x46;  // IPv4, 6 words of header (with options)
    packet[9] = 1;     // ICMP
    packet.insert(packet.end(), reply.begin(), reply.end());
    CHECK(echo_reply_sequence(packet, false, true, true, identity) == std::optional<std::uint16_t>(3));
    packet[9] = 17;  // UDP
    CHECK_FALSE(echo_reply_sequence(packet, false, true, true, identity));
    packet[9] = 1;
    packet[0] = 0x4f;  // header longer than the packet's ICMP part allows
    CHECK_FALSE(echo_reply_sequence(std::span(packet.data(), 40), false, true, true, identity));
    packet[0] = 0x44;  // header shorter than the minimum
    CHECK_FALSE(echo_reply_sequence(packet, false, true, true, identity));
    packet[0] = 0x66;  // not IPv4
    CHECK_FALSE(echo_reply_sequence(packet, false, true, true, identity));
}

TEST_CASE("icmp ping: 127.0.0.1 answers (automatic socket choice)", "[checks]") {
    const auto outcome = IcmpPing("127.0.0.1").run(3000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK(outcome.nagios_code == 0);
    CHECK_THAT(outcome.output, Catch::Matches("ICMP echo reply in [0-9]+ ms"));
    CHECK(outcome.latency_ms < 3000);
}

TEST_CASE("icmp ping: 127.0.0.1 answers through a raw socket", "[checks]") {
    if (::geteuid() != 0) {
        NIAM_SKIP("not root: a raw socket needs CAP_NET_RAW");
    }
    const auto outcome = IcmpPing("127.0.0.1", IcmpSocketChoice::RawOnly).run(3000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
}

TEST_CASE("icmp ping: ::1 answers an ICMPv6 echo", "[checks]") {
    if (!has_ipv6_loopback()) {
        NIAM_SKIP("no IPv6 loopback here");
    }
    const auto outcome = IcmpPing("::1").run(3000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
}

TEST_CASE("icmp ping: an unprivileged datagram socket works where ping_group_range allows it", "[checks]") {
    // In a private network namespace, so the host's sysctl stays as it is.
    const auto outcome = in_private_network({{"/proc/sys/net/ipv4/ping_group_range", "0 2147483647"}}, [] {
        return IcmpPing("127.0.0.1", IcmpSocketChoice::DatagramOnly).run(3000ms);
    });
    if (!outcome) {
        NIAM_SKIP("no network namespaces here (needs CAP_SYS_ADMIN)");
    }
    INFO(outcome->output);
    CHECK(outcome->ok);
    CHECK_THAT(outcome->output, Catch::StartsWith("ICMP echo reply in "));
}

TEST_CASE("icmp ping: a datagram socket refused by ping_group_range is UNKNOWN and says why", "[checks]") {
    const auto outcome = in_private_network({{"/proc/sys/net/ipv4/ping_group_range", "1 0"}}, [] {
        return IcmpPing("127.0.0.1", IcmpSocketChoice::DatagramOnly).run(1000ms);
    });
    if (!outcome) {
        NIAM_SKIP("no network namespaces here (needs CAP_SYS_ADMIN)");
    }
    CHECK_FALSE(outcome->ok);
    CHECK(outcome->nagios_code == 3);
    CHECK_THAT(outcome->output, Catch::StartsWith("cannot open an ICMP datagram socket: "));
}

TEST_CASE("icmp ping: no reply within the timeout is CRITICAL 'timed out'", "[checks]") {
    // A private namespace whose loopback ignores echo requests: nothing answers, nothing leaves.
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = in_private_network({{"/proc/sys/net/ipv4/icmp_echo_ignore_all", "1"}},
                                            [] { return IcmpPing("127.0.0.1").run(1500ms); });
    if (!outcome) {
        NIAM_SKIP("no network namespaces here (needs CAP_SYS_ADMIN)");
    }
    const double elapsed = check_test::seconds_since(start);
    CHECK_FALSE(outcome->ok);
    CHECK(outcome->nagios_code == 2);
    CHECK(outcome->output == "no ICMP echo reply, timed out after 1500 ms");
    CHECK(elapsed >= 1.4);
    CHECK(elapsed < 4.0);
}

TEST_CASE("icmp ping: an unreachable network fails at once", "[checks]") {
    // In a private namespace with only loopback, 10.0.0.1 has no route: sendto fails locally.
    const auto outcome = in_private_network({}, [] { return IcmpPing("10.0.0.1").run(2000ms); });
    if (!outcome) {
        NIAM_SKIP("no network namespaces here (needs CAP_SYS_ADMIN)");
    }
    CHECK_FALSE(outcome->ok);
    CHECK(outcome->nagios_code == 2);
    CHECK_THAT(outcome->output, Catch::Contains("Network is unreachable"));
    CHECK(outcome->latency_ms < 1000);
}
