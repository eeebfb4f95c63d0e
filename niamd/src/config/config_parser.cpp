#include "config/config_parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <regex.h>

#include "config/log_rule_statements.hpp"
#include "config/maintenance_statements.hpp"
#include "config/log_statements.hpp"
#include "config/metric_statements.hpp"

namespace niamd::config {
namespace {

constexpr std::size_t kMaxHostBytes = 253;

bool is_space(char c) { return c == ' ' || c == '\t'; }

char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_upper(a[i]) != to_upper(b[i])) return false;
    }
    return true;
}

bool starts_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && equals_ignoring_case(text.substr(0, prefix.size()), prefix);
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = to_upper(c);
    return out;
}

// A piece of input safe to put in a message: printable ASCII only, short.
std::string quoted(std::string_view token) { return quote_input(token); }

// Text before a comment: '#' at the start of the line or after a space or tab.
std::string_view strip_comment(std::string_view line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '#' && (i == 0 || is_space(line[i - 1]))) return line.substr(0, i);
    }
    return line;
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

bool has_control_characters(std::string_view line) {
    for (const char c : line) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f) return true;
    }
    return false;
}

std::optional<int> parse_number(std::string_view text, int low, int high) {
    if (text.empty() || text.size() > 6) return std::nullopt;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    if (value < low || value > high) return std::nullopt;
    return value;
}

// Host name, IPv4 address or IPv6 address (bare or in brackets).
bool is_host(std::string_view host) {
    if (host.empty() || host.size() > kMaxHostBytes) return false;
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_' || c == ':' || c == '[' || c == ']';
        if (!ok) return false;
    }
    return true;
}

