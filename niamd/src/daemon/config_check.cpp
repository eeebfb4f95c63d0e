#include "daemon/config_check.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "config/config_parser.hpp"

namespace niamd::daemon {
namespace {

// Statements only the master reads (docs/config.md); THRESHOLD, which may repeat, is found
// through the thresholds' lines.
constexpr std::array<std::string_view, 11> kMasterOnly = {
    "DATABASE",  "EC2_CHECK",  "NO_AGENT",         "RENOTIFY",      "RETENTION", "ALERT_SCRIPT",
    "MAX_HOSTS", "CLOUDWATCH", "METRIC_RETENTION", "MAX_NEW_HOSTS", "RECEIVERS"};

bool is_master_only(std::string_view keyword) {
    for (const auto master_only : kMasterOnly) {
        if (keyword == master_only) return true;
    }
    return false;
}

int role_line(const config::ParsedConfig& parsed) {
    int line = 0;
    for (const auto& statement : parsed.singletons) {
        if (statement.keyword == "ROLE") line = statement.line;
    }
    return line;
}

}  // namespace

std::vector<config::ConfigProblem> check_config_text(std::string_view text, std::string_view source,
                                                     std::optional<config::Role> role) {
    auto parsed = config::parse_config(text, source);
    auto problems = std::move(parsed.problems);
    const config::Role checked = role.value_or(parsed.config.role);
    auto add = [&](int line, std::string message) {
        problems.push_back(config::ConfigProblem{std::string(source), line, std::move(message)});
    };
    if (checked == config::Role::Master && parsed.config.role != config::Role::Master) {
        add(role_line(parsed), "checked as a master, but without ROLE=master niamd runs this config as a client");
    }
    if (checked == config::Role::Client) {
        for (const auto& statement : parsed.singletons) {
            if (is_master_only(statement.keyword)) {
                add(statement.line, statement.keyword + " is read only by the master; a client ignores it");
            }
        }
        for (const auto& threshold : parsed.config.thresholds) {
            add(threshold.line, "THRESHOLD is read only by the master; a client ignores it");
        }
        for (const auto& rule : parsed.config.log_rules) {
            const std::string text = rule.text();
            add(rule.line, text.substr(0, text.find(' ')) + " is read only by the master; a client ignores it");
        }
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const config::ConfigProblem& a, const config::ConfigProblem& b) { return a.line < b.line; });
    return problems;
}

int check_config_file(const std::string& path, std::optional<config::Role> role, std::ostream& out) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        out << "niamd: " << path << ": cannot read: it is a directory\n";
        return 1;
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        out << "niamd: " << path << ": cannot read: " << std::strerror(errno) << "\n";
        return 1;
    }
    // One byte past the bound is enough for the parser to refuse a file that is too large.
    std::string text(config::kMaxConfigBytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (file.bad()) {
        out << "niamd: " << path << ": cannot read: " << std::strerror(errno) << "\n";
        return 1;
    }
    text.resize(static_cast<std::size_t>(file.gcount()));
    const auto problems = check_config_text(text, path, role);
    for (const auto& problem : problems) out << problem.describe() << "\n";
    if (problems.empty()) {
        out << "niamd: " << path << ": syntax is ok\n";
        return 0;
    }
    out << "niamd: " << path << ": " << problems.size() << (problems.size() == 1 ? " problem\n" : " problems\n");
    return 1;
}

}  // namespace niamd::daemon
