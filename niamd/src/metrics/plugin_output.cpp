#include "metrics/plugin_output.hpp"

#include <vector>

#include "text/utf8.hpp"

namespace niamd::metrics {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

// Tabs become spaces, other control characters and invalid UTF-8 bytes become '?'.
std::string clean(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += c == '\t' ? ' ' : (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
            ++i;
        } else if (const std::size_t length = text::utf8_sequence_length(text, i); length > 0) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out += '?';
            ++i;
        }
    }
    return out;
}

// Cuts clean text to at most `limit` bytes without splitting a character; marks the cut.
void bound(std::string& text, std::size_t limit) {
    if (text.size() <= limit) return;
    const std::string_view marker = "...";
    std::size_t cut = limit - marker.size();
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    text += marker;
}

// Perfdata is cut at a space, so no metric is left half-written.
void bound_perfdata(std::string& text) {
    if (text.size() <= kMaxPluginPerfdataBytes) return;
    const std::size_t space = text.rfind(' ', kMaxPluginPerfdataBytes);
    text.resize(space == std::string::npos ? 0 : space);
}

void append_joined(std::string& to, std::string_view piece, std::string_view separator) {
    if (piece.empty()) return;
    if (!to.empty()) to += separator;
    to += piece;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    return lines;
}

std::string exit_note(int exit_code) {
    if (exit_code < 0) return "(plugin killed by signal " + std::to_string(-static_cast<long long>(exit_code)) + ") ";
    return "(plugin exited with code " + std::to_string(exit_code) + ", not 0-3) ";
}

}  // namespace

PluginResult parse_plugin_output(int exit_code, std::string_view stdout_text) {
    PluginResult result;
    const bool known_code = exit_code >= kPluginOk && exit_code <= kPluginUnknown;
    result.code = known_code ? exit_code : kPluginUnknown;

    const auto lines = split_lines(stdout_text.substr(0, kMaxPluginStdoutBytes));
    std::string_view output;
    std::string perfdata;
    std::vector<std::string_view> long_lines;
    bool in_perfdata = false;  // after the '|' of a later line, every further line is perfdata
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string_view line = lines[n];
        if (in_perfdata) {
            append_joined(perfdata, trim(line), " ");
            continue;
        }
        const std::size_t bar = line.find('|');
        std::string_view text = line.substr(0, bar);
        if (bar != std::string_view::npos) {
            append_joined(perfdata, trim(line.substr(bar + 1)), " ");
            if (n > 0) in_perfdata = true;
        }
        if (n == 0) {
            output = trim(text);
        } else {
            while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
            long_lines.push_back(text);
        }
    }
    while (!long_lines.empty() && long_lines.back().empty()) long_lines.pop_back();
    std::size_t first_long = 0;
    while (first_long < long_lines.size() && long_lines[first_long].empty()) ++first_long;

    result.output = clean(output);
    if (result.output.empty()) result.output = "(no output)";
    if (!known_code) result.output = exit_note(exit_code) + result.output;
    bound(result.output, kMaxPluginOutputBytes);

    result.perfdata = clean(perfdata);
    bound_perfdata(result.perfdata);

    for (std::size_t n = first_long; n < long_lines.size(); ++n) {
        if (n > first_long) result.long_output += '\n';
        result.long_output += clean(long_lines[n]);
        if (result.long_output.size() > kMaxPluginLongOutputBytes) break;
    }
    bound(result.long_output, kMaxPluginLongOutputBytes);
    return result;
}

std::string_view plugin_status_name(int code) noexcept {
    switch (code) {
        case kPluginOk: return "OK";
        case kPluginWarning: return "WARNING";
        case kPluginCritical: return "CRITICAL";
        default: return "UNKNOWN";
    }
}

}  // namespace niamd::metrics