bool is_plain_file_name(std::string_view name) {
    if (name.empty() || name == "." || name == "..") return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// A piece of an instance id: letters, digits, '.', '_' and '-', bounded.
bool is_instance_word(std::string_view word, std::size_t max_bytes) {
    return !word.empty() && word.size() <= max_bytes && is_plain_file_name(word) && word != "." && word != "..";
}

enum class Singleton {
    Role,
    Database,
    Interval,
    WarnAfter,
    PurgeAfter,
    Timeout,
    AlertTopic,
    HmacKey,
    Ec2Check,
    NoAgent,
    Renotify,
    Retention,
    AlertScript,
    MaxHosts,
    MaxNewHosts,
    Receivers,
    CloudWatch,
    Metrics,
    Inventory,
    InstanceSerial,
    InstanceCommand,
    SpoolMaxMb,
    MetricRetention,
    SshLogins,
    CloudWatchLogs,
    Docker,
    LogMaxLine,
    LogRate,
    LogRetention,
    Count
};

class Parser {
  public:
    explicit Parser(std::string_view source) : source_(source) {}

    void line(int number, std::string_view raw) {
        line_ = number;
        if (raw.size() > kMaxLineBytes) {
            problem("line is longer than " + std::to_string(kMaxLineBytes) + " characters; ignored");
            return;
        }
        if (has_control_characters(raw)) {
            problem("line contains control characters; ignored");
            return;
        }
        std::string_view text = strip_comment(raw);
        const auto words = split_words(text);
        if (words.empty()) return;
        statement(words);
    }

    ParsedConfig finish() {
        check_warn_before_purge();
        return std::move(parsed_);
    }

    void problem_at(int line, std::string message) {
        parsed_.problems.push_back(ConfigProblem{std::string(source_), line, std::move(message)});
    }

  private:
    void problem(std::string message) { problem_at(line_, std::move(message)); }

    void statement(const std::vector<std::string_view>& words) {
        // ROLE=master, ROLE = master and ROLE master are all accepted.
        const std::string_view first = words[0];
        if (first.size() >= 4 && equals_ignoring_case(first.substr(0, 4), "ROLE") &&
            (first.size() == 4 || first[4] == '=')) {
            std::string value(first.substr(first.size() > 4 ? 5 : 4));
            for (std::size_t i = 1; i < words.size(); ++i) value += words[i];
            if (!value.empty() && value[0] == '=' && first.size() == 4) value.erase(0, 1);
            return role(value);
        }
        const std::string keyword = upper(first);
        const std::vector<std::string_view> args(words.begin() + 1, words.end());
        if (keyword == "DATABASE") return database(args);
        if (keyword == "PING") return ping(args);
        if (keyword == "HTTP") return http(args);
        if (keyword == "SCRIPT") return script(args);
        if (keyword == "INTERVAL") return duration(args, "INTERVAL", Singleton::Interval, parsed_.config.interval);
        if (keyword == "WARN_AFTER")
            return duration(args, "WARN_AFTER", Singleton::WarnAfter, parsed_.config.warn_after);
        if (keyword == "PURGE_AFTER")
            return duration(args, "PURGE_AFTER", Singleton::PurgeAfter, parsed_.config.purge_after);
        if (keyword == "TIMEOUT") return duration(args, "TIMEOUT", Singleton::Timeout, parsed_.config.timeout);
        if (keyword == "ALERT_TOPIC") return alert_topic(args);
        if (keyword == "HMAC_KEY") return hmac_key(args);
        if (keyword == "EC2_CHECK")
            return seconds_or_off(args, "EC2_CHECK", Singleton::Ec2Check, parsed_.config.ec2_check);
        if (keyword == "RENOTIFY")
            return seconds_or_off(args, "RENOTIFY", Singleton::Renotify, parsed_.config.renotify);
        if (keyword == "MAX_HOSTS") return max_hosts(args);
        if (keyword == "MAX_NEW_HOSTS")
            return count_of(args, "MAX_NEW_HOSTS", "count", kMaxMaxNewHosts, Singleton::MaxNewHosts,
                            parsed_.config.max_new_hosts);
        if (keyword == "RECEIVERS") return receivers(args);
        if (keyword == "SPOOL_MAX_MB") return spool_max_mb(args);
        if (keyword == "RETENTION") return retention(args);
        if (keyword == "METRIC_RETENTION") return metric_retention(args);
        if (keyword == "LOG_RETENTION") return log_retention(args);
        if (keyword == "NO_AGENT") return no_agent(args);
        if (keyword == "ALERT_SCRIPT") return alert_script(args);
        if (keyword == "THRESHOLD") return threshold(args);
        if (keyword == "CLOUDWATCH") return cloudwatch(args);
        if (keyword == "CLOUDWATCH_LOGS") return cloudwatch_logs(args);
        if (keyword == "METRICS") return seconds_or_off(args, "METRICS", Singleton::Metrics, parsed_.config.metrics);
        if (keyword == "METRIC") return metric(args);
        if (keyword == "INVENTORY") return inventory(args);
        if (keyword == "INSTANCE_ID") return instance_id(args);
        if (keyword == "JOURNAL") return journal(args);
        if (keyword == "SSH_LOGINS") return ssh_logins(args);
        if (keyword == "DOCKER") return docker(args);
        if (keyword == "LOG_MAX_LINE") {
            return log_bound(read_log_max_line(args), Singleton::LogMaxLine, keyword, parsed_.config.log_max_line);
        }
        if (keyword == "LOG_RATE")
            return log_bound(read_log_rate(args), Singleton::LogRate, keyword, parsed_.config.log_rate);
        if (keyword == "LOG") return log_file(args);
        if (keyword == "LOG_ALERT") return log_rule(read_log_alert(args));
        if (keyword == "CONTAINER_ALERT") return log_rule(read_container_alert(args));
        if (keyword == "SSH_ALERT") return log_rule(read_ssh_alert(args));
        if (keyword == "MAINTENANCE") return maintenance(read_maintenance(args));
        problem("unknown statement " + quoted(first));
    }

    // Records a singleton statement; warns when it was already given (the last one applies).
    void seen(Singleton which, std::string_view keyword) {
        int& first = seen_lines_[static_cast<std::size_t>(which)];
        if (first != 0) {
            problem(std::string(keyword) + " repeated (first on line " + std::to_string(first) +
                    "); the last one applies");
        }
        first = line_;
        parsed_.singletons.push_back(AppliedStatement{std::string(keyword), line_});
    }

    void role(std::string_view value) {
        if (equals_ignoring_case(value, "master")) {
            seen(Singleton::Role, "ROLE");
            parsed_.config.role = Role::Master;
        } else if (equals_ignoring_case(value, "client")) {
            seen(Singleton::Role, "ROLE");
            parsed_.config.role = Role::Client;
        } else {
            problem("ROLE needs 'ROLE=master' or 'ROLE=client'");
        }
    }

    // Messages here never quote user, password or database name.
    void database(const std::vector<std::string_view>& args) {
        if (args.size() != 4 && args.size() != 5) {
            return problem("DATABASE needs 'DATABASE host port user password [dbname]'");
        }
        if (!is_host(args[0])) return problem("DATABASE host " + quoted(args[0]) + " is not a host name or address");
        const auto port = parse_number(args[1], 1, 65535);
        if (!port) return problem("DATABASE port " + quoted(args[1]) + " must be a number 1-65535");
        seen(Singleton::Database, "DATABASE");
        DatabaseConfig db;
        db.host = std::string(args[0]);
        db.port = *port;
        db.user = std::string(args[2]);
        db.password = std::string(args[3]);
        if (args.size() == 5) db.dbname = std::string(args[4]);
        parsed_.config.database = std::move(db);
    }

    // The key=value options of a check statement (docs/config.md): interval, timeout,
    // retries, recover, flap_changes. A bad one is a problem naming the line and the key;
    // the check is then ignored.
    bool check_options(std::string_view keyword, const std::vector<std::string_view>& words, std::size_t from,
                       std::size_t to, CheckSpec& check) {
        struct Option {
            std::string_view key;
            int low;
            int high;
            int CheckSpec::*field;
        };
        static constexpr Option kOptions[] = {
            {"interval", 1, 86400, &CheckSpec::interval},      {"timeout", 1, 3600, &CheckSpec::timeout},
            {"retries", 0, 100, &CheckSpec::retries},          {"recover", 1, 100, &CheckSpec::recover},
            {"flap_changes", 0, 20, &CheckSpec::flap_changes},
        };
        for (std::size_t i = from; i < to; ++i) {
            const std::string_view word = words[i];
            const std::size_t equals = word.find('=');
            if (equals == std::string_view::npos) {
                problem(std::string(keyword) + " option " + quoted(word) +
                        " must be key=value (interval, timeout, retries, recover, flap_changes); check ignored");
                return false;
            }
            const std::string key = lower(word.substr(0, equals));
            if (keyword == "HTTP" && is_http_key(key)) {
                if (!http_option(key, word.substr(equals + 1), check.http)) return false;
                continue;
            }
            const Option* option = nullptr;
            for (const auto& candidate : kOptions) {
                if (candidate.key == key) option = &candidate;
            }
            if (option == nullptr) {
                problem(std::string(keyword) + " option " + quoted(word.substr(0, equals)) +
                        " is unknown (interval, timeout, retries, recover, flap_changes); check ignored");
                return false;
            }
            const auto value = parse_number(word.substr(equals + 1), option->low, option->high);
            if (!value) {
                problem(std::string(keyword) + " option " + key + " " + quoted(word.substr(equals + 1)) +
                        " must be a number " + std::to_string(option->low) + "-" + std::to_string(option->high) +
                        "; check ignored");
                return false;
            }
            check.*(option->field) = *value;
        }
        return true;
    }

    static bool is_http_key(std::string_view key) {
        for (const char* known :
             {"method", "hostname", "header", "expect_status", "accept_redirection", "max_redirects", "body_contains",
              "body_not_contains", "body_regex", "warn_ms", "crit_ms"}) {
            if (key == known) return true;
        }
        return false;
    }

    // One endpoint-test option of HTTP. Values are never echoed whole: a header may hold a
    // token. A bad one is a problem naming the key; the check is then ignored.
    bool http_option(const std::string& key, std::string_view value, HttpKeys& http) {
        auto bad = [&](const std::string& why) {
            problem("HTTP option " + key + " " + why + "; check ignored");
            return false;
        };
        auto text = [&](std::string& field) {
            if (value.empty() || value.size() > 1024) return bad("must be 1-1024 bytes");
            field = std::string(value);
            return true;
        };
        auto milliseconds = [&](int& field) {
            const auto n = parse_number(value, 1, 86400000);
            if (!n) return bad("must be a number of milliseconds 1-86400000");
            field = *n;
            return true;
        };
        if (key == "method") {
            if (value.empty() || value.size() > 16 ||
                value.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos) {
                return bad("must be an upper-case method like GET or HEAD");
            }
            http.method = std::string(value);
            return true;
        }
        if (key == "hostname") {
            if (!is_host(value)) return bad("must be a host name");
            http.hostname = std::string(value);
            return true;
        }
        if (key == "header") {
            const std::size_t colon = value.find(':');
            if (colon == 0 || colon == std::string_view::npos || value.size() > 1024 ||
                value.substr(0, colon).find_first_of(" \t") != std::string_view::npos) {
                return bad("must be Name:value");
            }
            if (http.headers.size() >= 32) return bad("given more than 32 times");
            std::string_view rest = value.substr(colon + 1);
            http.headers.push_back(std::string(value.substr(0, colon)) + ": " + std::string(rest));
            return true;
        }
        if (key == "expect_status") {
            auto ranges = status_ranges(value);
            if (!ranges) return bad("must be codes 100-599 or ranges like 200-299, separated by ','");
            http.expect_status = std::move(*ranges);
            return true;
        }
        if (key == "accept_redirection") {
            const std::string v = lower(value);
            if (v == "true" || v == "yes" || v == "1") http.accept_redirection = true;
            else if (v == "false" || v == "no" || v == "0") http.accept_redirection = false;
            else return bad("must be true or false");
            return true;
        }
        if (key == "max_redirects") {
            const auto n = parse_number(value, 0, 20);
            if (!n) return bad("must be a number 0-20");
            http.max_redirects = *n;
            return true;
        }
        if (key == "body_contains") return text(http.body_contains);
        if (key == "body_not_contains") return text(http.body_not_contains);
        if (key == "body_regex") {
            if (!text(http.body_regex)) return false;
            regex_t compiled;
            const std::string pattern(value);
            if (regcomp(&compiled, pattern.c_str(), REG_EXTENDED | REG_NOSUB | REG_NEWLINE) != 0) {
                http.body_regex.clear();
                return bad("is not a POSIX extended regular expression");
            }
            regfree(&compiled);
            return true;
        }
        if (key == "warn_ms") return milliseconds(http.warn_ms);
        return milliseconds(http.crit_ms);  // crit_ms
    }

    // "200-299,301": codes 100-599, low <= high, at most 32 ranges.
    static std::optional<std::vector<std::pair<int, int>>> status_ranges(std::string_view text) {
        std::vector<std::pair<int, int>> ranges;
        while (!text.empty()) {
            const std::size_t comma = text.find(',');
            const std::string_view item = text.substr(0, comma);
            const std::size_t dash = item.find('-');
            const auto low = parse_number(item.substr(0, dash), 100, 599);
            const auto high = dash == std::string_view::npos ? low : parse_number(item.substr(dash + 1), 100, 599);
            if (!low || !high || *low > *high || ranges.size() >= 32) return std::nullopt;
            ranges.emplace_back(*low, *high);
            if (comma == std::string_view::npos) break;
            text = text.substr(comma + 1);
            if (text.empty()) return std::nullopt;
        }
        if (ranges.empty()) return std::nullopt;
        return ranges;
    }

    bool room_for_check() {
        if (parsed_.config.checks.size() < kMaxChecks) return true;
        problem("too many checks (more than " + std::to_string(kMaxChecks) + "); check ignored");
        return false;
    }

    void ping(const std::vector<std::string_view>& args) {
        if (args.size() < 3 || !equals_ignoring_case(args[1], "PORT")) {
            return problem("PING needs 'PING target PORT port'");
        }
        if (!is_host(args[0])) return problem("PING target " + quoted(args[0]) + " is not a host name or address");
        const auto port = parse_number(args[2], 0, 65535);
        if (!port) return problem("PING port " + quoted(args[2]) + " must be a number 0-65535 (0 means ICMP echo)");
        if (!room_for_check()) return;
        CheckSpec check;
        if (!check_options("PING", args, 3, args.size(), check)) return;
        check.kind = CheckKind::Ping;
        check.target = std::string(args[0]);
        check.port = *port;
        parsed_.config.checks.push_back(std::move(check));
    }

    void http(const std::vector<std::string_view>& args) {
        if (!args.empty() && (starts_ignoring_case(args[0], "http://") || starts_ignoring_case(args[0], "https://"))) {
            return http_url(args);
        }
        if (args.size() < 3 || !equals_ignoring_case(args[1], "PORT")) {
            return problem("HTTP needs 'HTTP target PORT port' or 'HTTP http[s]://host[:port][/path]'");
        }
        if (!is_host(args[0])) return problem("HTTP target " + quoted(args[0]) + " is not a host name or address");
        const auto port = parse_number(args[2], 1, 65535);
        if (!port) return problem("HTTP port " + quoted(args[2]) + " must be a number 1-65535");
        if (!room_for_check()) return;
        CheckSpec check;
        if (!check_options("HTTP", args, 3, args.size(), check)) return;
        check.kind = CheckKind::Http;
        check.target = std::string(args[0]);
        check.port = *port;
        check.url = "http://" + check.target + ":" + std::to_string(*port) + "/";
        parsed_.config.checks.push_back(std::move(check));
    }

    // http[s]://host[:port][/path]. The URL itself is not echoed: it may hold a token.
    void http_url(const std::vector<std::string_view>& args) {
        const std::string_view url = args[0];
        int default_port = 0;
        std::string_view rest;
        if (url.size() > 7 && equals_ignoring_case(url.substr(0, 7), "http://")) {
            default_port = 80;
            rest = url.substr(7);
        } else if (url.size() > 8 && equals_ignoring_case(url.substr(0, 8), "https://")) {
            default_port = 443;
            rest = url.substr(8);
        } else {
            return problem("HTTP needs 'HTTP target PORT port' or 'HTTP http[s]://host[:port][/path]'");
        }
        const std::size_t authority_end = rest.find_first_of("/?#");
        const std::string_view authority = rest.substr(0, authority_end);
        if (authority.find('@') != std::string_view::npos) {
            return problem("HTTP URL must not hold a user name or password");
        }
        std::string_view host = authority;
        std::string_view port_text;
        if (!authority.empty() && authority[0] == '[') {  // [v6]:port
            const std::size_t close = authority.find(']');
            if (close == std::string_view::npos) return problem("HTTP URL has no valid host");
            host = authority.substr(0, close + 1);
            const std::string_view after = authority.substr(close + 1);
            if (!after.empty()) {
                if (after[0] != ':') return problem("HTTP URL has no valid host");
                port_text = after.substr(1);
                if (port_text.empty()) return problem("HTTP URL port must be a number 1-65535");
            }
        } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return problem("HTTP URL port must be a number 1-65535");
        }
        if (!is_host(host) || (host.find(':') != std::string_view::npos && host[0] != '[')) {
            return problem("HTTP URL has no valid host");
        }
        int port = default_port;
        if (!port_text.empty()) {
            const auto parsed = parse_number(port_text, 1, 65535);
            if (!parsed) return problem("HTTP URL port must be a number 1-65535");
            port = *parsed;
        }
        if (!room_for_check()) return;
        CheckSpec check;
        if (!check_options("HTTP", args, 1, args.size(), check)) return;
        check.kind = CheckKind::Http;
        check.target = std::string(host);
        check.port = port;
        check.url = std::string(url);
        parsed_.config.checks.push_back(std::move(check));
    }

    void script(const std::vector<std::string_view>& args) {
        // Options come before the name (a plain file name has no '='): the plugin's own
        // arguments after it stay free-form.
        std::size_t name = 0;
        while (name < args.size() && args[name].find('=') != std::string_view::npos) ++name;
        if (name == args.size()) return problem("SCRIPT needs 'SCRIPT name [args...]'");
        if (!is_plain_file_name(args[name])) {
            return problem("SCRIPT name " + quoted(args[name]) +
                           " must be a plain file name of letters, digits, '.', '_' and '-'");
        }
        if (!room_for_check()) return;
        CheckSpec check;
        if (!check_options("SCRIPT", args, 0, name, check)) return;
        check.kind = CheckKind::Script;
        check.script = std::string(args[name]);
        for (std::size_t i = name + 1; i < args.size(); ++i) check.args.emplace_back(args[i]);
        parsed_.config.checks.push_back(std::move(check));
    }

    // METRIC name[:format] [args...]
    void metric(const std::vector<std::string_view>& args) {
        if (args.empty()) return problem("METRIC needs 'METRIC name[:format] [args...]'");
        std::string_view name = args[0];
        std::optional<metrics::MetricFormat> format;
        if (const std::size_t colon = name.find(':'); colon != std::string_view::npos) {
            const std::string_view format_name = name.substr(colon + 1);
            format = metrics::metric_format_from_name(lower(format_name));
            if (!format) {
                return problem("METRIC format " + quoted(format_name) +
                               " must be graphite, perfdata, influx, opentsdb or prometheus");
            }
            name = name.substr(0, colon);
        }
        if (!is_plain_file_name(name)) {
            return problem("METRIC name " + quoted(name) +
                           " must be a plain file name of letters, digits, '.', '_' and '-'");
        }
        if (parsed_.config.metric_plugins.size() >= kMaxMetricPlugins) {
            return problem("too many METRIC plugins (more than " + std::to_string(kMaxMetricPlugins) +
                           "); plugin ignored");
        }
        MetricPluginSpec plugin;
        plugin.plugin = std::string(name);
        plugin.format = format;
        for (std::size_t i = 1; i < args.size(); ++i) plugin.args.emplace_back(args[i]);
        parsed_.config.metric_plugins.push_back(std::move(plugin));
    }

    void inventory(const std::vector<std::string_view>& args) {
        const auto value = args.size() == 1 ? parse_number(args[0], 0, kMaxInventorySeconds) : std::nullopt;
        if (!value) {
            return problem("INVENTORY needs 'INVENTORY seconds' with seconds 0-" +
                           std::to_string(kMaxInventorySeconds) + " (0 = off)");
        }
        seen(Singleton::Inventory, "INVENTORY");
        parsed_.config.inventory = *value;
    }

    // INSTANCE_ID prefix serial S | INSTANCE_ID prefix command CMD [args...]. One of each form
    // may be given; a repeat of a form is reported and the last one applies.
    void instance_id(const std::vector<std::string_view>& args) {
        static constexpr const char* kForm =
            "INSTANCE_ID needs 'INSTANCE_ID prefix serial S' or 'INSTANCE_ID prefix command CMD [args...]'";
        if (args.size() < 3) return problem(kForm);
        const std::string_view prefix = args[0];
        if (!is_instance_word(prefix, kMaxInstancePrefixBytes)) {
            return problem("INSTANCE_ID prefix " + quoted(prefix) + " must be 1-" +
                           std::to_string(kMaxInstancePrefixBytes) + " letters, digits, '.', '_' and '-'");
        }
        InstanceIdConfig& id = parsed_.config.instance_id;
        if (equals_ignoring_case(args[1], "serial")) {
            if (args.size() != 3) return problem(kForm);
            if (!is_instance_word(args[2], kMaxInstanceSerialBytes)) {
                return problem("INSTANCE_ID serial " + quoted(args[2]) + " must be 1-" +
                               std::to_string(kMaxInstanceSerialBytes) + " letters, digits, '.', '_' and '-'");
            }
            if (!same_prefix(prefix, !id.command.empty())) return;
            seen(Singleton::InstanceSerial, "INSTANCE_ID");
            id.prefix = std::string(prefix);
            id.serial = std::string(args[2]);
            return;
        }
        if (!equals_ignoring_case(args[1], "command")) return problem(kForm);
        if (args.size() - 2 > kMaxInstanceCommandWords) {
            return problem("INSTANCE_ID command has more than " + std::to_string(kMaxInstanceCommandWords) + " words");
        }
        if (!same_prefix(prefix, !id.serial.empty())) return;
        seen(Singleton::InstanceCommand, "INSTANCE_ID");
        id.prefix = std::string(prefix);
        id.command.assign(args.begin() + 2, args.end());
    }

    // The serial and the command forms name one prefix: `other_form` says the other one was given.
    bool same_prefix(std::string_view prefix, bool other_form) {
        const std::string& known = parsed_.config.instance_id.prefix;
        if (!other_form || known == prefix) return true;
        problem("INSTANCE_ID prefix " + quoted(prefix) + " differs from the earlier " + quoted(known) +
                "; statement ignored");
        return false;
    }

    void duration(const std::vector<std::string_view>& args, std::string_view keyword, Singleton which, int& target) {
        const auto value = args.size() == 1 ? parse_number(args[0], 1, kMaxDurationSeconds) : std::nullopt;
        if (!value) {
            return problem(std::string(keyword) + " needs '" + std::string(keyword) + " seconds' with seconds 1-" +
                           std::to_string(kMaxDurationSeconds));
        }
        seen(which, keyword);
        target = *value;
    }

    // Like duration(), but 0 is allowed and means "off".
    void seconds_or_off(const std::vector<std::string_view>& args, std::string_view keyword, Singleton which,
                        int& target) {
        const auto value = args.size() == 1 ? parse_number(args[0], 0, kMaxDurationSeconds) : std::nullopt;
        if (!value) {
            return problem(std::string(keyword) + " needs '" + std::string(keyword) + " seconds' with seconds 0-" +
                           std::to_string(kMaxDurationSeconds) + " (0 = off)");
        }
        seen(which, keyword);
        target = *value;
    }

    void max_hosts(const std::vector<std::string_view>& args) {
        const auto value = args.size() == 1 ? parse_number(args[0], 1, kMaxMaxHosts) : std::nullopt;
        if (!value) return problem("MAX_HOSTS needs 'MAX_HOSTS count' with count 1-" + std::to_string(kMaxMaxHosts));
        seen(Singleton::MaxHosts, "MAX_HOSTS");
        parsed_.config.max_hosts = *value;
    }

    // RECEIVERS auto | RECEIVERS n (1..kMaxReceivers).
    void receivers(const std::vector<std::string_view>& args) {
        if (args.size() == 1 && equals_ignoring_case(args[0], "auto")) {
            seen(Singleton::Receivers, "RECEIVERS");
            parsed_.config.receivers = kAutoReceivers;
            return;
        }
        const auto value = args.size() == 1 ? parse_number(args[0], 1, kMaxReceivers) : std::nullopt;
        if (!value) {
            return problem("RECEIVERS needs 'RECEIVERS auto' or 'RECEIVERS lanes' with lanes 1-" +
                           std::to_string(kMaxReceivers));
        }
        seen(Singleton::Receivers, "RECEIVERS");
        parsed_.config.receivers = *value;
    }

    // KEYWORD n with n 1..high.
    void count_of(const std::vector<std::string_view>& args, std::string_view keyword, std::string_view what, int high,
                  Singleton which, int& field) {
        const auto value = args.size() == 1 ? parse_number(args[0], 1, high) : std::nullopt;
        if (!value) {
            return problem(std::string(keyword) + " needs '" + std::string(keyword) + " " + std::string(what) +
                           "' with " + std::string(what) + " 1-" + std::to_string(high));
        }
        seen(which, keyword);
        field = *value;
    }

    // DOCKER [socket=PATH]: the socket an absolute path that fits a unix socket address.
    void docker(const std::vector<std::string_view>& args) {
        static constexpr std::size_t kMaxSocketPathBytes = 107;  // sockaddr_un's sun_path, with its NUL
        DockerConfig docker;
        docker.line = line_;
        for (const std::string_view arg : args) {
            if (!starts_ignoring_case(arg, "socket=")) {
                return problem("DOCKER option " + quoted(arg) + " is not socket=PATH; DOCKER ignored");
            }
            const std::string_view path = arg.substr(7);
            if (path.empty() || path[0] != '/' || path.size() > kMaxSocketPathBytes) {
                return problem("DOCKER socket " + quoted(path) + " must be an absolute path of at most " +
                               std::to_string(kMaxSocketPathBytes) + " bytes; DOCKER ignored");
            }
            docker.socket = std::string(path);
        }
        seen(Singleton::Docker, "DOCKER");
        parsed_.config.docker = std::move(docker);
    }

    void spool_max_mb(const std::vector<std::string_view>& args) {
        const auto value = args.size() == 1 ? parse_number(args[0], 1, kMaxSpoolMaxMb) : std::nullopt;
        if (!value) {
            return problem("SPOOL_MAX_MB needs 'SPOOL_MAX_MB megabytes' with megabytes 1-" +
                           std::to_string(kMaxSpoolMaxMb));
        }
        seen(Singleton::SpoolMaxMb, "SPOOL_MAX_MB");
        parsed_.config.spool_max_mb = *value;
    }

    void retention(const std::vector<std::string_view>& args) {
        const auto value = args.size() == 1 ? parse_number(args[0], 1, kMaxRetentionDays) : std::nullopt;
        if (!value) {
            return problem("RETENTION needs 'RETENTION days' with days 1-" + std::to_string(kMaxRetentionDays));
        }
        seen(Singleton::Retention, "RETENTION");
        parsed_.config.retention_days = *value;
    }

    void metric_retention(const std::vector<std::string_view>& args) {
        const auto value = args.size() == 1 ? parse_number(args[0], 1, kMaxRetentionDays) : std::nullopt;
        if (!value) {
            return problem("METRIC_RETENTION needs 'METRIC_RETENTION days' with days 1-" +
                           std::to_string(kMaxRetentionDays));
        }
        seen(Singleton::MetricRetention, "METRIC_RETENTION");
        parsed_.config.metric_retention_days = *value;
    }

    void log_retention(const std::vector<std::string_view>& args) {
        const auto value = args.size() == 1 ? parse_number(args[0], 1, kMaxRetentionDays) : std::nullopt;
        if (!value) {
            return problem("LOG_RETENTION needs 'LOG_RETENTION days' with days 1-" + std::to_string(kMaxRetentionDays));
        }
        seen(Singleton::LogRetention, "LOG_RETENTION");
        parsed_.config.log_retention_days = *value;
    }

    // NO_AGENT on|off [tag-key=value]
    void no_agent(const std::vector<std::string_view>& args) {
        static constexpr const char* kForm = "NO_AGENT needs 'NO_AGENT on|off [tag-key=value]'";
        if (args.empty() || args.size() > 2) return problem(kForm);
        NoAgentConfig no_agent;
        if (equals_ignoring_case(args[0], "on")) {
            no_agent.enabled = true;
        } else if (!equals_ignoring_case(args[0], "off")) {
            return problem(kForm);
        }
        if (args.size() == 2) {
            const std::size_t equals = args[1].find('=');
            if (equals == 0 || equals == std::string_view::npos) {
                return problem("NO_AGENT tag filter " + quoted(args[1]) + " must be 'tag-key=value'");
            }
            no_agent.tag_key = std::string(args[1].substr(0, equals));
            no_agent.tag_value = std::string(args[1].substr(equals + 1));
        }
        seen(Singleton::NoAgent, "NO_AGENT");
        parsed_.config.no_agent = std::move(no_agent);
    }

    // An absolute path; run without a shell, so no quoting rules apply.
    void alert_script(const std::vector<std::string_view>& args) {
        if (args.size() != 1 || args[0].empty() || args[0][0] != '/') {
            return problem("ALERT_SCRIPT needs 'ALERT_SCRIPT /absolute/path' (one word, no spaces)");
        }
        seen(Singleton::AlertScript, "ALERT_SCRIPT");
        parsed_.config.alert_script = std::string(args[0]);
    }

    // A repeat for the same series replaces the earlier one (reported).
    void threshold(const std::vector<std::string_view>& args) {
        auto read = read_threshold(args);
        if (auto* error = std::get_if<std::string>(&read)) return problem(std::move(*error));
        auto& spec = std::get<ThresholdSpec>(read);
        spec.line = line_;
        auto& thresholds = parsed_.config.thresholds;
        for (auto it = thresholds.begin(); it != thresholds.end(); ++it) {
            if (!same_selector(*it, spec)) continue;
            problem("THRESHOLD for " + quoted(args[0]) + " repeated (first on line " + std::to_string(it->line) +
                    "); the last one applies");
            thresholds.erase(it);
            break;
        }
        if (thresholds.size() >= kMaxThresholds) {
            return problem("too many THRESHOLD statements (more than " + std::to_string(kMaxThresholds) + "); ignored");
        }
        thresholds.push_back(std::move(spec));
    }

    // LOG_ALERT, CONTAINER_ALERT, SSH_ALERT: a repeat of the same rule replaces the earlier one (reported).
    void maintenance(std::variant<MaintenanceSpec, std::string> read) {
        if (auto* error = std::get_if<std::string>(&read)) return problem(std::move(*error));
        if (parsed_.config.maintenance.size() >= kMaxMaintenanceWindows) {
            return problem("too many MAINTENANCE windows (more than " + std::to_string(kMaxMaintenanceWindows) +
                           "); ignored");
        }
        auto& spec = std::get<MaintenanceSpec>(read);
        spec.line = line_;
        parsed_.config.maintenance.push_back(std::move(spec));
    }

    void log_rule(std::variant<LogRuleSpec, std::string> read) {
        if (auto* error = std::get_if<std::string>(&read)) return problem(std::move(*error));
        auto& spec = std::get<LogRuleSpec>(read);
        spec.line = line_;
        auto& rules = parsed_.config.log_rules;
        const std::string text = spec.text();
        for (auto it = rules.begin(); it != rules.end(); ++it) {
            if (it->text() != text) continue;
            problem(quoted(text) + " repeated (first on line " + std::to_string(it->line) + "); the last one applies");
            rules.erase(it);
            break;
        }
        if (rules.size() >= kMaxLogRules) {
            return problem("too many LOG_ALERT, CONTAINER_ALERT and SSH_ALERT statements (more than " +
                           std::to_string(kMaxLogRules) + "); ignored");
        }
        rules.push_back(std::move(spec));
    }

    void journal(const std::vector<std::string_view>& args) {
        auto read = read_journal(args);
        if (auto* error = std::get_if<std::string>(&read)) return problem(std::move(*error));
        auto& spec = std::get<JournalSpec>(read);
        spec.line = line_;
        auto& journals = parsed_.config.journals;
        for (const auto& other : journals) {
            if (other.name == spec.name) {
                return problem("JOURNAL name " + quote_input(spec.name) + " is used on line " +
                               std::to_string(other.line) + " already; give name=");
            }
        }
        if (journals.size() >= kMaxJournalStatements) {
            return problem("too many JOURNAL statements (more than " + std::to_string(kMaxJournalStatements) +
                           "); ignored");
        }
        journals.push_back(std::move(spec));
    }

    // Two statements of one source name, or of one path, are refused (the second).
    void log_file(const std::vector<std::string_view>& args) {
        auto read = read_log_file(args);
        if (auto* error = std::get_if<std::string>(&read)) return problem(std::move(*error));
        auto& spec = std::get<LogFileSpec>(read);
        spec.line = line_;
        auto& logs = parsed_.config.log_files;
        for (const auto& other : logs) {
            if (other.pattern == spec.pattern) {
                return problem("LOG " + quote_input(spec.pattern) + " is followed on line " +
                               std::to_string(other.line) + " already");
            }
            const std::string name = spec.name.empty() ? spec.pattern : spec.name;
            if (!name.empty() && name == (other.name.empty() ? other.pattern : other.name)) {
                return problem("LOG name " + quote_input(name) + " is used on line " + std::to_string(other.line) +
                               " already; give another name=");
            }
        }
        if (logs.size() >= kMaxLogStatements) {
            return problem("too many LOG statements (more than " + std::to_string(kMaxLogStatements) + "); ignored");
        }
        logs.push_back(std::move(spec));
    }

    // LOG_MAX_LINE, LOG_RATE: a number read by config/log_statements.
    void log_bound(std::variant<std::size_t, std::string> read, Singleton which, std::string_view keyword,
                   std::size_t& out) {
        if (auto* error = std::get_if<std::string>(&read)) return problem(std::move(*error));
        seen(which, keyword);
        out = std::get<std::size_t>(read);
    }

    void ssh_logins(const std::vector<std::string_view>& args) {
        auto read = read_ssh_logins(args);
        if (auto* error = std::get_if<std::string>(&read)) return problem(std::move(*error));
        seen(Singleton::SshLogins, "SSH_LOGINS");
        auto& spec = std::get<SshLoginsSpec>(read);
        spec.line = line_;
        parsed_.config.ssh_logins = std::move(spec);
    }

    void cloudwatch(const std::vector<std::string_view>& args) {
        auto read = read_cloudwatch(args);
        if (auto* error = std::get_if<std::string>(&read)) return problem(std::move(*error));
        seen(Singleton::CloudWatch, "CLOUDWATCH");
        auto& config = std::get<CloudWatchConfig>(read);
        config.line = line_;
        parsed_.config.cloudwatch = std::move(config);
    }

    // CLOUDWATCH_LOGS group-template [spool_mb=N]: the template, its placeholders taken out,
    // must be of CloudWatch's group name characters.
    void cloudwatch_logs(const std::vector<std::string_view>& args) {
        if (args.empty() || args.size() > 2) {
            return problem("CLOUDWATCH_LOGS needs 'CLOUDWATCH_LOGS group-template [spool_mb=N]'");
        }
        CloudWatchLogsConfig config;
        config.group_template = std::string(args[0]);
        std::string rest = config.group_template;
        for (const std::string_view placeholder : {"{instance_id}", "{hostname}"}) {
            for (auto at = rest.find(placeholder); at != std::string::npos; at = rest.find(placeholder)) {
                rest.erase(at, placeholder.size());
            }
        }
        const bool chars_ok = std::all_of(rest.begin(), rest.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_' || c == '/' ||
                   c == '#';
        });
        if (!chars_ok || rest.size() > 512 || config.group_template.size() > 512) {
            return problem("CLOUDWATCH_LOGS group template " + quoted(args[0]) +
                           " must be at most 512 of A-Z a-z 0-9 . - _ / # besides {instance_id} and {hostname}");
        }
        if (args.size() == 2) {
            const auto value =
                args[1].starts_with("spool_mb=") ? parse_number(args[1].substr(9), 1, kMaxSpoolMaxMb) : std::nullopt;
            if (!value) return problem("CLOUDWATCH_LOGS spool_mb needs a number 1-" + std::to_string(kMaxSpoolMaxMb));
            config.spool_mb = *value;
        }
        seen(Singleton::CloudWatchLogs, "CLOUDWATCH_LOGS");
        config.line = line_;
        parsed_.config.cloudwatch_logs = std::move(config);
    }

    void alert_topic(const std::vector<std::string_view>& args) {
        if (args.size() != 1 || args[0].size() < 12 || !equals_ignoring_case(args[0].substr(0, 8), "arn:aws:")) {
            return problem("ALERT_TOPIC needs 'ALERT_TOPIC arn:aws:sns:region:account:topic'");
        }
        seen(Singleton::AlertTopic, "ALERT_TOPIC");
        parsed_.config.alert_topic = std::string(args[0]);
    }

    // The key is never echoed.
    void hmac_key(const std::vector<std::string_view>& args) {
        if (args.size() != 1) return problem("HMAC_KEY needs 'HMAC_KEY key' with one key and no spaces");
        seen(Singleton::HmacKey, "HMAC_KEY");
        parsed_.config.hmac_key = std::string(args[0]);
    }

    // Reported on whichever of the two statements came later; both fall back to defaults.
    void check_warn_before_purge() {
        HostConfig& config = parsed_.config;
        if (config.warn_after < config.purge_after) return;
        const int warn_line = seen_lines_[static_cast<std::size_t>(Singleton::WarnAfter)];
        const int purge_line = seen_lines_[static_cast<std::size_t>(Singleton::PurgeAfter)];
        problem_at(std::max(warn_line, purge_line),
                   "WARN_AFTER (" + std::to_string(config.warn_after) + ") must be less than PURGE_AFTER (" +
                       std::to_string(config.purge_after) + "); using the defaults " +
                       std::to_string(kDefaultWarnAfter) + " and " + std::to_string(kDefaultPurgeAfter));
        config.warn_after = kDefaultWarnAfter;
        config.purge_after = kDefaultPurgeAfter;
    }

    std::string_view source_;
    int line_ = 0;
    ParsedConfig parsed_;
    std::array<int, static_cast<std::size_t>(Singleton::Count)> seen_lines_{};
};

}  // namespace

ParsedConfig parse_config(std::string_view text, std::string_view source) {
    Parser parser(source);
    if (text.size() > kMaxConfigBytes) {
        parser.problem_at(
            0, "config is larger than " + std::to_string(kMaxConfigBytes) + " bytes; ignored, using the defaults");
        return parser.finish();
    }
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
    int number = 0;
    while (!text.empty()) {
        ++number;
        if (number > kMaxConfigLines) {
            parser.problem_at(
                number, "config has more than " + std::to_string(kMaxConfigLines) + " lines; the rest is ignored");
            break;
        }
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        parser.line(number, line);
    }
    return parser.finish();
}

}  // namespace niamd::config
