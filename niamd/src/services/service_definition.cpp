#include "services/service_definition.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "checks/body_pattern.hpp"

namespace niamd::services {
namespace {

constexpr std::array<std::string_view, 9> kTypeNames = {"http", "tcp", "udp",  "smtp",    "imap",
                                                        "pop3", "ssh", "ldap", "mailflow"};

// Keys every type takes.
constexpr std::array<std::string_view, 8> kCommonKeys = {"type",    "target",  "enabled", "interval",
                                                         "timeout", "retries", "recover", "flap_changes"};
constexpr std::array<std::string_view, 5> kTlsKeys = {"ssl", "ssl_hostname", "ignore_invalid_ssl", "expire_before_days",
                                                      "ca_file"};
constexpr std::array<std::string_view, 13> kHttpKeys = {
    "uri",           "accept_redirection", "hostname",   "expect_status", "method",  "header",
    "body_contains", "body_not_contains",  "body_regex", "max_redirects", "warn_ms", "crit_ms",
    "port"};

bool has_tls(ServiceType type) {
    return type == ServiceType::Http || type == ServiceType::Tcp || type == ServiceType::Smtp ||
           type == ServiceType::Imap || type == ServiceType::Pop3 || type == ServiceType::Ldap;
}

bool has_starttls(ServiceType type) {
    return type == ServiceType::Smtp || type == ServiceType::Imap || type == ServiceType::Pop3 ||
           type == ServiceType::Ldap;
}

bool type_takes(ServiceType type, std::string_view key) {
    const auto in = [key](const auto& keys) { return std::find(keys.begin(), keys.end(), key) != keys.end(); };
    if (in(kCommonKeys)) return true;
    if (has_tls(type) && in(kTlsKeys)) return true;
    if (has_starttls(type) && key == "starttls") return true;
    switch (type) {
        case ServiceType::Http: return in(kHttpKeys);
        case ServiceType::Tcp:
        case ServiceType::Udp:
        case ServiceType::Ssh: return key == "port" || (type == ServiceType::Udp && (key == "send" || key == "expect"));
        case ServiceType::Smtp: return key == "port" || key == "email" || key == "mailflowid";
        case ServiceType::Imap:
        case ServiceType::Pop3: return key == "port" || key == "username" || key == "password" || key == "mailflowid";
        case ServiceType::Ldap: return key == "port" || key == "username" || key == "password";
        case ServiceType::Mailflow: return key == "seconds" || key == "id";
    }
    return false;
}

int default_port(ServiceType type, bool ssl) {
    switch (type) {
        case ServiceType::Http: return ssl ? 443 : 80;
        case ServiceType::Smtp: return ssl ? 465 : 25;
        case ServiceType::Imap: return ssl ? 993 : 143;
        case ServiceType::Pop3: return ssl ? 995 : 110;
        case ServiceType::Ldap: return ssl ? 636 : 389;
        case ServiceType::Ssh: return 22;
        case ServiceType::Tcp:
        case ServiceType::Udp:
        case ServiceType::Mailflow: return 0;
    }
    return 0;
}

std::optional<int> parse_int(std::string_view text, int low, int high) {
    if (text.empty() || text.size() > 10) return std::nullopt;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    long long value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    if (value < low || value > high) return std::nullopt;
    return static_cast<int>(value);
}

// Letters, digits and .-_:@ only: names of services, hosts, mailflow ids.
bool is_plain_name(std::string_view text) {
    if (text.empty() || text.size() > kMaxServiceNameBytes) return false;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_' || c == ':' || c == '@';
        if (!ok) return false;
    }
    return true;
}

bool is_http_token(std::string_view text) {
    if (text.empty() || text.size() > 32) return false;
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// "Name: value" with a token name and no CR/LF (the reader refuses control bytes).
bool is_header_line(std::string_view text) {
    const std::size_t colon = text.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon > 64) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = text[i];
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

bool seen_key(const std::vector<std::string>& seen, std::string_view key) {
    return std::find(seen.begin(), seen.end(), key) != seen.end();
}

class SectionReader {
  public:
    SectionReader(const IniSection& section, const std::string& file) : section_(section), file_(file) {}

    void problem(int line, std::string key, std::string message) {
        problems_.push_back({file_, line, std::move(key), std::move(message)});
    }
    void bad_value(const IniEntry& entry, const std::string& expected) {
        // The value is never quoted: it could be a password mistyped into another key.
        problem(entry.line, entry.key, "bad value: " + expected);
    }

    const IniSection& section_;
    const std::string& file_;
    std::vector<ServiceProblem> problems_;
};

}  // namespace

std::string_view to_string(ServiceType type) noexcept { return kTypeNames[static_cast<std::size_t>(type)]; }

std::optional<ServiceType> service_type_from_string(std::string_view text) noexcept {
    for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
        if (kTypeNames[i] == text) return static_cast<ServiceType>(i);
    }
    return std::nullopt;
}

