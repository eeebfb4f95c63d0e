#include "config/log_rule_statements.hpp"

#include <charconv>
#include <optional>

#include <regex.h>

#include "config/config_parser.hpp"
#include "config/metric_statements.hpp"

namespace niamd::config {
namespace {

constexpr const char* kLogAlertForm = "LOG_ALERT needs 'LOG_ALERT name /regex/ [host=glob] [COUNT n WITHIN seconds]'";
constexpr const char* kContainerForm =
    "CONTAINER_ALERT needs 'CONTAINER_ALERT die-nonzero | oom | unhealthy | restarts n WITHIN seconds [host=glob]'";
constexpr const char* kSshForm =
    "SSH_ALERT needs 'SSH_ALERT failures n WITHIN seconds [per-source] [host=glob]' or "
    "'SSH_ALERT accepted [user=glob] [host=glob]'";

char lower_char(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower_char(a[i]) != lower_char(b[i])) return false;
    }
    return true;
}

bool starts_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && equals_ignoring_case(text.substr(0, prefix.size()), prefix);
}

std::optional<int> number(std::string_view text, int low, int high) {
    if (text.empty() || text.size() > 6) return std::nullopt;
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
    return value;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

// "n WITHIN seconds" at words[at]; an error message or "".
std::string read_window(const std::vector<std::string_view>& words, std::size_t at, std::string_view what,
                        LogRuleSpec& spec) {
    const std::string form = std::string(what) + " needs 'n WITHIN seconds' (n 1-" + std::to_string(kMaxRuleCount) +
                             ", seconds 1-" + std::to_string(kMaxDurationSeconds) + ")";
    if (words.size() < at + 3 || !equals_ignoring_case(words[at + 1], "WITHIN")) return form;
    const auto count = number(words[at], 1, kMaxRuleCount);
    const auto within = number(words[at + 2], 1, kMaxDurationSeconds);
    if (!count || !within) return form;
    spec.count = *count;
    spec.within = *within;
    return "";
}

// "host=glob" or "user=glob" (when `user` is allowed) into the spec; false when the word is neither.
bool read_glob(std::string_view word, bool user_allowed, std::string_view keyword, LogRuleSpec& spec,
               std::string& error) {
    std::string* target = nullptr;
    std::string_view value;
    if (starts_ignoring_case(word, "host=")) {
        target = &spec.host_glob;
        value = word.substr(5);
    } else if (user_allowed && starts_ignoring_case(word, "user=")) {
        target = &spec.user_glob;
        value = word.substr(5);
    } else {
        return false;
    }
    const std::string key(word.substr(0, 4));
    if (!target->empty()) {
        error = std::string(keyword) + " " + key + "= is given twice";
    } else if (value.empty() || value.size() > kMaxRuleGlobBytes) {
        error = std::string(keyword) + " " + key + "= needs a glob of 1-255 bytes";
    } else {
        target->assign(value);
    }
    return true;
}

std::string compile_error(const LogRuleSpec& spec) {
    // Back-references make matching exponential: refused.
    for (std::size_t i = 0; i + 1 < spec.regex.size(); ++i) {
        if (spec.regex[i] != '\\') continue;
        if (spec.regex[i + 1] >= '1' && spec.regex[i + 1] <= '9') return "back-references (\\1-\\9) are not supported";
        ++i;
    }
    regex_t compiled;
    const int flags = REG_EXTENDED | REG_NOSUB | (spec.ignore_case ? REG_ICASE : 0);
    const int code = regcomp(&compiled, spec.regex.c_str(), flags);
    if (code == 0) {
        regfree(&compiled);
        return "";
    }
    char message[128];
    regerror(code, &compiled, message, sizeof message);
    return std::string(message);
}

std::string slashed(const std::string& regex) {
    std::string out = "/";
    for (const char c : regex) {
        if (c == '/') out += '\\';
        out += c;
    }
    return out + "/";
}

}  // namespace

std::string LogRuleSpec::text() const {
    std::string out;
    const std::string window = " " + std::to_string(count) + " WITHIN " + std::to_string(within);
    switch (kind) {
        case LogRuleKind::LogLine: out = "LOG_ALERT " + name + " " + slashed(regex) + (ignore_case ? "i" : ""); break;
        case LogRuleKind::ContainerDied: out = "CONTAINER_ALERT die-nonzero"; break;
        case LogRuleKind::ContainerOom: out = "CONTAINER_ALERT oom"; break;
        case LogRuleKind::ContainerUnhealthy: out = "CONTAINER_ALERT unhealthy"; break;
        case LogRuleKind::ContainerRestarts: out = "CONTAINER_ALERT restarts" + window; break;
        case LogRuleKind::SshFailures: out = "SSH_ALERT failures" + window + (per_source ? " per-source" : ""); break;
        case LogRuleKind::SshAccepted: out = "SSH_ALERT accepted"; break;
    }
    if (!user_glob.empty()) out += " user=" + user_glob;
    if (!host_glob.empty()) out += " host=" + host_glob;
    if (kind == LogRuleKind::LogLine && (count != 1 || within != kDefaultRuleWithin)) out += " COUNT" + window;
    return out;
}

