// Header helpers, endpoints and URLs, and the raw request format of the SigV4 test suite.
#include "awsrest/request.hpp"

#include <algorithm>
#include <charconv>

#include "core/ascii.hpp"
#include "core/excerpt.hpp"

namespace awsrest {

namespace {

using ascii::iequals;

// RFC 9110 tchar: what a method or a header name may hold.
bool is_token_char(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
        case '!':
        case '#':
        case '$':
        case '%':
        case '&':
        case '\'':
        case '*':
        case '+':
        case '-':
        case '.':
        case '^':
        case '_':
        case '`':
        case '|':
        case '~': return true;
        default: return false;
    }
}

bool is_token(std::string_view text) noexcept {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

// Control characters other than tab; bytes >= 0x80 (UTF-8) are allowed.
bool has_control_char(std::string_view text) noexcept {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\t') || byte == 0x7f;
    });
}

int default_port(std::string_view scheme) noexcept { return scheme == "http" ? 80 : 443; }

Error url_error(std::string_view url, std::string_view what) {
    constexpr std::size_t kShown = 200;
    return make_error(ErrorKind::InvalidArgument,
                      "invalid URL '" + excerpt::shown(url, kShown) + "': " + std::string(what));
}

bool is_host_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_';
}

bool is_ipv6_literal_char(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

// " HTTP/1.1" (any single-digit version) at the end of a request line.
bool ends_with_http_version(std::string_view line) noexcept {
    constexpr std::string_view kPrefix = " HTTP/";
    if (line.size() < kPrefix.size() + 3) return false;
    const std::string_view tail = line.substr(line.size() - kPrefix.size() - 3);
    return tail.substr(0, kPrefix.size()) == kPrefix && tail[kPrefix.size()] >= '0' && tail[kPrefix.size()] <= '9' &&
           tail[kPrefix.size() + 1] == '.' && tail[kPrefix.size() + 2] >= '0' && tail[kPrefix.size() + 2] <= '9';
}

Error raw_error(std::string_view source, std::size_t line, std::string_view what) {
    return make_error(ErrorKind::Parse, std::string(source) + ":" + std::to_string(line) + ": " + std::string(what));
}

}  // namespace

std::optional<std::string_view> find_header(const Headers& headers, std::string_view name) {
    for (const Header& header : headers) {
        if (iequals(header.name, name)) return std::string_view(header.value);
    }
    return std::nullopt;
}

void set_header(Headers& headers, std::string_view name, std::string value) {
    auto first =
        std::find_if(headers.begin(), headers.end(), [&](const Header& header) { return iequals(header.name, name); });
    if (first == headers.end()) {
        headers.push_back(Header{std::string(name), std::move(value)});
        return;
    }
    first->name.assign(name);
    first->value = std::move(value);
    headers.erase(
        std::remove_if(first + 1, headers.end(), [&](const Header& header) { return iequals(header.name, name); }),
        headers.end());
}

void remove_header(Headers& headers, std::string_view name) {
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [&](const Header& header) { return iequals(header.name, name); }),
                  headers.end());
}

std::string Endpoint::host_header() const {
    if (port == 0 || port == default_port(scheme)) return host;
    return host + ":" + std::to_string(port);
}

std::string Endpoint::origin() const { return scheme + "://" + host_header(); }

Result<ParsedUrl> parse_url(std::string_view url) {
    if (url.size() > kMaxUrlBytes) {
        return make_error(
            ErrorKind::InvalidArgument,
            "URL is " + std::to_string(url.size()) + " bytes, more than the limit of " + std::to_string(kMaxUrlBytes));
    }
    if (has_control_char(url) || url.find(' ') != std::string_view::npos) {
        return url_error(url, "it contains a space or a control character");
    }
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return url_error(url, "expected http:// or https://");
    ParsedUrl parsed;
    std::string scheme = ascii::to_lower(url.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https") return url_error(url, "the scheme must be http or https");
    parsed.endpoint.scheme = std::move(scheme);

    std::string_view rest = url.substr(scheme_end + 3);
    const std::size_t fragment = rest.find('#');
    if (fragment != std::string_view::npos) rest = rest.substr(0, fragment);
    const std::size_t authority_end = rest.find_first_of("/?");
    const std::string_view authority = rest.substr(0, authority_end);
    rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);

    if (authority.find('@') != std::string_view::npos) {
        return url_error(url, "user information in the URL is not supported");
    }
    std::string_view host = authority;
    std::string_view port_text;
    if (!host.empty() && host.front() == '[') {
        const std::size_t close = host.find(']');
        if (close == std::string_view::npos) return url_error(url, "unterminated IPv6 address");
        const std::string_view inner = host.substr(1, close - 1);
        if (inner.empty() || !std::all_of(inner.begin(), inner.end(), is_ipv6_literal_char)) {
            return url_error(url, "invalid IPv6 address");
        }
        const std::string_view after = host.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return url_error(url, "unexpected text after the IPv6 address");
            port_text = after.substr(1);
            if (port_text.empty()) return url_error(url, "empty port");
        }
        host = host.substr(0, close + 1);
    } else {
        const std::size_t colon = host.find(':');
        if (colon != std::string_view::npos) {
            port_text = host.substr(colon + 1);
            host = host.substr(0, colon);
            if (port_text.empty()) return url_error(url, "empty port");
        }
        if (host.empty()) return url_error(url, "no host");
        if (!std::all_of(host.begin(), host.end(), is_host_char)) {
            return url_error(url, "the host may hold letters, digits, '-', '.' and '_' only");
        }
    }
    if (!port_text.empty()) {
        int port = 0;
        const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
            return url_error(url, "the port must be a number from 1 to 65535");
        }
        parsed.endpoint.port = port;
    }
    parsed.endpoint.host = std::string(host);

    const std::size_t query_start = rest.find('?');
    std::string_view path = rest.substr(0, query_start);
    if (query_start != std::string_view::npos) parsed.query = std::string(rest.substr(query_start + 1));
    if (path.empty()) path = "/";
    parsed.path = std::string(path);
    std::string_view base = path;
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    parsed.endpoint.base_path = std::string(base);
    return parsed;
}

