#include "web/request_gate.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <climits>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace niamd::web {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 4096;
constexpr std::size_t kAcceptsPerRound = 256;
constexpr int kListenBacklog = 1024;
constexpr int kPollSliceMs = 100;  // how often a blocked answer looks at stop()

struct Connection {
    int fd = -1;
    std::string remote_ip;
    int remote_port = 0;
    std::string local_ip;
    int local_port = 0;
    std::string buffer;             // bytes of requests not yet served
    Clock::time_point ready_since;  // opened, or its last answer written
    Clock::time_point first_byte;   // of the request being read, when buffer is not empty
    SSL* ssl = nullptr;             // with TLS only
    bool handshaken = true;         // false while a TLS handshake is under way
    bool tls_broken = false;        // a fatal TLS error: no close_notify may be sent
    bool wants_write = false;       // TLS needs the socket writable to go on

    ~Connection() {
        if (ssl != nullptr) {
            // close_notify, best effort on the non-blocking socket; none after a fatal error.
            if (handshaken && !tls_broken) {
                ERR_clear_error();
                SSL_shutdown(ssl);
            }
            SSL_free(ssl);
            ERR_clear_error();
        }
        if (fd >= 0) ::close(fd);
    }
};

// A TLS call's failure: true when retrying once the socket is ready (`events`) may succeed.
bool tls_retry(Connection& connection, int result, short& events) {
    const int error = SSL_get_error(connection.ssl, result);
    if (error == SSL_ERROR_WANT_READ) {
        events = POLLIN;
        return true;
    }
    if (error == SSL_ERROR_WANT_WRITE) {
        events = POLLOUT;
        return true;
    }
    if (error == SSL_ERROR_SYSCALL || error == SSL_ERROR_SSL) connection.tls_broken = true;
    ERR_clear_error();
    return false;
}

void address_of(const sockaddr_storage& address, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = "";
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else if (address.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
        ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        port = ntohs(v6.sin6_port);
    }
    ip = text;
}

