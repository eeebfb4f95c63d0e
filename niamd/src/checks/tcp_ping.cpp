#include "checks/tcp_ping.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include "checks/host_address.hpp"
#include "process/unique_fd.hpp"

namespace niamd::checks {
namespace {

using process::UniqueFd;

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(left);
}

// 0 when connected, ETIMEDOUT when the deadline passed, else the connect error.
int connect_before(const HostAddress& address, Clock::time_point deadline) {
    UniqueFd fd(::socket(address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return errno;
    if (::connect(fd.get(), address.get(), address.length) == 0) return 0;
    if (errno != EINPROGRESS) return errno;
    for (;;) {
        pollfd waiting{fd.get(), POLLOUT, 0};
        const int ready = ::poll(&waiting, 1, remaining_ms(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return errno;
        if (ready == 0) return ETIMEDOUT;
        int error = 0;
        socklen_t size = sizeof error;
        if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) return errno;
        return error;
    }
}

std::string connect_error_text(int error) {
    if (error == ECONNREFUSED) return "connect refused";
    return "connect failed: " + system_error_text(error);
}

}  // namespace

CheckOutcome TcpPing::run(std::chrono::milliseconds timeout) {
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    const ResolvedHost resolved = resolve_host(target_, port_, SOCK_STREAM);
    if (resolved.addresses.empty()) return check_failed(milliseconds_since(start), resolved.error);
    int last_error = ETIMEDOUT;
    for (const HostAddress& address : resolved.addresses) {
        if (Clock::now() >= deadline) {
            last_error = ETIMEDOUT;
            break;
        }
        last_error = connect_before(address, deadline);
        if (last_error == 0) {
            const int ms = milliseconds_since(start);
            CheckOutcome passed = check_passed(ms, "connected in " + std::to_string(ms) + " ms");
            passed.perfdata = "time=" + std::to_string(ms) + "ms;;;0";
            return passed;
        }
    }
    const int ms = milliseconds_since(start);
    if (last_error == ETIMEDOUT) return check_failed(ms, timed_out_text(timeout));
    return check_failed(ms, connect_error_text(last_error));
}

}  // namespace niamd::checks
