#include "master/alert_text.hpp"

#include <ctime>

#include "text/display_text.hpp"

namespace niamd::master {
namespace {

constexpr std::size_t kMaxSubjectBytes = 100;  // SNS's limit

// Cuts at most `max_bytes` bytes without splitting a UTF-8 character.
std::string_view cut_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

// A hostname or instance as one field of an alert.log line: "-" when empty; in double
// quotes, with \" and \\, when it holds a space, a quote or a backslash or is "-" itself;
// hidden controls shown as <U+202E> (text/display_text.hpp).
std::string log_field(const std::string& text) {
    if (text.empty()) return "-";
    const std::string safe = text::log_safe(one_line(text, 256));
    if (safe != "-" && safe.find_first_of(" \"\\") == std::string::npos) return safe;
    std::string quoted = "\"";
    for (const char c : safe) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + '"';
}

}  // namespace

std::string iso_time(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buffer, n);
}

std::string one_line(std::string_view text, std::size_t max_bytes) {
    std::string out;
    const std::string_view kept = cut_utf8(text, max_bytes);
    out.reserve(kept.size() + 3);
    for (const char c : kept) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? ' ' : c;
    }
    if (kept.size() < text.size()) out += "...";
    return out;
}

store::AlertRow make_alert(std::int64_t time, store::AlertKind kind, const store::HostKey& host,
                           std::string_view detail) {
    store::AlertRow alert;
    alert.time = time;
    alert.kind = kind;
    alert.host = host;
    alert.detail = one_line(detail);
    const std::string kind_text(store::to_string(kind));

    std::string subject = "niam: " + kind_text;
    if (!host.hostname.empty()) subject += " " + one_line(host.hostname, 256);
    if (!host.instance.empty()) subject += " (" + one_line(host.instance, 64) + ")";
    if (kind == store::AlertKind::MetricWarning || kind == store::AlertKind::MetricCritical ||
        kind == store::AlertKind::MetricOk || kind == store::AlertKind::LogAlert ||
        kind == store::AlertKind::ContainerAlert || kind == store::AlertKind::SshAlert) {
        subject += ": " + alert.detail;  // which series and its value, which rule: the detail starts with them
    }
    if (subject.size() > kMaxSubjectBytes) subject = std::string(cut_utf8(subject, kMaxSubjectBytes - 3)) + "...";
    alert.subject = std::move(subject);

    std::string message = kind_text;
    message += host.hostname.empty() ? std::string() : " " + one_line(host.hostname, 256);
    message += "\n";
    if (!host.hostname.empty()) message += "Host: " + one_line(host.hostname, 256) + "\n";
    if (!host.instance.empty()) message += "Instance: " + one_line(host.instance, 64) + "\n";
    message += "Time: " + iso_time(time) + "\n";
    message += "Detail: " + alert.detail + "\n";
    alert.message = std::move(message);
    return alert;
}

std::string alert_log_line(const store::AlertRow& alert) {
    std::string line = iso_time(alert.time);
    line += ' ';
    line += store::to_string(alert.kind);
    line += ' ';
    line += log_field(alert.host.hostname);
    line += ' ';
    line += log_field(alert.host.instance);
    if (!alert.detail.empty()) {
        line += ' ';
        line += text::log_safe(one_line(alert.detail));
    }
    return line;
}

}  // namespace niamd::master
