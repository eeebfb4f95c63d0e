#include "store/row_bounds.hpp"

#include <cmath>

namespace niamd::store {

namespace {

// Checks one field; stops at the first problem (error stays set).
class BoundsCheck {
  public:
    void field(std::string_view row, std::size_t index, std::string_view name, std::string_view value,
               std::size_t limit) {
        if (problem_ || value.size() <= limit) return;
        problem_ = true;
        message_ = "batch refused before writing: " + std::string(row) + " #" + std::to_string(index + 1) + ": " +
                   std::string(name) + " is " + std::to_string(value.size()) + " bytes, longer than the limit of " +
                   std::to_string(limit);
    }
    void host(std::string_view row, std::size_t index, const HostKey& key) {
        field(row, index, "hostname", key.hostname, kMaxKeyBytes);
        field(row, index, "instance", key.instance, kMaxKeyBytes);
    }
    void check(std::string_view row, std::size_t index, const CheckKey& key) {
        host(row, index, key.host);
        field(row, index, "target", key.target, kMaxKeyBytes);
        field(row, index, "port or argument", key.port_or_arg, kMaxKeyBytes);
    }
    void finite(std::string_view row, std::size_t index, double value) {
        if (problem_ || std::isfinite(value)) return;
        problem_ = true;
        message_ = "batch refused before writing: " + std::string(row) + " #" + std::to_string(index + 1) +
                   ": value is not a finite number";
    }
    awsrest::Result<void> result() const {
        if (!problem_) return {};
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, message_);
    }

  private:
    bool problem_ = false;
    std::string message_;
};

}  // namespace

awsrest::Result<void> check_bounds(const Batch& batch) {
    BoundsCheck check;
    for (std::size_t i = 0; i < batch.message_ids.size(); ++i) {
        check.field("message id", i, "length", batch.message_ids[i], kMaxKeyBytes);
    }
    for (std::size_t i = 0; i < batch.heartbeats.size(); ++i) {
        check.host("heartbeat", i, batch.heartbeats[i].host);
    }
    for (std::size_t i = 0; i < batch.results.size(); ++i) {
        check.check("check result", i, batch.results[i].check);
        check.field("check result", i, "output", batch.results[i].output, kMaxLongTextBytes);
    }
    for (std::size_t i = 0; i < batch.hosts.size(); ++i) {
        check.host("host", i, batch.hosts[i].key);
        check.field("host", i, "detail", batch.hosts[i].detail, kMaxTextBytes);
    }
    for (std::size_t i = 0; i < batch.forgotten_hosts.size(); ++i) {
        check.host("forgotten host", i, batch.forgotten_hosts[i]);
    }
    for (std::size_t i = 0; i < batch.check_states.size(); ++i) {
        check.check("check state", i, batch.check_states[i].check);
        check.field("check state", i, "output", batch.check_states[i].output, kMaxLongTextBytes);
    }
    for (std::size_t i = 0; i < batch.alerts.size(); ++i) {
        const AlertRow& alert = batch.alerts[i];
        check.host("alert", i, alert.host);
        check.field("alert", i, "detail", alert.detail, kMaxTextBytes);
        check.field("alert", i, "subject", alert.subject, kMaxTextBytes);
        check.field("alert", i, "message", alert.message, kMaxLongTextBytes);
        check.field("alert", i, "last error", alert.last_error, kMaxTextBytes);
    }
    for (std::size_t i = 0; i < batch.samples.size(); ++i) {
        const MetricSampleRow& sample = batch.samples[i];
        check.field("metric sample", i, "hostname", sample.hostname, kMaxKeyBytes);
        check.field("metric sample", i, "instance", sample.instance, kMaxKeyBytes);
        check.field("metric sample", i, "name", sample.name, kMaxKeyBytes);
        check.field("metric sample", i, "tags", sample.tags, kMaxKeyBytes);
        check.field("metric sample", i, "unit", sample.unit, kMaxKeyBytes);
        check.finite("metric sample", i, sample.value);
    }
    for (std::size_t i = 0; i < batch.log_lines.size(); ++i) {
        const LogLineRow& line = batch.log_lines[i];
        check.field("log line", i, "hostname", line.hostname, kMaxKeyBytes);
        check.field("log line", i, "instance", line.instance, kMaxKeyBytes);
        check.field("log line", i, "source", line.source, kMaxKeyBytes);
        check.field("log line", i, "stream", line.stream, 32);
        check.field("log line", i, "line", line.line, kMaxLongTextBytes);
    }
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
        const EventRow& event = batch.events[i];
        check.field("event", i, "hostname", event.hostname, kMaxKeyBytes);
        check.field("event", i, "instance", event.instance, kMaxKeyBytes);
        check.field("event", i, "kind", event.kind, kMaxKeyBytes);
        check.field("event", i, "id", event.id, kMaxKeyBytes);
        check.field("event", i, "fields", event.fields, kMaxLongTextBytes);
        check.field("event", i, "raw", event.raw, kMaxLongTextBytes);
    }
    return check.result();
}

std::string_view clip_utf8(std::string_view text, std::size_t max_bytes) noexcept {
    if (text.size() <= max_bytes) return text;
    std::size_t length = max_bytes;
    // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
    while (length > 0 && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) --length;
    return text.substr(0, length);
}

}  // namespace niamd::store
