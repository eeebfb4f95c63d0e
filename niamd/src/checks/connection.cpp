#include "checks/connection.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "checks/host_address.hpp"

namespace niamd::checks {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Deadline deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(left);
}

// 0 when `events` is ready, ETIMEDOUT at the deadline, else errno.
int wait_for(int fd, short events, Deadline deadline) {
    for (;;) {
        pollfd waiting{fd, events, 0};
        const int ready = ::poll(&waiting, 1, remaining_ms(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return errno;
        if (ready == 0) return ETIMEDOUT;
        return 0;
    }
}

// A connected non-blocking socket, or an invalid fd with `error` set.
process::UniqueFd connect_before(const HostAddress& address, Deadline deadline, int& error) {
    process::UniqueFd fd(::socket(address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        error = errno;
        return {};
    }
    if (::connect(fd.get(), address.get(), address.length) != 0) {
        if (errno != EINPROGRESS) {
            error = errno;
            return {};
        }
        error = wait_for(fd.get(), POLLOUT, deadline);
        if (error != 0) return {};
        socklen_t size = sizeof error;
        if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) error = errno;
        if (error != 0) return {};
    }
    error = 0;
    return fd;
}

}  // namespace

std::string connection_error_name(ConnectionError error) {
    switch (error) {
        case ConnectionError::None: return "no error";
        case ConnectionError::Unresolved: return "name not resolved";
        case ConnectionError::Refused: return "connection refused";
        case ConnectionError::Timeout: return "timed out";
        case ConnectionError::Closed: return "connection closed by the server";
        case ConnectionError::Io: return "I/O error";
        case ConnectionError::Tls: return "TLS error";
    }
    return "error";
}

Connection::~Connection() = default;

Connection::Connection(process::UniqueFd fd, std::string target, std::string peer)
    : fd_(std::move(fd)), target_(std::move(target)), peer_(std::move(peer)) {}

std::unique_ptr<Connection> Connection::open(const std::string& host, int port, Deadline deadline,
                                             ConnectionError& error, std::string& error_text) {
    const ResolvedHost resolved = resolve_host(host, port, SOCK_STREAM);
    if (resolved.addresses.empty()) {
        error = ConnectionError::Unresolved;
        error_text = resolved.error;
        return nullptr;
    }
    int last = ETIMEDOUT;
    for (const HostAddress& address : resolved.addresses) {
        if (Clock::now() >= deadline) {
            last = ETIMEDOUT;
            break;
        }
        process::UniqueFd fd = connect_before(address, deadline, last);
        if (fd) return std::unique_ptr<Connection>(new Connection(std::move(fd), host, address.text()));
    }
    if (last == ETIMEDOUT) {
        error = ConnectionError::Timeout;
        error_text = "connect timed out";
    } else if (last == ECONNREFUSED) {
        error = ConnectionError::Refused;
        error_text = "connect refused";
    } else {
        error = ConnectionError::Io;
        error_text = "connect failed: " + system_error_text(last);
    }
    return nullptr;
}

void Connection::fail(ConnectionError error, std::string text) {
    error_ = error;
    error_text_ = std::move(text);
}

long Connection::receive(char* buffer, std::size_t size, Deadline deadline) {
    if (tls_) return tls_receive(buffer, size, deadline);
    for (;;) {
        const long got = ::recv(fd_.get(), buffer, size, 0);
        if (got > 0) return got;
        if (got == 0) {
            fail(ConnectionError::Closed, "connection closed by the server");
            return 0;
        }
        if (errno == EINTR) continue;
        if (errno == ECONNRESET) {
            // A server that closes with our request unread resets the connection: still a close.
            fail(ConnectionError::Closed, "connection reset by the server");
            return -1;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            fail(ConnectionError::Io, "read failed: " + system_error_text(errno));
            return -1;
        }
        if (!await(POLLIN, deadline, "timed out waiting for the server")) return -1;
    }
}

long Connection::send(const char* data, std::size_t size, Deadline deadline) {
    if (tls_) return tls_send(data, size, deadline);
    for (;;) {
        const long sent = ::send(fd_.get(), data, size, MSG_NOSIGNAL);
        if (sent >= 0) return sent;
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            fail(errno == EPIPE || errno == ECONNRESET ? ConnectionError::Closed : ConnectionError::Io,
                 "write failed: " + system_error_text(errno));
            return -1;
        }
        if (!await(POLLOUT, deadline, "timed out writing to the server")) return -1;
    }
}

bool Connection::await(short events, Deadline deadline, std::string_view timed_out) {
    const int waited = wait_for(fd_.get(), events, deadline);
    if (waited == 0) return true;
    if (waited == ETIMEDOUT) fail(ConnectionError::Timeout, std::string(timed_out));
    else fail(ConnectionError::Io, "poll failed: " + system_error_text(waited));
    return false;
}

bool Connection::write_all(std::string_view data, Deadline deadline) {
    while (!data.empty()) {
        const long sent = send(data.data(), data.size(), deadline);
        if (sent < 0) return false;
        data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

std::optional<std::string> Connection::read_line(Deadline deadline, std::size_t max_bytes) {
    for (;;) {
        const std::size_t newline = buffer_.find('\n');
        if (newline != std::string::npos && newline <= max_bytes) {
            std::string line = buffer_.substr(0, newline);
            buffer_.erase(0, newline + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        if (buffer_.size() >= max_bytes) {
            std::string line = buffer_.substr(0, max_bytes);
            buffer_.erase(0, max_bytes);
            return line;
        }
        char chunk[4096];
        const long got = receive(chunk, sizeof chunk, deadline);
        if (got <= 0) return std::nullopt;
        buffer_.append(chunk, static_cast<std::size_t>(got));
    }
}

std::optional<std::string> Connection::read_some(Deadline deadline, std::size_t max_bytes) {
    if (buffer_.empty()) {
        char chunk[16384];
        const long got = receive(chunk, std::min(sizeof chunk, max_bytes), deadline);
        if (got <= 0) return std::nullopt;
        buffer_.append(chunk, static_cast<std::size_t>(got));
    }
    std::string bytes = buffer_.substr(0, max_bytes);
    buffer_.erase(0, bytes.size());
    return bytes;
}

}  // namespace niamd::checks
