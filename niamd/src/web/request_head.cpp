#include "web/request_head.hpp"

#include <charconv>

#include "text/ascii_case.hpp"

namespace niamd::web {
namespace {

ScannedRequest refused(int status, std::string_view reason) {
    ScannedRequest out;
    out.scan = RequestScan::Refused;
    out.status = status;
    out.reason = reason;
    return out;
}

constexpr auto same_name = text::equals_ignoring_case;
constexpr auto trim = text::trim_blanks;

}  // namespace

ScannedRequest scan_request(std::string_view buffered, const RequestBounds& bounds) {
    std::size_t at = 0;
    std::size_t header_lines = 0;
    std::string_view method;
    bool has_length = false;
    std::size_t content_length = 0;
    for (std::size_t line = 0;; ++line) {
        const std::size_t limit = line == 0 ? bounds.max_request_line : bounds.max_header_line;
        const std::size_t end = buffered.find('\n', at);
        const std::size_t length = (end == std::string_view::npos ? buffered.size() : end) - at;
        // The line's own bound, then the head's (a line without its '\n' yet counts too).
        if (length > limit + 1 || (length == limit + 1 && buffered[at + limit] != '\r')) {
            return line == 0 ? refused(414, "request line too long") : refused(431, "request header line too long");
        }
        if ((end == std::string_view::npos ? buffered.size() : end + 1) > bounds.max_head_bytes) {
            return refused(431, "request headers too large");
        }
        if (end == std::string_view::npos) return {};
        std::string_view text = buffered.substr(at, length);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        at = end + 1;
        if (line == 0) {
            if (text.empty()) return refused(400, "empty request line");
            method = text.substr(0, text.find(' '));
            continue;
        }
        if (text.empty()) break;  // the end of the head
        if (++header_lines > bounds.max_header_lines) return refused(431, "too many request header lines");
        const std::size_t colon = text.find(':');
        if (colon == std::string_view::npos) continue;  // httplib answers 400
        const std::string_view name = text.substr(0, colon);
        const std::string_view value = trim(text.substr(colon + 1));
        if (same_name(name, "Transfer-Encoding")) return refused(411, "send a request body with Content-Length");
        if (same_name(name, "Content-Length")) {
            std::size_t number = 0;
            const auto [ptr, error] = std::from_chars(value.data(), value.data() + value.size(), number);
            if (value.empty() || error == std::errc::result_out_of_range) {
                return refused(value.empty() ? 400 : 413,
                               value.empty() ? "bad Content-Length" : "request body too large");
            }
            if (error != std::errc() || ptr != value.data() + value.size() ||
                (has_length && number != content_length)) {
                return refused(400, "bad Content-Length");
            }
            if (number > bounds.max_body_bytes) return refused(413, "request body too large");
            has_length = true;
            content_length = number;
        }
    }
    if (buffered.size() - at < content_length) return {};
    ScannedRequest out;
    out.scan = RequestScan::Complete;
    out.request_bytes = at + content_length;
    out.keeps_connection = method == "GET" || method == "HEAD";
    return out;
}

}  // namespace niamd::web
