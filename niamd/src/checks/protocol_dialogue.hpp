// ProtocolDialogue: the steps every line-based protocol check (ssh, smtp, imap, pop3, ldap)
// shares — connect, send, read a line, start TLS — with each failure turned into the
// outcome the issue asks for: refused, closed or timed out → CRITICAL, a wrong answer →
// WARNING, a check that cannot be made (name not resolved) → UNKNOWN. Outputs start with the
// protocol's name and hold what was seen, escaped; what is sent is never shown (passwords).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "checks/check.hpp"
#include "checks/connection.hpp"

namespace niamd::checks {

// A WARNING outcome (FAILED, nagios 1): the server answered, but not as it should.
CheckOutcome check_warning(int latency_ms, std::string output);

// A CR or LF in a value sent inside a command line (a user name, a password) would end the
// command early: such a value is refused, never sent.
inline bool holds_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

class ProtocolDialogue {
  public:
    ProtocolDialogue(std::string protocol, std::chrono::milliseconds timeout);

    // Connects; false with failure() set.
    bool open(const std::string& host, int port);
    // Connects and, with `implicit_tls` (`ssl = true`), starts TLS at once.
    bool open(const std::string& host, int port, bool implicit_tls, const TlsOptions& tls) {
        return open(host, port) && (!implicit_tls || start_tls(tls));
    }
    // The next line (without CRLF), or nullopt with failure() set; `step` names what was awaited.
    std::optional<std::string> line(std::string_view step, std::size_t max_bytes = 8192);
    // Up to max_bytes raw bytes (ldap), or nullopt with failure() set.
    std::optional<std::string> bytes(std::string_view step, std::size_t max_bytes = 16384);
    // Sends `data`; `step` names it in a failure (never the data: it may hold a password).
    bool send(std::string_view data, std::string_view step);
    // TLS on the connection; false with failure() set when the handshake failed. A
    // handshake that worked with a certificate finding is kept and folded into finish().
    bool start_tls(const TlsOptions& options);

    // Outcomes, each "<PROTOCOL> <text>" with the latency so far.
    CheckOutcome wrong_answer(std::string_view step, std::string_view seen) const;  // WARNING
    CheckOutcome critical(std::string_view text) const;
    CheckOutcome unknown(std::string_view text) const;
    // OK with `text`, made worse by a TLS finding (its code and text appended).
    CheckOutcome finish(std::string_view text) const;
    // The outcome of the step that failed last.
    const CheckOutcome& failure() const { return failure_; }

    Connection& connection() { return *connection_; }
    std::chrono::steady_clock::time_point deadline() const { return deadline_; }

  private:
    void fail_from_connection(std::string_view step);
    int elapsed_ms() const;

    std::string protocol_;
    std::chrono::milliseconds timeout_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point deadline_;
    std::unique_ptr<Connection> connection_;
    std::optional<TlsVerdict> tls_;
    CheckOutcome failure_;
};

}  // namespace niamd::checks
