#include "config/log_statements.hpp"

#include <array>
#include <charconv>

#include "config/metric_statements.hpp"

namespace niamd::config {
namespace {

constexpr std::array<std::string_view, 8> kPriorityNames = {"emerg",   "alert",  "crit", "err",
                                                            "warning", "notice", "info", "debug"};

std::optional<int> priority_of(std::string_view text) {
    if (text.size() == 1 && text[0] >= '0' && text[0] <= '7') return text[0] - '0';
    for (std::size_t i = 0; i < kPriorityNames.size(); ++i) {
        if (text == kPriorityNames[i]) return static_cast<int>(i);
    }
    if (text == "error") return 3;
    if (text == "warn") return 4;
    return std::nullopt;
}

// A systemd unit name: letters, digits and ":-_.\@", with a type suffix (".service", ...).
bool is_unit_name(std::string_view text) {
    if (text.empty() || text.size() > 256 || text.find('.') == std::string_view::npos) return false;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
                        c == '-' || c == '_' || c == '.' || c == '\\' || c == '@';
        if (!ok) return false;
    }
    return true;
}

bool is_source_name(std::string_view text) {
    if (text.empty() || text.size() > 256) return false;
    for (const char c : text) {
        if (static_cast<unsigned char>(c) <= ' ' || c == ',' || c == '"') return false;
    }
    return true;
}

// One plain decimal number in [low, high], or the problem naming the statement's form.
std::variant<std::size_t, std::string> read_bounded(const std::vector<std::string_view>& args, const char* form,
                                                    std::size_t low, std::size_t high) {
    const std::string problem =
        std::string(form) + " with a number " + std::to_string(low) + "-" + std::to_string(high);
    if (args.size() != 1) return problem;
    std::size_t value = 0;
    const std::string_view text = args[0];
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) {
        return problem + ", not " + quote_input(text);
    }
    return value;
}

}  // namespace

std::variant<std::size_t, std::string> read_log_max_line(const std::vector<std::string_view>& args) {
    return read_bounded(args, "LOG_MAX_LINE needs 'LOG_MAX_LINE bytes'", kMinLogMaxLine, kMaxLogMaxLine);
}

std::variant<std::size_t, std::string> read_log_rate(const std::vector<std::string_view>& args) {
    return read_bounded(args, "LOG_RATE needs 'LOG_RATE lines-per-second'", kMinLogRate, kMaxLogRate);
}

std::variant<JournalSpec, std::string> read_journal(const std::vector<std::string_view>& args) {
    JournalSpec spec;
    bool named = false;
    for (const std::string_view arg : args) {
        const std::size_t equals = arg.find('=');
        if (equals == std::string_view::npos) {
            return "JOURNAL option " + quote_input(arg) + " must be unit=U, priority=P, name=N or directory=D";
        }
        const std::string_view key = arg.substr(0, equals);
        const std::string_view value = arg.substr(equals + 1);
        if (key == "unit") {
            if (!is_unit_name(value))
                return "JOURNAL unit " + quote_input(value) + " is not a unit name like ssh.service";
            spec.units.emplace_back(value);
        } else if (key == "priority") {
            const auto priority = priority_of(value);
            if (!priority) {
                return "JOURNAL priority " + quote_input(value) +
                       " must be 0-7 or emerg, alert, crit, err, warning, notice, info, debug";
            }
            spec.max_priority = *priority;
        } else if (key == "name") {
            if (!is_source_name(value))
                return "JOURNAL name " + quote_input(value) + " must be a word without spaces, commas or quotes";
            spec.name = std::string(value);
            named = true;
        } else if (key == "directory") {
            if (value.empty() || value[0] != '/')
                return "JOURNAL directory " + quote_input(value) + " must be an absolute path";
            spec.directory = std::string(value);
        } else {
            return "JOURNAL option " + quote_input(key) + " is unknown (unit=, priority=, name=, directory=)";
        }
    }
    if (!named) {
        spec.name = "journal";
        for (std::size_t i = 0; i < spec.units.size(); ++i) spec.name += (i == 0 ? ":" : ",") + spec.units[i];
    }
    return spec;
}

std::variant<SshLoginsSpec, std::string> read_ssh_logins(const std::vector<std::string_view>& args) {
    SshLoginsSpec spec;
    for (const std::string_view arg : args) {
        if (arg.substr(0, 10) == "directory=") {
            const std::string_view value = arg.substr(10);
            if (value.empty() || value[0] != '/')
                return "SSH_LOGINS directory " + quote_input(value) + " must be an absolute path";
            spec.journal_directory = std::string(value);
            continue;
        }
        if (spec.path_given) return "SSH_LOGINS takes one path, 'SSH_LOGINS [path] [directory=D]'";
        if (arg.empty() || arg[0] != '/') return "SSH_LOGINS path " + quote_input(arg) + " must be an absolute path";
        spec.path = std::string(arg);
        spec.path_given = true;
    }
    return spec;
}

std::variant<LogFileSpec, std::string> read_log_file(const std::vector<std::string_view>& args) {
    if (args.empty() || args.size() > 2) return std::string("LOG needs 'LOG path-or-glob [name=N]'");
    LogFileSpec spec;
    const std::string_view path = args[0];
    if (path.empty() || path[0] != '/') {
        return "LOG path " + quote_input(path) + " must be absolute (start with /)";
    }
    if (path.size() > 4096 || path.back() == '/') return "LOG path " + quote_input(path) + " must name a file";
    for (std::size_t at = 0; at < path.size();) {
        const std::size_t slash = path.find('/', at + 1);
        const std::string_view part =
            path.substr(at + 1, (slash == std::string_view::npos ? path.size() : slash) - at - 1);
        if (part == "." || part == "..") return "LOG path " + quote_input(path) + " must not hold '.' or '..' parts";
        if (slash == std::string_view::npos) break;
        at = slash;
    }
    for (const char c : path) {
        if (static_cast<unsigned char>(c) < ' ') return "LOG path " + quote_input(path) + " holds a control character";
    }
    spec.pattern = std::string(path);
    spec.glob = path.find_first_of("*?[") != std::string_view::npos;
    if (spec.glob && path.substr(0, path.rfind('/')).find_first_of("*?[") != std::string_view::npos) {
        return "LOG glob " + quote_input(path) + " may hold '*', '?' and '[' in its last part only";
    }
    if (args.size() == 2) {
        if (args[1].substr(0, 5) != "name=") {
            return "LOG option " + quote_input(args[1]) + " is unknown ('LOG path-or-glob [name=N]')";
        }
        const std::string_view name = args[1].substr(5);
        if (!is_source_name(name))
            return "LOG name " + quote_input(name) + " must be a word without spaces, commas or quotes";
        spec.name = std::string(name);
    }
    return spec;
}

std::string log_source_name(const LogFileSpec& spec, const std::string& path) {
    if (!spec.glob) return spec.name.empty() ? spec.pattern : spec.name;
    return spec.name.empty() ? path : spec.name + ":" + path;
}

}  // namespace niamd::config
