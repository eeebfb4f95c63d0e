// Connection: one TCP connection of a protocol check (smtp, imap, pop3, ldap, ssh, tcp, ...),
// every read and write bounded by the check's deadline, optionally upgraded to TLS (implicit
// TLS right after connecting, or after a STARTTLS exchange). Bytes read are kept in a buffer,
// so a line-based protocol reads line by line without losing what follows a line.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "process/unique_fd.hpp"

namespace niamd::checks {

using Deadline = std::chrono::steady_clock::time_point;

// What a failed operation was, so a check can map it to a Nagios code: refused → CRITICAL,
// timeout → CRITICAL, closed/other I/O → CRITICAL, unresolved name → UNKNOWN.
enum class ConnectionError { None, Unresolved, Refused, Timeout, Closed, Io, Tls };

// The TLS keys of a check (`ssl`, `ssl_hostname`, `ignore_invalid_ssl`, `expire_before_days`,
// `ca_file`). The name matched is `hostname`, or the check's target when empty; SNI is always
// sent.
struct TlsOptions {
    std::string hostname;         // ssl_hostname; empty: the target
    std::string ca_file;          // empty: the system CA store
    bool ignore_invalid = false;  // ignore_invalid_ssl: do not fail on the chain, the name or the dates
    int expire_before_days = 0;   // a certificate of the chain expiring within that many days fails
};

// What the TLS handshake and the certificate checks found.
struct TlsVerdict {
    bool handshake_ok = false;
    int nagios_code = 3;           // 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
    std::string text;              // "certificate 'CN=leaf' expires in 40 days; chain verified; name matched"
    std::optional<int> days_left;  // of the first-expiring certificate of the served chain
    std::string first_expiring;    // that certificate's subject
};

class Connection {
  public:
    // Resolves `host` and connects to its addresses in turn before `deadline`.
    static std::unique_ptr<Connection> open(const std::string& host, int port, Deadline deadline,
                                            ConnectionError& error, std::string& error_text);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Writes all of `data`; false (and error()/error_text()) on failure or deadline.
    bool write_all(std::string_view data, Deadline deadline);
    // The next line without its "\r\n" or "\n"; nullopt on EOF, error or deadline. A line
    // longer than `max_bytes` is returned cut at max_bytes (the rest is read as the next line).
    std::optional<std::string> read_line(Deadline deadline, std::size_t max_bytes = 8192);
    // Up to `max_bytes` bytes (at least one); nullopt on EOF, error or deadline.
    std::optional<std::string> read_some(Deadline deadline, std::size_t max_bytes = 16384);

    // TLS handshake on this connection (SNI = options.hostname or the target), then the
    // certificate checks of the served chain. Afterwards reads and writes go through TLS.
    // Implemented in checks/connection_tls.cpp.
    TlsVerdict start_tls(const TlsOptions& options, Deadline deadline);

    ConnectionError error() const { return error_; }
    const std::string& error_text() const { return error_text_; }
    const std::string& target() const { return target_; }
    std::string peer_address() const { return peer_; }
    int fd() const { return fd_.get(); }

    struct Tls;  // the TLS session, once start_tls succeeded (connection_tls.cpp)
    struct TlsDeleter {
        void operator()(Tls* tls) const;  // connection_tls.cpp
    };

  private:
    Connection(process::UniqueFd fd, std::string target, std::string peer);
    // Raw I/O through TLS when started, else the socket. >0 bytes, 0 EOF, -1 error/deadline.
    long receive(char* buffer, std::size_t size, Deadline deadline);
    long send(const char* data, std::size_t size, Deadline deadline);
    long tls_receive(char* buffer, std::size_t size, Deadline deadline);
    long tls_send(const char* data, std::size_t size, Deadline deadline);
    void fail(ConnectionError error, std::string text);
    // Waits until the socket is ready for `events` (POLLIN/POLLOUT). False, with the error
    // set (`timed_out` at the deadline), when it is not.
    bool await(short events, Deadline deadline, std::string_view timed_out);

    process::UniqueFd fd_;
    std::string target_;
    std::string peer_;
    std::string buffer_;  // bytes read but not yet returned
    std::unique_ptr<Tls, TlsDeleter> tls_;
    ConnectionError error_ = ConnectionError::None;
    std::string error_text_;
};

// "refused", "timed out", ... for outputs.
std::string connection_error_name(ConnectionError error);

}  // namespace niamd::checks