std::string request_url(const Endpoint& endpoint, const Request& request) {
    std::string url = endpoint.origin();
    url += request.path;
    if (!request.query.empty()) {
        url += '?';
        url += request.query;
    }
    return url;
}

Result<Request> parse_raw_request(std::string_view text, std::string_view source) {
    if (text.size() > kMaxRawRequestBytes) {
        return make_error(ErrorKind::Parse, std::string(source) + ": request is " + std::to_string(text.size()) +
                                                " bytes, more than the limit of " +
                                                std::to_string(kMaxRawRequestBytes));
    }
    Request request;
    std::size_t position = 0;
    std::size_t line_number = 0;
    bool at_end = text.empty();
    // The next line without its "\n" (and without a trailing "\r", so CRLF input reads too).
    auto next_line = [&]() -> std::string_view {
        const std::size_t end = text.find('\n', position);
        std::string_view line;
        if (end == std::string_view::npos) {
            line = text.substr(position);
            position = text.size();
            at_end = true;
        } else {
            line = text.substr(position, end - position);
            position = end + 1;
            at_end = position >= text.size();
        }
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return line;
    };

    std::string_view line = next_line();
    if (line.empty()) return raw_error(source, line_number, "empty request line, expected 'METHOD /path HTTP/1.1'");
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) {
        return raw_error(source, line_number, "request line has no target, expected 'METHOD /path HTTP/1.1'");
    }
    const std::string_view method = line.substr(0, space);
    if (!is_token(method)) return raw_error(source, line_number, "the method is not a valid HTTP token");
    std::string_view target = line.substr(space + 1);
    if (ends_with_http_version(target)) target.remove_suffix(9);  // " HTTP/1.1"
    if (target.empty() || target.front() != '/') {
        return raw_error(source, line_number, "the request target must start with '/'");
    }
    if (has_control_char(target)) return raw_error(source, line_number, "control character in the request target");
    request.method = std::string(method);
    const std::size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));

    while (!at_end) {
        line = next_line();
        if (line.empty()) {
            request.body = std::string(text.substr(position));
            break;
        }
        if (has_control_char(line)) return raw_error(source, line_number, "control character in a header line");
        if (line.front() == ' ' || line.front() == '\t') {
            if (request.headers.empty()) {
                return raw_error(source, line_number, "continuation line before any header");
            }
            std::string& value = request.headers.back().value;
            value += '\n';
            value += line;
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            return raw_error(source, line_number, "header line has no ':', expected 'Name:value'");
        }
        const std::string_view name = line.substr(0, colon);
        if (!is_token(name))
            return raw_error(source, line_number, "the header name is empty or not a valid HTTP token");
        request.headers.push_back(Header{std::string(name), std::string(line.substr(colon + 1))});
    }
    return request;
}

std::string format_raw_request(const Request& request) {
    std::size_t size = request.method.size() + request.path.size() + request.query.size() + request.body.size() + 16;
    for (const Header& header : request.headers) size += header.name.size() + header.value.size() + 2;
    std::string out;
    out.reserve(size);
    out += request.method;
    out += ' ';
    out += request.path;
    if (!request.query.empty()) {
        out += '?';
        out += request.query;
    }
    out += " HTTP/1.1\n";
    for (const Header& header : request.headers) {
        out += header.name;
        out += ':';
        out += header.value;
        out += '\n';
    }
    out += '\n';
    out += request.body;
    return out;
}

}  // namespace awsrest
