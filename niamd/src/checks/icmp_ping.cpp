#include "checks/icmp_ping.hpp"

#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

#include "checks/host_address.hpp"
#include "checks/icmp_echo_packet.hpp"
#include "process/unique_fd.hpp"

namespace niamd::checks {
namespace {

using process::UniqueFd;

using Clock = std::chrono::steady_clock;
constexpr auto kResendInterval = std::chrono::seconds(1);

struct IcmpSocket {
    UniqueFd fd;
    bool raw = false;
    std::string error;  // why no socket could be opened
};

// Raw sockets see every ICMP message the host gets: let only echo replies through.
void accept_only_echo_replies(int fd, bool ipv6) {
    if (ipv6) {
        icmp6_filter filter;
        ICMP6_FILTER_SETBLOCKALL(&filter);
        ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter);
        ::setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter);
    } else {
        icmp_filter filter{};
        filter.data = ~(1U << ICMP_ECHOREPLY);
        ::setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof filter);
    }
}

IcmpSocket open_icmp_socket(bool ipv6, IcmpSocketChoice choice) {
    const int family = ipv6 ? AF_INET6 : AF_INET;
    const int protocol = ipv6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
    IcmpSocket opened;
    int datagram_error = 0;
    if (choice != IcmpSocketChoice::RawOnly) {
        opened.fd = UniqueFd(::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol));
        if (opened.fd) return opened;
        datagram_error = errno;
        if (choice == IcmpSocketChoice::DatagramOnly) {
            opened.error = "cannot open an ICMP datagram socket: " + system_error_text(datagram_error);
            return opened;
        }
    }
    opened.fd = UniqueFd(::socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol));
    if (opened.fd) {
        opened.raw = true;
        accept_only_echo_replies(opened.fd.get(), ipv6);
        return opened;
    }
    const int raw_error = errno;
    if (choice == IcmpSocketChoice::RawOnly) {
        opened.error = "cannot open a raw ICMP socket: " + system_error_text(raw_error);
    } else if (datagram_error == EACCES || datagram_error == EPERM) {
        opened.error =
            "ICMP not permitted: unprivileged ICMP sockets are off (net.ipv4.ping_group_range) "
            "and a raw socket needs root or CAP_NET_RAW";
    } else {
        opened.error = "cannot open an ICMP socket: " + system_error_text(datagram_error) +
                       "; raw: " + system_error_text(raw_error);
    }
    return opened;
}

// A token no other echo in flight (in this process or another) is likely to carry.
EchoIdentity new_identity() {
    static std::atomic<std::uint64_t> counter{0};
    EchoIdentity identity;
    if (::getrandom(identity.token.data(), identity.token.size(), GRND_NONBLOCK) !=
        static_cast<ssize_t>(identity.token.size())) {
        const std::uint64_t mix = static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()) ^
                                  (counter.fetch_add(1) * 0x9E3779B97F4A7C15ULL);
        std::memcpy(identity.token.data(), &mix, identity.token.size());
    }
    identity.id = static_cast<std::uint16_t>((identity.token[0] << 8) | identity.token[1]);
    return identity;
}

int milliseconds_until(Clock::time_point when) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(when - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000 * 1000));
}

}  // namespace

CheckOutcome IcmpPing::run(std::chrono::milliseconds timeout) {
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    const ResolvedHost resolved = resolve_host(target_, 0, SOCK_RAW);
    if (resolved.addresses.empty()) return check_failed(milliseconds_since(start), resolved.error);
    const HostAddress& address = resolved.addresses.front();
    const bool ipv6 = address.family() == AF_INET6;

    IcmpSocket socket = open_icmp_socket(ipv6, choice_);
    if (!socket.fd) return check_unknown(milliseconds_since(start), socket.error);
    const int fd = socket.fd.get();

    const EchoIdentity identity = new_identity();
    const auto first_sequence = static_cast<std::uint16_t>((identity.token[2] << 8) | identity.token[3]);
    std::vector<Clock::time_point> sent_at;  // one per request, in sequence order
    auto next_send = start;
    std::array<std::uint8_t, kMaxIcmpPacketBytes> buffer{};
    for (;;) {
        const auto now = Clock::now();
        if (now >= deadline) break;
        if (now >= next_send) {
            const auto sequence = static_cast<std::uint16_t>(first_sequence + sent_at.size());
            const auto request = build_echo_request(ipv6, identity, sequence);
            if (::sendto(fd, request.data(), request.size(), 0, address.get(), address.length) < 0 && errno != EINTR &&
                errno != EAGAIN && errno != ENOBUFS) {
                return check_failed(milliseconds_since(start),
                                    "ICMP echo to " + address.text() + " failed: " + system_error_text(errno));
            }
            sent_at.push_back(now);
            next_send += kResendInterval;
        }
        pollfd waiting{fd, POLLIN, 0};
        const int ready = ::poll(&waiting, 1, milliseconds_until(std::min(deadline, next_send)));
        if (ready < 0 && errno != EINTR) {
            return check_unknown(milliseconds_since(start),
                                 "waiting for the ICMP echo reply failed: " + system_error_text(errno));
        }
        if (ready <= 0) continue;
        for (;;) {
            const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
            if (got < 0) break;  // EAGAIN: all read; errors are answered by the next resend or the deadline
            const auto sequence = echo_reply_sequence(std::span(buffer.data(), static_cast<std::size_t>(got)), ipv6,
                                                      socket.raw && !ipv6, socket.raw, identity);
            const std::size_t index =
                sequence ? static_cast<std::uint16_t>(*sequence - first_sequence) : sent_at.size();
            if (index < sent_at.size()) {
                const int ms = milliseconds_since(sent_at[index]);
                CheckOutcome passed = check_passed(ms, "ICMP echo reply in " + std::to_string(ms) + " ms");
                passed.perfdata = "time=" + std::to_string(ms) + "ms;;;0";
                return passed;
            }
        }
    }
    return check_failed(milliseconds_since(start), "no ICMP echo reply, " + timed_out_text(timeout));
}

}  // namespace niamd::checks