std::variant<LogRuleSpec, std::string> read_log_alert(const std::vector<std::string_view>& args) {
    if (args.size() < 2) return std::string(kLogAlertForm);
    LogRuleSpec spec;
    spec.kind = LogRuleKind::LogLine;
    const std::string_view name = args[0];
    if (name.size() > kMaxRuleNameBytes) return std::string("LOG_ALERT name is longer than 64 bytes");
    for (const char c : name) {
        if (!is_name_char(c)) {
            return "LOG_ALERT name " + quote_input(name) + " must be letters, digits and . _ -";
        }
    }
    spec.name.assign(name);
    if (args[1].front() != '/') return "LOG_ALERT regex must be written /regex/ (got " + quote_input(args[1]) + ")";
    // The regex runs on the line itself, spaces included, to the first '/' not written "\/".
    const char* const line_end = args.back().data() + args.back().size();
    const char* p = args[1].data() + 1;
    bool closed = false;
    for (; p < line_end; ++p) {
        if (*p == '\\' && p + 1 < line_end) {
            if (p[1] != '/') spec.regex += '\\';
            spec.regex += p[1];
            ++p;
            continue;
        }
        if (*p == '/') {
            closed = true;
            break;
        }
        spec.regex += *p;
    }
    if (!closed) return std::string("LOG_ALERT regex has no closing '/' (write a '/' inside it as \\/)");
    ++p;  // past the closing '/'
    if (p < line_end && *p == 'i') {
        spec.ignore_case = true;
        ++p;
    }
    if (p < line_end && *p != ' ' && *p != '\t') {
        return std::string("LOG_ALERT regex must end with '/' or '/i' and a space before what follows");
    }
    if (spec.regex.empty()) return std::string("LOG_ALERT regex is empty");
    if (spec.regex.size() > kMaxRuleRegexBytes) return std::string("LOG_ALERT regex is longer than 1024 bytes");
    if (auto error = compile_error(spec); !error.empty()) {
        return "LOG_ALERT regex " + quote_input(spec.regex) + " does not compile: " + error;
    }
    std::vector<std::string_view> rest;
    for (const auto word : args) {
        if (word.data() >= p) rest.push_back(word);
    }
    bool counted = false;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        std::string error;
        if (read_glob(rest[i], false, "LOG_ALERT", spec, error)) {
            if (!error.empty()) return error;
            continue;
        }
        if (equals_ignoring_case(rest[i], "COUNT") && !counted) {
            if (auto window_error = read_window(rest, i + 1, "LOG_ALERT COUNT", spec); !window_error.empty()) {
                return window_error;
            }
            counted = true;
            i += 3;
            continue;
        }
        return "LOG_ALERT does not know " + quote_input(rest[i]) + "; " + kLogAlertForm;
    }
    return spec;
}

std::variant<LogRuleSpec, std::string> read_container_alert(const std::vector<std::string_view>& args) {
    if (args.empty()) return std::string(kContainerForm);
    LogRuleSpec spec;
    std::size_t options = 1;
    if (equals_ignoring_case(args[0], "die-nonzero")) {
        spec.kind = LogRuleKind::ContainerDied;
    } else if (equals_ignoring_case(args[0], "oom")) {
        spec.kind = LogRuleKind::ContainerOom;
    } else if (equals_ignoring_case(args[0], "unhealthy")) {
        spec.kind = LogRuleKind::ContainerUnhealthy;
    } else if (equals_ignoring_case(args[0], "restarts")) {
        spec.kind = LogRuleKind::ContainerRestarts;
        if (auto error = read_window(args, 1, "CONTAINER_ALERT restarts", spec); !error.empty()) return error;
        options = 4;
    } else {
        return "CONTAINER_ALERT does not know " + quote_input(args[0]) + "; " + kContainerForm;
    }
    for (std::size_t i = options; i < args.size(); ++i) {
        std::string error;
        if (!read_glob(args[i], false, "CONTAINER_ALERT", spec, error)) {
            return "CONTAINER_ALERT does not know " + quote_input(args[i]) + "; " + kContainerForm;
        }
        if (!error.empty()) return error;
    }
    return spec;
}

std::variant<LogRuleSpec, std::string> read_ssh_alert(const std::vector<std::string_view>& args) {
    if (args.empty()) return std::string(kSshForm);
    LogRuleSpec spec;
    std::size_t options = 1;
    bool user_allowed = false;
    if (equals_ignoring_case(args[0], "failures")) {
        spec.kind = LogRuleKind::SshFailures;
        if (auto error = read_window(args, 1, "SSH_ALERT failures", spec); !error.empty()) return error;
        options = 4;
    } else if (equals_ignoring_case(args[0], "accepted")) {
        spec.kind = LogRuleKind::SshAccepted;
        user_allowed = true;
    } else {
        return "SSH_ALERT does not know " + quote_input(args[0]) + "; " + kSshForm;
    }
    for (std::size_t i = options; i < args.size(); ++i) {
        if (spec.kind == LogRuleKind::SshFailures && equals_ignoring_case(args[i], "per-source") && !spec.per_source) {
            spec.per_source = true;
            continue;
        }
        std::string error;
        if (!read_glob(args[i], user_allowed, "SSH_ALERT", spec, error)) {
            return "SSH_ALERT does not know " + quote_input(args[i]) + "; " + kSshForm;
        }
        if (!error.empty()) return error;
    }
    return spec;
}

}  // namespace niamd::config