// A short answer of the gate's own (a refused or late request), then the connection closes.
void send_refusal(Connection& connection, int status, std::string_view reason) {
    const char* phrase = status == 400   ? "Bad Request"
                         : status == 408 ? "Request Timeout"
                         : status == 411 ? "Length Required"
                         : status == 413 ? "Payload Too Large"
                         : status == 414 ? "URI Too Long"
                         : status == 431 ? "Request Header Fields Too Large"
                                         : "Service Unavailable";
    const std::string body = "{\"error\":\"" + std::string(reason) + "\"}";
    const std::string answer =
        "HTTP/1.1 " + std::to_string(status) + " " + phrase +
        "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n"
        "Cache-Control: no-store\r\n" +
        (connection.ssl != nullptr && connection.handshaken ? "Strict-Transport-Security: max-age=31536000\r\n\r\n"
                                                            : "\r\n") +
        body;
    // Non-blocking and small: it fits the socket buffer or is dropped with the connection.
    if (connection.ssl != nullptr && connection.handshaken) {
        ERR_clear_error();
        const int sent = SSL_write(connection.ssl, answer.data(), static_cast<int>(answer.size()));
        short events = 0;
        if (sent <= 0) tls_retry(connection, sent, events);
        return;
    }
    [[maybe_unused]] const ssize_t sent =
        ::send(connection.fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// One whole request, read from memory; the answer written to the socket within a deadline.
class BufferedRequestStream final : public httplib::Stream {
  public:
    BufferedRequestStream(Connection& connection, std::string request, Clock::time_point write_deadline,
                          const std::atomic<bool>& stopping)
        : connection_(connection), request_(std::move(request)), deadline_(write_deadline), stopping_(stopping) {}

    bool is_readable() const override { return read_ < request_.size(); }
    bool is_writable() const override { return !timed_out_; }

    ssize_t read(char* ptr, size_t size) override {
        const std::size_t n = std::min(size, request_.size() - read_);
        std::memcpy(ptr, request_.data() + read_, n);
        read_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (connection_.ssl != nullptr) return write_tls(ptr, size);
        while (!stopping_) {
            const ssize_t n = ::send(connection_.fd, ptr, size, MSG_NOSIGNAL);
            if (n >= 0) return n;
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
            if (left <= 0) break;
            pollfd out{connection_.fd, POLLOUT, 0};
            ::poll(&out, 1, static_cast<int>(std::min<long long>(left, kPollSliceMs)));
        }
        timed_out_ = !stopping_;
        return -1;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = connection_.remote_ip;
        port = connection_.remote_port;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = connection_.local_ip;
        port = connection_.local_port;
    }
    socket_t socket() const override { return connection_.fd; }

    bool timed_out() const { return timed_out_; }

  private:
    // As write(), through TLS: SSL_write retried with the same bytes until the deadline.
    ssize_t write_tls(const char* ptr, size_t size) {
        const int length = static_cast<int>(std::min<size_t>(size, INT_MAX));
        while (!stopping_) {
            ERR_clear_error();
            const int n = SSL_write(connection_.ssl, ptr, length);
            if (n > 0) return n;
            short events = 0;
            if (!tls_retry(connection_, n, events)) return -1;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
            if (left <= 0) break;
            pollfd ready{connection_.fd, events, 0};
            ::poll(&ready, 1, static_cast<int>(std::min<long long>(left, kPollSliceMs)));
        }
        timed_out_ = !stopping_;
        return -1;
    }

    Connection& connection_;
    std::string request_;
    std::size_t read_ = 0;
    Clock::time_point deadline_;
    const std::atomic<bool>& stopping_;
    bool timed_out_ = false;
};

struct Job {
    std::unique_ptr<Connection> connection;
    std::size_t request_bytes = 0;
    bool keeps_connection = false;
};

}  // namespace

struct RequestGate::Impl {
    Impl(Serve serve_, GateBounds bounds_, const TlsContext* tls_)
        : serve(std::move(serve_)), bounds(bounds_), tls(tls_) {}

    Serve serve;
    GateBounds bounds;
    const TlsContext* tls;
    int listen_fd = -1;
    int wake_read = -1;
    int wake_write = -1;
    std::atomic<bool> stopping{false};
    std::thread loop;
    std::vector<std::thread> workers;

    std::mutex mutex;  // guards jobs, returned
    std::condition_variable job_ready;
    std::deque<Job> jobs;
    std::vector<std::unique_ptr<Connection>> returned;  // answered, kept alive: back to the loop

    std::vector<std::unique_ptr<Connection>> waiting;  // the loop's own
    std::atomic<std::size_t> open{0};
    struct Counters {
        std::atomic<std::uint64_t> accepted{0}, requests{0}, closed_idle{0}, closed_slow{0}, refused{0}, evicted{0},
            write_timeouts{0}, tls_failed{0};
    } counters;

    void wake() const {
        const char byte = 1;
        [[maybe_unused]] const ssize_t n = ::write(wake_write, &byte, 1);
    }

    void close_connection(std::unique_ptr<Connection>& connection) {
        if (!connection) return;
        connection.reset();
        open.fetch_sub(1);
    }

    void run_loop();
    void accept_new(Clock::time_point now);
    bool evict_oldest();
    // Reads what arrived; false when the connection is done with (closed, refused, handed on).
    bool read_from(std::unique_ptr<Connection>& connection, Clock::time_point now);
    // read_from() through TLS, the handshake first.
    bool read_tls(std::unique_ptr<Connection>& connection, Clock::time_point now);
    // Hands the buffered request on when whole; false when the connection left `waiting`.
    bool dispatch_if_whole(std::unique_ptr<Connection>& connection);
    void run_worker();
};

RequestGate::RequestGate(Serve serve, GateBounds bounds, const TlsContext* tls)
    : impl_(std::make_unique<Impl>(std::move(serve), bounds, tls)) {}

RequestGate::~RequestGate() { stop(); }

awsrest::Result<int> RequestGate::start(const std::string& address, int port) {
    Impl& self = *impl_;
    if (self.listen_fd >= 0 || self.loop.joinable()) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "already started");
    }
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
        const auto half = std::max<std::size_t>(16, static_cast<std::size_t>(files.rlim_cur / 2));
        self.bounds.max_connections = std::min(self.bounds.max_connections, half);
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int error = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found); error != 0) {
        return awsrest::make_error(awsrest::ErrorKind::Network, ::gai_strerror(error));
    }
    const int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        const int error = errno;
        ::freeaddrinfo(found);
        return awsrest::make_error(awsrest::ErrorKind::Network, std::strerror(error));
    }
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // no SO_REUSEPORT: a taken port fails
    const bool bound = ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, kListenBacklog) == 0;
    const int error = errno;
    ::freeaddrinfo(found);
    if (!bound) {
        ::close(fd);
        return awsrest::make_error(awsrest::ErrorKind::Network, std::strerror(error));
    }
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length);
    std::string ip;
    int bound_port = 0;
    address_of(local, ip, bound_port);

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        const int pipe_error = errno;
        ::close(fd);
        return awsrest::make_error(awsrest::ErrorKind::Network, std::strerror(pipe_error));
    }
    self.listen_fd = fd;
    self.wake_read = pipe_fds[0];
    self.wake_write = pipe_fds[1];
    for (std::size_t i = 0; i < std::max<std::size_t>(1, self.bounds.workers); ++i) {
        self.workers.emplace_back([&self] { self.run_worker(); });
    }
    self.loop = std::thread([&self] { self.run_loop(); });
    return bound_port;
}

