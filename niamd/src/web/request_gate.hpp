// RequestGate: the web interface's own accept loop in front of cpp-httplib. One thread
// holds every connection (poll()) until a whole request has arrived within its bounds
// (request_head.hpp) and deadline; only then does one of a few workers serve it, with
// httplib reading the request from memory and writing the answer to the socket. So an
// idle, dripping (slowloris) or oversized connection never holds a worker, and none can
// make the server buffer more than its bounds:
//
//   - a connection sends nothing for idle_timeout (after it opened or after an answer):
//     closed;
//   - a request not whole within request_timeout of its first byte: 408, closed;
//   - past a bound of request_head.hpp: 414, 431, 413, 411 or 400, closed;
//   - max_connections open and another arrives: the waiting connection that has waited
//     longest is closed for it (busy ones are never closed);
//   - an answer not written within write_timeout: the connection is closed.
// Every such close is counted (stats(), shown in /metrics).
//
// With a TlsContext (tls_context.hpp) every connection speaks TLS: the same loop runs the
// handshake without blocking (it must end within request_timeout of the accept, else the
// connection is closed and counted slow), a failed handshake is closed and counted, and
// plain HTTP sent to it gets a 400 in clear saying to use https://. Each connection starts
// with the context current at its accept, so a reload changes new connections only. The
// process must ignore SIGPIPE (OpenSSL writes to the socket with write()).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <awsrest/result.hpp>

#include "web/request_head.hpp"
#include "web/tls_context.hpp"

namespace niamd::web {

struct GateBounds {
    RequestBounds request;
    std::size_t max_connections = 1000;  // lowered to half the descriptor limit when that is less
    std::size_t workers = 8;
    std::chrono::milliseconds idle_timeout{2000};
    std::chrono::milliseconds request_timeout{10000};
    std::chrono::milliseconds write_timeout{5000};
};

struct GateStats {
    std::uint64_t accepted = 0;
    std::uint64_t requests = 0;        // handed to httplib
    std::uint64_t closed_idle = 0;     // nothing sent within idle_timeout
    std::uint64_t closed_slow = 0;     // request not whole within request_timeout (408)
    std::uint64_t refused = 0;         // past a bound of request_head.hpp
    std::uint64_t evicted = 0;         // closed for a newer one at max_connections
    std::uint64_t write_timeouts = 0;  // answer not written within write_timeout
    std::uint64_t tls_failed = 0;      // TLS handshake failed (plain HTTP, old protocol, bad client)
    std::uint64_t open = 0;            // connections open now
};

class RequestGate {
  public:
    // Answers the one request that `stream` reads, writing to it. `close`: the connection
    // closes after it. Returns false, or sets `closed`, when the connection must close.
    using Serve = std::function<bool(httplib::Stream& stream, bool close, bool& closed)>;

    // `tls`: null for plain HTTP; else it must outlive the gate.
    explicit RequestGate(Serve serve, GateBounds bounds = {}, const TlsContext* tls = nullptr);
    ~RequestGate();
    RequestGate(const RequestGate&) = delete;
    RequestGate& operator=(const RequestGate&) = delete;

    // Listens on address:port (0: an ephemeral port) with SO_REUSEADDR only (a taken port
    // fails) and starts the threads. Returns the bound port. Call once.
    awsrest::Result<int> start(const std::string& address, int port);

    // Stops accepting, closes every connection, waits for the threads (an answer being
    // written is abandoned within 100 ms). Safe to call twice or before start().
    void stop();

    GateStats stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace niamd::web
