// WebServer: the master's dashboard, JSON API (docs/api.md) and Prometheus /metrics
// (docs/web.md), served over HTTP on threads of its own: RequestGate (request_gate.hpp)
// accepts and reads connections within bounds, cpp-httplib answers whole requests.
//
//   master::SnapshotBoard board;                 // the master publishes into it
//   auto reader = store::open_store(...);        // a connection of the web's own
//   web::WebServer web(board, *reader, awsrest::system_clock(), {"127.0.0.1", 8080});
//   if (auto started = web.start(); !started) { /* started.error().describe() */ }
//   ...
//   web.stop();                                   // also done by the destructor
//
// The board is read through latest() (a consistent snapshot per request); the store only
// through its reading methods, one call at a time under the server's own mutex, so it
// may be a connection no other thread uses. Times shown are "now" from the clock.
//
// Access: loopback addresses may serve openly; any other address needs an access token,
// a basic-auth file or both (access_guard.hpp), else start() fails. /healthz is always
// open. Failed logins are limited per source address (login_rate_limit.hpp: 429 with
// Retry-After, unchecked); a request needing a slow hash check while 4 run gets 503. Served openly (no credentials), only requests whose Host names loopback or one of
// allowed_hosts are answered (403 else: DNS rebinding, host_header.hpp). Every response carries a Content-Security-Policy that allows no inline script,
// X-Content-Type-Options: nosniff, X-Frame-Options: DENY and Referrer-Policy: no-referrer.
//
// TLS: with a certificate and key (tls_context.hpp) it serves HTTPS only (TLS 1.2 or later);
// every answer then carries Strict-Transport-Security and every cookie Secure. Off loopback
// without TLS start() logs a warning: passwords and tokens would cross the network in clear.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <awsrest/clock.hpp>
#include <awsrest/result.hpp>

#include "master/master_snapshot.hpp"
#include "store/history_store.hpp"

namespace niamd::web {

struct WebOptions {
    std::string address = "127.0.0.1";       // IPv4, IPv6 (without brackets) or "localhost"
    int port = 8080;                         // 0: an ephemeral port, see WebServer::port()
    std::string access_token;                // empty: none; else 16-256 of [A-Za-z0-9._~+/=-]
    std::filesystem::path basic_auth_file;   // empty: none; see basic_auth_file.hpp
    std::vector<std::string> allowed_hosts;  // --web-host: Host names served openly besides loopback
    std::filesystem::path tls_certificate;   // --web-tls-cert: with tls_key, HTTPS; both empty: HTTP
    std::filesystem::path tls_key;           // --web-tls-key
};

class WebServer {
  public:
    WebServer(const master::SnapshotBoard& board, store::HistoryStore& reader, awsrest::Clock& clock,
              WebOptions options);
    ~WebServer();
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    // Reads the basic-auth file, binds and starts serving. Fails (nothing left running)
    // when the options are refused, the file is bad, or the address cannot be bound
    // (port taken: no SO_REUSEPORT sharing). Call once.
    awsrest::Result<void> start();

    // The bound port once started (the ephemeral one for port 0); -1 before.
    int port() const noexcept;

    // "https" with a certificate, else "http".
    const char* scheme() const noexcept;

    // Reads the TLS certificate and key files again (SIGHUP): new connections get the new
    // pair; when either is bad the old pair stays and the error says why. Without TLS: nothing.
    // Returns what it loaded ("CN=..., SHA-256 ..., valid until ...") and any warning.
    awsrest::Result<std::vector<std::string>> reload_tls();

    // Stops accepting, closes every connection (an answer being written is abandoned
    // within 100 ms) and returns. Safe to call twice or before start().
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace niamd::web