void RequestGate::stop() {
    Impl& self = *impl_;
    if (!self.loop.joinable()) return;
    self.stopping = true;
    self.wake();
    self.loop.join();
    self.job_ready.notify_all();
    for (auto& worker : self.workers) worker.join();
    self.workers.clear();
    for (auto& job : self.jobs) self.close_connection(job.connection);
    self.jobs.clear();
    for (auto& connection : self.returned) self.close_connection(connection);
    self.returned.clear();
    ::close(self.listen_fd);
    ::close(self.wake_read);
    ::close(self.wake_write);
    self.listen_fd = self.wake_read = self.wake_write = -1;
}

GateStats RequestGate::stats() const {
    const Impl& self = *impl_;
    GateStats stats;
    stats.accepted = self.counters.accepted;
    stats.requests = self.counters.requests;
    stats.closed_idle = self.counters.closed_idle;
    stats.closed_slow = self.counters.closed_slow;
    stats.refused = self.counters.refused;
    stats.evicted = self.counters.evicted;
    stats.write_timeouts = self.counters.write_timeouts;
    stats.tls_failed = self.counters.tls_failed;
    stats.open = self.open;
    return stats;
}

bool RequestGate::Impl::evict_oldest() {
    auto oldest = waiting.end();
    for (auto it = waiting.begin(); it != waiting.end(); ++it) {
        if (*it && (oldest == waiting.end() || (*it)->ready_since < (*oldest)->ready_since)) oldest = it;
    }
    if (oldest == waiting.end()) return false;
    close_connection(*oldest);
    waiting.erase(oldest);  // never called while `waiting` is walked
    counters.evicted.fetch_add(1);
    return true;
}

void RequestGate::Impl::accept_new(Clock::time_point now) {
    for (std::size_t i = 0; i < kAcceptsPerRound; ++i) {
        sockaddr_storage remote{};
        socklen_t length = sizeof remote;
        const int fd =
            ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&remote), &length, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            // Out of descriptors: make room; the next round accepts it.
            if (errno == EMFILE || errno == ENFILE) evict_oldest();
            return;
        }
        auto connection = std::make_unique<Connection>();
        connection->fd = fd;
        connection->ready_since = now;
        open.fetch_add(1);
        counters.accepted.fetch_add(1);
        if (open.load() > bounds.max_connections && !evict_oldest()) {
            close_connection(connection);  // every other connection is being answered
            counters.evicted.fetch_add(1);
            continue;
        }
        int yes = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        address_of(remote, connection->remote_ip, connection->remote_port);
        sockaddr_storage local{};
        length = sizeof local;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length);
        address_of(local, connection->local_ip, connection->local_port);
        if (tls != nullptr) {
            // The context current now: a reload since changes only later connections.
            ERR_clear_error();
            connection->ssl = SSL_new(tls->current().get());
            if (connection->ssl == nullptr || SSL_set_fd(connection->ssl, fd) != 1) {
                ERR_clear_error();
                close_connection(connection);
                counters.tls_failed.fetch_add(1);
                continue;
            }
            SSL_set_accept_state(connection->ssl);
            connection->handshaken = false;
        }
        waiting.push_back(std::move(connection));
    }
}