std::string ServiceProblem::text() const {
    std::string out = file + ":" + std::to_string(line) + ": ";
    if (!key.empty()) out += key + ": ";
    return out + message;
}

std::optional<bool> parse_bool(std::string_view text) noexcept {
    std::string lower(text.substr(0, 8));
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (text.size() > 8) return std::nullopt;
    if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") return true;
    if (lower == "false" || lower == "no" || lower == "off" || lower == "0") return false;
    return std::nullopt;
}

std::optional<std::vector<StatusRange>> parse_status_list(std::string_view text) {
    std::vector<StatusRange> ranges;
    while (true) {
        const std::size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        const std::size_t dash = item.find('-');
        const auto low = parse_int(item.substr(0, dash), 100, 599);
        const auto high = dash == std::string_view::npos ? low : parse_int(item.substr(dash + 1), 100, 599);
        if (!low || !high || *low > *high || ranges.size() >= 32) return std::nullopt;
        ranges.push_back({*low, *high});
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return ranges;
}

DefinitionResult make_definition(const IniSection& section, const std::string& file) {
    DefinitionResult result;
    SectionReader reader(section, file);
    ServiceDefinition def;
    def.name = section.name;
    def.source = file;
    def.line = section.line;
    if (!is_plain_name(section.name)) {
        reader.problem(section.line, "", "service name must be 1-128 letters, digits or .-_:@");
    }

    // The type first: it says which keys the section may have.
    const IniEntry* type_entry = nullptr;
    for (const auto& entry : section.entries) {
        if (entry.key == "type") {
            if (type_entry != nullptr) reader.problem(entry.line, "type", "given twice");
            type_entry = &entry;
        }
    }
    if (type_entry == nullptr) {
        reader.problem(section.line, "type", "missing (one of http, tcp, udp, smtp, imap, pop3, ssh, ldap, mailflow)");
        result.problems = std::move(reader.problems_);
        return result;
    }
    const auto type = service_type_from_string(type_entry->value);
    if (!type) {
        reader.problem(type_entry->line, "type",
                       "unknown type (expected http, tcp, udp, smtp, imap, pop3, ssh, ldap or mailflow)");
        result.problems = std::move(reader.problems_);
        return result;
    }
    def.type = *type;

    std::vector<std::string> seen;
    std::optional<int> port;
    bool seconds_given = false;
    bool id_given = false;
    bool expect_given = false;
    bool enabled = true;
    for (const auto& entry : section.entries) {
        const std::string& key = entry.key;
        const std::string& value = entry.value;
        if (!type_takes(def.type, key)) {
            reader.problem(entry.line, key, "unknown key for type " + std::string(to_string(def.type)));
            continue;
        }
        if (key != "header") {
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
                if (key != "type") reader.problem(entry.line, key, "given twice");
                continue;
            }
            seen.push_back(key);
        }
        const auto as_bool = [&](bool& out) {
            if (auto b = parse_bool(value)) out = *b;
            else reader.bad_value(entry, "expected true/false, yes/no, on/off or 1/0");
        };
        const auto as_int = [&](int low, int high) -> std::optional<int> {
            auto n = parse_int(value, low, high);
            if (!n)
                reader.bad_value(entry, "expected a whole number " + std::to_string(low) + "-" + std::to_string(high));
            return n;
        };
        const auto as_text = [&](std::string& out, std::size_t max) {
            if (value.size() > max) reader.bad_value(entry, "longer than " + std::to_string(max) + " bytes");
            else out = value;
        };
        if (key == "type") {
        } else if (key == "enabled") {
            as_bool(enabled);
        } else if (key == "target") {
            if (is_plain_name(value)) def.target = value;
            else reader.bad_value(entry, "expected a host name or address");
        } else if (key == "port") {
            port = as_int(1, 65535);
        } else if (key == "interval") {
            def.interval = as_int(1, kMaxServiceSeconds);
        } else if (key == "timeout") {
            def.timeout = as_int(1, kMaxServiceSeconds);
        } else if (key == "retries") {
            if (auto n = as_int(0, kMaxRetries)) def.retries = *n;
        } else if (key == "recover") {
            if (auto n = as_int(1, kMaxRetries)) def.recover = *n;
        } else if (key == "flap_changes") {
            def.flap_changes = as_int(1, kMaxFlapChanges);
        } else if (key == "ssl") {
            as_bool(def.tls.ssl);
        } else if (key == "starttls") {
            as_bool(def.tls.starttls);
        } else if (key == "ssl_hostname") {
            if (is_plain_name(value)) def.tls.ssl_hostname = value;
            else reader.bad_value(entry, "expected a host name");
        } else if (key == "ignore_invalid_ssl") {
            as_bool(def.tls.ignore_invalid_ssl);
        } else if (key == "expire_before_days") {
            if (auto n = as_int(0, kMaxExpireBeforeDays)) def.tls.expire_before_days = *n;
        } else if (key == "ca_file") {
            if (!value.empty() && value.front() == '/') as_text(def.tls.ca_file, 1024);
            else reader.bad_value(entry, "expected an absolute path");
        } else if (key == "uri") {
            if (!value.empty() && value.front() == '/' && value.find(' ') == std::string::npos)
                as_text(def.http.uri, 2048);
            else reader.bad_value(entry, "expected a path starting with '/' without spaces");
        } else if (key == "accept_redirection") {
            as_bool(def.http.accept_redirection);
        } else if (key == "hostname") {
            if (is_plain_name(value)) def.http.hostname = value;
            else reader.bad_value(entry, "expected a host name");
        } else if (key == "expect_status") {
            expect_given = true;
            if (auto list = parse_status_list(value)) def.http.expect_status = std::move(*list);
            else reader.bad_value(entry, "expected codes 100-599 or ranges like 200-299, separated by ','");
        } else if (key == "method") {
            if (is_http_token(value)) def.http.method = value;
            else reader.bad_value(entry, "expected an upper-case method like GET or HEAD");
        } else if (key == "header") {
            if (def.http.headers.size() >= kMaxHeaders) reader.problem(entry.line, key, "more than 32 headers");
            else if (is_header_line(value)) def.http.headers.push_back(value);
            else reader.bad_value(entry, "expected `Name: value`");
        } else if (key == "body_contains") {
            as_text(def.http.body_contains, 1024);
        } else if (key == "body_not_contains") {
            as_text(def.http.body_not_contains, 1024);
        } else if (key == "body_regex") {
            std::string why;
            if (checks::BodyPattern::compile(value, &why)) as_text(def.http.body_regex, checks::kMaxBodyPatternBytes);
            else reader.bad_value(entry, "not a POSIX extended regular expression (" + why + ")");
        } else if (key == "max_redirects") {
            if (auto n = as_int(0, kMaxRedirects)) def.http.max_redirects = *n;
        } else if (key == "warn_ms") {
            def.http.warn_ms = as_int(1, kMaxServiceSeconds * 1000);
        } else if (key == "crit_ms") {
            def.http.crit_ms = as_int(1, kMaxServiceSeconds * 1000);
        } else if (key == "email") {
            if (is_plain_name(value) && value.find('@') != std::string::npos) def.email = value;
            else reader.bad_value(entry, "expected an address like user@example.com");
        } else if (key == "mailflowid") {
            if (is_plain_name(value)) def.mailflowid = value;
            else reader.bad_value(entry, "expected 1-128 letters, digits or .-_:@");
        } else if (key == "username") {
            as_text(def.username, 256);
        } else if (key == "password") {
            // Checked for its size only, and never echoed.
            if (value.size() > 256) reader.problem(entry.line, key, "longer than 256 bytes");
            else def.password = value;
        } else if (key == "send") {
            as_text(def.send, 1024);
        } else if (key == "expect") {
            as_text(def.expect, 1024);
        } else if (key == "id") {
            id_given = true;
            if (is_plain_name(value)) def.id = value;
            else reader.bad_value(entry, "expected 1-128 letters, digits or .-_:@");
        } else if (key == "seconds") {
            seconds_given = true;
            if (auto n = as_int(1, 30 * kMaxServiceSeconds)) def.seconds = *n;
        }
    }

    // Mandatory keys and rules between keys.
    if ((def.type == ServiceType::Tcp || def.type == ServiceType::Udp) && !seen_key(seen, "port")) {
        reader.problem(section.line, "port", "missing (mandatory for type " + std::string(to_string(def.type)) + ")");
    }
    if (def.type == ServiceType::Mailflow) {
        if (!seconds_given) reader.problem(section.line, "seconds", "missing (mandatory for type mailflow)");
        if (!id_given) reader.problem(section.line, "id", "missing (mandatory for type mailflow)");
    }
    if (def.tls.ssl && def.tls.starttls) {
        reader.problem(section.line, "starttls", "cannot be used with ssl (implicit TLS)");
    }
    if (def.username.empty() != def.password.empty()) {
        reader.problem(section.line, def.username.empty() ? "username" : "password",
                       "username and password go together");
    }
    if (def.http.warn_ms && def.http.crit_ms && *def.http.warn_ms > *def.http.crit_ms) {
        reader.problem(section.line, "warn_ms", "is above crit_ms");
    }
    if (def.type == ServiceType::Http && !expect_given) {
        def.http.expect_status = {{200, def.http.accept_redirection ? 399 : 299}};
    }
    def.port = port.value_or(default_port(def.type, def.tls.ssl));

    result.disabled = !enabled;
    if (reader.problems_.empty() && enabled) result.definition = std::move(def);
    result.problems = std::move(reader.problems_);
    return result;
}

}  // namespace niamd::services
