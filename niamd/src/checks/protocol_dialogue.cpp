#include "checks/protocol_dialogue.hpp"

#include <algorithm>
#include <utility>

#include "checks/answer_text.hpp"

namespace niamd::checks {

CheckOutcome check_warning(int latency_ms, std::string output) {
    CheckOutcome outcome = check_failed(latency_ms, std::move(output));
    outcome.nagios_code = kPluginWarning;
    return outcome;
}

ProtocolDialogue::ProtocolDialogue(std::string protocol, std::chrono::milliseconds timeout)
    : protocol_(std::move(protocol)),
      timeout_(timeout),
      start_(std::chrono::steady_clock::now()),
      deadline_(start_ + timeout) {}

int ProtocolDialogue::elapsed_ms() const { return milliseconds_since(start_); }

bool ProtocolDialogue::open(const std::string& host, int port) {
    ConnectionError error = ConnectionError::None;
    std::string text;
    connection_ = Connection::open(host, port, deadline_, error, text);
    if (connection_) return true;
    if (error == ConnectionError::Unresolved) {
        failure_ = unknown(text.empty() ? "name not resolved" : text);
    } else if (error == ConnectionError::Timeout) {
        failure_ = critical("connect " + timed_out_text(timeout_));
    } else {
        failure_ = critical(text);
    }
    return false;
}

void ProtocolDialogue::fail_from_connection(std::string_view step) {
    const ConnectionError error = connection_->error();
    std::string text(step);
    if (error == ConnectionError::Timeout) {
        text += ": " + timed_out_text(timeout_);
    } else if (error == ConnectionError::Closed) {
        text += ": connection closed by the server";
    } else {
        text += ": " + connection_->error_text();
    }
    failure_ = critical(text);
}

std::optional<std::string> ProtocolDialogue::line(std::string_view step, std::size_t max_bytes) {
    std::optional<std::string> got = connection_->read_line(deadline_, max_bytes);
    if (!got) fail_from_connection(step);
    return got;
}

std::optional<std::string> ProtocolDialogue::bytes(std::string_view step, std::size_t max_bytes) {
    std::optional<std::string> got = connection_->read_some(deadline_, max_bytes);
    if (!got) fail_from_connection(step);
    return got;
}

bool ProtocolDialogue::send(std::string_view data, std::string_view step) {
    if (connection_->write_all(data, deadline_)) return true;
    fail_from_connection(step);
    return false;
}

bool ProtocolDialogue::start_tls(const TlsOptions& options) {
    TlsVerdict verdict = connection_->start_tls(options, deadline_);
    if (!verdict.handshake_ok) {
        CheckOutcome outcome = critical(verdict.text.empty() ? "TLS handshake failed" : verdict.text);
        outcome.nagios_code = verdict.nagios_code == kPluginOk ? kPluginCritical : verdict.nagios_code;
        failure_ = outcome;
        return false;
    }
    tls_ = std::move(verdict);
    return true;
}

CheckOutcome ProtocolDialogue::wrong_answer(std::string_view step, std::string_view seen) const {
    return check_warning(elapsed_ms(), protocol_ + " unexpected " + std::string(step) + ": " + escaped_answer(seen));
}

CheckOutcome ProtocolDialogue::critical(std::string_view text) const {
    return check_failed(elapsed_ms(), protocol_ + " " + std::string(text));
}

CheckOutcome ProtocolDialogue::unknown(std::string_view text) const {
    return check_unknown(elapsed_ms(), protocol_ + " " + std::string(text));
}

CheckOutcome ProtocolDialogue::finish(std::string_view text) const {
    std::string output = protocol_ + " " + std::string(text);
    if (!tls_) return check_passed(elapsed_ms(), output);
    if (!tls_->text.empty()) output += "; " + tls_->text;
    CheckOutcome outcome = check_passed(elapsed_ms(), output);
    if (tls_->days_left) outcome.perfdata = "tls_days_left=" + std::to_string(*tls_->days_left);
    if (tls_->nagios_code != kPluginOk) {
        outcome.ok = false;
        outcome.nagios_code = tls_->nagios_code;
    }
    return outcome;
}

}  // namespace niamd::checks