bool RequestGate::Impl::dispatch_if_whole(std::unique_ptr<Connection>& connection) {
    if (connection->buffer.empty()) return true;
    const ScannedRequest scanned = scan_request(connection->buffer, bounds.request);
    if (scanned.scan == RequestScan::Incomplete) return true;
    if (scanned.scan == RequestScan::Refused) {
        send_refusal(*connection, scanned.status, scanned.reason);
        counters.refused.fetch_add(1);
        close_connection(connection);
        return false;
    }
    {
        std::lock_guard lock(mutex);
        jobs.push_back({std::move(connection), scanned.request_bytes, scanned.keeps_connection});
    }
    job_ready.notify_one();
    return false;
}

bool RequestGate::Impl::read_from(std::unique_ptr<Connection>& connection, Clock::time_point now) {
    if (connection->ssl != nullptr) return read_tls(connection, now);
    // Never more than one request's bounds plus one byte: past them the scan refuses.
    const std::size_t most = bounds.request.max_head_bytes + bounds.request.max_body_bytes + 1;
    while (connection->buffer.size() < most) {
        char chunk[kReadChunk];
        const ssize_t n = ::recv(connection->fd, chunk, std::min(sizeof chunk, most - connection->buffer.size()), 0);
        if (n > 0) {
            if (connection->buffer.empty()) connection->first_byte = now;
            connection->buffer.append(chunk, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        close_connection(connection);  // closed by the peer, or reset
        return false;
    }
    return dispatch_if_whole(connection);
}

bool RequestGate::Impl::read_tls(std::unique_ptr<Connection>& connection, Clock::time_point now) {
    Connection& tls_connection = *connection;
    short events = 0;
    tls_connection.wants_write = false;
    if (!tls_connection.handshaken) {
        ERR_clear_error();
        const int done = SSL_do_handshake(tls_connection.ssl);
        if (done != 1) {
            const unsigned long reason = ERR_peek_error();
            if (tls_retry(tls_connection, done, events)) {
                tls_connection.wants_write = events == POLLOUT;
                return true;
            }
            if (ERR_GET_LIB(reason) == ERR_LIB_SSL && ERR_GET_REASON(reason) == SSL_R_HTTP_REQUEST) {
                // Plain HTTP to the TLS port: a word in clear rather than a silent close.
                send_refusal(tls_connection, 400, "this port speaks HTTPS: use https://");
            }
            counters.tls_failed.fetch_add(1);
            close_connection(connection);
            return false;
        }
        tls_connection.handshaken = true;
        tls_connection.ready_since = now;  // the idle time starts once TLS is up
    }
    const std::size_t most = bounds.request.max_head_bytes + bounds.request.max_body_bytes + 1;
    while (connection->buffer.size() < most) {
        char chunk[kReadChunk];
        ERR_clear_error();
        const int n = SSL_read(tls_connection.ssl, chunk,
                               static_cast<int>(std::min(sizeof chunk, most - connection->buffer.size())));
        if (n > 0) {
            if (connection->buffer.empty()) connection->first_byte = now;
            connection->buffer.append(chunk, static_cast<std::size_t>(n));
            continue;
        }
        if (tls_retry(tls_connection, n, events)) {
            tls_connection.wants_write = events == POLLOUT;
            break;
        }
        close_connection(connection);  // closed by the peer (close_notify or not), or broken
        return false;
    }
    return dispatch_if_whole(connection);
}

void RequestGate::Impl::run_loop() {
    std::vector<pollfd> polled;
    while (!stopping) {
        Clock::time_point now = Clock::now();
        std::vector<std::unique_ptr<Connection>> answered;
        {
            std::lock_guard lock(mutex);
            answered.swap(returned);
        }
        for (auto& connection : answered) {
            connection->ready_since = now;
            connection->first_byte = now;
            // Pipelined bytes left from the last request may hold a whole one; with TLS, more
            // may wait decrypted inside OpenSSL, where poll() cannot see them.
            if (!dispatch_if_whole(connection)) continue;
            if (connection->ssl != nullptr && SSL_pending(connection->ssl) > 0 && !read_from(connection, now)) continue;
            waiting.push_back(std::move(connection));
        }

        Clock::time_point next = now + std::chrono::seconds(1);
        polled.clear();
        polled.push_back({wake_read, POLLIN, 0});
        polled.push_back({listen_fd, POLLIN, 0});
        for (const auto& connection : waiting) {
            polled.push_back({connection->fd, static_cast<short>(connection->wants_write ? POLLOUT : POLLIN), 0});
            next = std::min(next, !connection->handshaken      ? connection->ready_since + bounds.request_timeout
                                  : connection->buffer.empty() ? connection->ready_since + bounds.idle_timeout
                                                               : connection->first_byte + bounds.request_timeout);
        }
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
        const int ready =
            ::poll(polled.data(), polled.size(), static_cast<int>(std::clamp<long long>(wait + 1, 0, 1000)));
        if (ready < 0 && errno != EINTR) break;
        now = Clock::now();
        if (polled[0].revents != 0) {
            char drain[64];
            while (::read(wake_read, drain, sizeof drain) > 0) {
            }
        }
        for (std::size_t i = 0; i < waiting.size(); ++i) {
            auto& connection = waiting[i];
            if (connection && polled[i + 2].revents != 0 && !read_from(connection, now)) connection.reset();
        }
        for (auto& connection : waiting) {
            if (!connection) continue;
            if (!connection->handshaken) {
                if (now - connection->ready_since >= bounds.request_timeout) {  // TLS not up in time
                    counters.closed_slow.fetch_add(1);
                    close_connection(connection);
                }
            } else if (connection->buffer.empty() && now - connection->ready_since >= bounds.idle_timeout) {
                counters.closed_idle.fetch_add(1);
                close_connection(connection);
            } else if (!connection->buffer.empty() && now - connection->first_byte >= bounds.request_timeout) {
                send_refusal(*connection, 408, "request not complete in time");
                counters.closed_slow.fetch_add(1);
                close_connection(connection);
            }
        }
        std::erase_if(waiting, [](const auto& connection) { return !connection; });
        if (polled[1].revents != 0) accept_new(now);
    }
    for (auto& connection : waiting) close_connection(connection);
    waiting.clear();
}

void RequestGate::Impl::run_worker() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex);
            job_ready.wait(lock, [this] { return stopping || !jobs.empty(); });
            if (stopping) return;
            job = std::move(jobs.front());
            jobs.pop_front();
        }
        Connection& connection = *job.connection;
        std::string request = connection.buffer.substr(0, job.request_bytes);
        connection.buffer.erase(0, job.request_bytes);
        counters.requests.fetch_add(1);
        BufferedRequestStream stream(connection, std::move(request), Clock::now() + bounds.write_timeout, stopping);
        bool closed = false;
        const bool close = !job.keeps_connection || stopping;
        const bool answered = serve(stream, close, closed);
        if (stream.timed_out()) counters.write_timeouts.fetch_add(1);
        if (!answered || closed || close || stopping) {
            close_connection(job.connection);
            continue;
        }
        {
            std::lock_guard lock(mutex);
            returned.push_back(std::move(job.connection));
        }
        wake();
    }
}

}  // namespace niamd::web
