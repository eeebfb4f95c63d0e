#include "checks/tcp_check.hpp"

namespace niamd::checks {

CheckOutcome tls_outcome(int latency_ms, const std::string& prefix, const TlsVerdict& verdict) {
    CheckOutcome outcome;
    outcome.nagios_code = verdict.nagios_code;
    outcome.ok = verdict.nagios_code == kPluginOk;
    outcome.latency_ms = latency_ms;
    outcome.output = prefix + verdict.text;
    if (verdict.days_left) outcome.perfdata = "tls_days_left=" + std::to_string(*verdict.days_left);
    return outcome;
}

CheckOutcome TcpCheck::run(std::chrono::milliseconds timeout) {
    const auto start = std::chrono::steady_clock::now();
    const Deadline deadline = start + timeout;
    ConnectionError error = ConnectionError::None;
    std::string error_text;
    const auto connection = Connection::open(options_.target, options_.port, deadline, error, error_text);
    if (!connection) {
        const int ms = milliseconds_since(start);
        if (error == ConnectionError::Unresolved) return check_unknown(ms, error_text);
        if (error == ConnectionError::Timeout) return check_failed(ms, timed_out_text(timeout));
        return check_failed(ms, error_text);
    }
    if (!options_.tls) {
        const int ms = milliseconds_since(start);
        return check_passed(ms, "connected in " + std::to_string(ms) + " ms");
    }
    const TlsVerdict verdict = connection->start_tls(*options_.tls, deadline);
    const int ms = milliseconds_since(start);
    if (!verdict.handshake_ok && connection->error() == ConnectionError::Timeout) {
        return check_failed(ms, "TLS handshake " + timed_out_text(timeout));
    }
    if (!verdict.handshake_ok) return tls_outcome(ms, "", verdict);  // "TLS handshake failed: ..."
    return tls_outcome(ms, "TLS in " + std::to_string(ms) + " ms: ", verdict);
}

}  // namespace niamd::checks
