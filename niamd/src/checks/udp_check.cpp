#include "checks/udp_check.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <vector>

#include "checks/answer_text.hpp"
#include "checks/host_address.hpp"
#include "checks/protocol_dialogue.hpp"
#include "process/unique_fd.hpp"

namespace niamd::checks {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(left);
}

}  // namespace

CheckOutcome UdpCheck::run(std::chrono::milliseconds timeout) {
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    if (options_.port <= 0 || options_.port > 65535) return check_unknown(0, "UDP port must be 1 to 65535");
    const ResolvedHost resolved = resolve_host(options_.target, options_.port, SOCK_DGRAM);
    if (resolved.addresses.empty()) return check_unknown(milliseconds_since(start), "UDP " + resolved.error);
    const HostAddress& address = resolved.addresses.front();
    process::UniqueFd fd(::socket(address.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd || ::connect(fd.get(), address.get(), address.length) != 0 ||
        ::send(fd.get(), options_.send.data(), options_.send.size(), 0) < 0) {
        const int error = errno;
        if (error == ECONNREFUSED) return check_failed(milliseconds_since(start), "UDP port unreachable (ICMP)");
        return check_unknown(milliseconds_since(start), "UDP send failed: " + system_error_text(error));
    }
    std::vector<char> answer(kMaxUdpAnswerBytes);
    for (;;) {
        pollfd waiting{fd.get(), POLLIN, 0};
        const int ready = ::poll(&waiting, 1, remaining_ms(deadline));
        if (ready < 0 && errno == EINTR) continue;
        const int ms = milliseconds_since(start);
        if (ready == 0) {
            if (!options_.expect.empty()) return check_failed(ms, "UDP no answer: " + timed_out_text(timeout));
            return check_passed(ms, "UDP no ICMP error within " + std::to_string(timeout.count()) + " ms");
        }
        const long got = ::recv(fd.get(), answer.data(), answer.size(), 0);
        if (got < 0 && errno == ECONNREFUSED) return check_failed(ms, "UDP port unreachable (ICMP)");
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (got < 0) return check_failed(ms, "UDP receive failed: " + system_error_text(errno));
        const std::string_view seen(answer.data(), static_cast<std::size_t>(got));
        if (options_.expect.empty() || seen.find(options_.expect) != std::string_view::npos) {
            return check_passed(ms, "UDP answer " + escaped_answer(seen));
        }
        return check_warning(ms, "UDP unexpected answer: " + escaped_answer(seen));
    }
}

}  // namespace niamd::checks
