#include "checks/http_endpoint.hpp"

#include <cmath>
#include <cstdio>

namespace niamd::checks {
namespace {

constexpr std::size_t kMaxQuotedBytes = 40;

// A configured string as the output shows it: cut, printable.
std::string quoted(const std::string& text) {
    std::string out = "'";
    for (std::size_t i = 0; i < text.size() && i < kMaxQuotedBytes; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
    if (text.size() > kMaxQuotedBytes) out += "...";
    return out + "'";
}

std::string milliseconds(double ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", ms < 0 ? 0.0 : ms);
    return buffer;
}

std::string perfdata_of(const HttpAnswer& answer, const HttpEndpoint& endpoint) {
    std::string time = "time=" + milliseconds(answer.timings.total_ms) + "ms;";
    if (endpoint.warn_ms) time += std::to_string(*endpoint.warn_ms);
    time += ";";
    if (endpoint.crit_ms) time += std::to_string(*endpoint.crit_ms);
    time += ";0";
    return time + " dns=" + milliseconds(answer.timings.dns_ms) + "ms;;;0" +
           " connect=" + milliseconds(answer.timings.connect_ms) + "ms;;;0" +
           " tls=" + milliseconds(answer.timings.tls_ms) + "ms;;;0" +
           " firstbyte=" + milliseconds(answer.timings.first_byte_ms) + "ms;;;0" +
           " size=" + std::to_string(answer.body_bytes) + "B;;;0" + " status=" + std::to_string(answer.status);
}

}  // namespace

std::vector<HttpStatusRange> accepted_statuses(const HttpEndpoint& endpoint) {
    if (!endpoint.expect_status.empty()) return endpoint.expect_status;
    HttpStatusRange range;
    range.low = 200;
    range.high = endpoint.accept_redirection ? 399 : 299;
    return {range};
}

std::string status_ranges_text(const std::vector<HttpStatusRange>& ranges) {
    std::string text;
    for (const auto& range : ranges) {
        if (!text.empty()) text += ",";
        text += std::to_string(range.low);
        if (range.high != range.low) text += "-" + std::to_string(range.high);
    }
    return text;
}

CheckOutcome judge_http_answer(const HttpAnswer& answer, const HttpEndpoint& endpoint) {
    const int total_ms = static_cast<int>(std::lround(std::max(answer.timings.total_ms, 0.0)));
    std::string text = "HTTP " + std::to_string(answer.status) + " in " + std::to_string(total_ms) + " ms, " +
                       std::to_string(answer.body_bytes) + (answer.body_cut ? "+" : "") + " bytes";
    if (answer.redirects > 0) text += ", " + std::to_string(answer.redirects) + " redirect(s) followed";
    int code = kPluginOk;
    std::vector<std::string> problems;
    auto worse = [&code](int found) {
        if (found == kPluginCritical || (found == kPluginWarning && code == kPluginOk)) code = found;
    };

    const auto accepted = accepted_statuses(endpoint);
    bool status_ok = false;
    for (const auto& range : accepted)
        status_ok = status_ok || (answer.status >= range.low && answer.status <= range.high);
    if (!status_ok) {
        worse(kPluginCritical);
        problems.push_back("expected " + status_ranges_text(accepted));
    }
    const bool cut_note = answer.body_cut || answer.body_bytes > answer.body.size();
    const std::string where = cut_note ? " in its first " + std::to_string(answer.body.size()) + " bytes" : "";
    if (!endpoint.body_contains.empty() && answer.body.find(endpoint.body_contains) == std::string::npos) {
        worse(kPluginCritical);
        problems.push_back("body does not contain " + quoted(endpoint.body_contains) + where);
    }
    if (!endpoint.body_not_contains.empty() && answer.body.find(endpoint.body_not_contains) != std::string::npos) {
        worse(kPluginCritical);
        problems.push_back("body contains " + quoted(endpoint.body_not_contains));
    }
    if (endpoint.body_regex && !endpoint.body_regex->found_in(answer.body)) {
        worse(kPluginCritical);
        problems.push_back("body does not match " + quoted(endpoint.body_regex->text()) + where);
    }
    if (endpoint.crit_ms && total_ms > *endpoint.crit_ms) {
        worse(kPluginCritical);
        problems.push_back("slower than crit_ms " + std::to_string(*endpoint.crit_ms));
    } else if (endpoint.warn_ms && total_ms > *endpoint.warn_ms) {
        worse(kPluginWarning);
        problems.push_back("slower than warn_ms " + std::to_string(*endpoint.warn_ms));
    }
    for (const auto& problem : problems) text += ", " + problem;

    CheckOutcome outcome;
    outcome.ok = code == kPluginOk;
    outcome.nagios_code = code;
    outcome.latency_ms = total_ms;
    outcome.output = std::move(text);
    outcome.perfdata = perfdata_of(answer, endpoint);
    return outcome;
}

}  // namespace niamd::checks
