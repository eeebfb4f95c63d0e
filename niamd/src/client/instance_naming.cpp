#include "client/instance_naming.hpp"

#include <unistd.h>

#include <array>
#include <filesystem>

#include "checks/plugin_process.hpp"
#include "log/log.hpp"

namespace niamd::client {
namespace {

bool is_number_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

// A command named without '/' is looked for where a plugin's PATH looks.
std::filesystem::path program_path(const std::string& command) {
    if (command.find('/') != std::string::npos) return command;
    static constexpr std::array<const char*, 4> kDirs = {"/usr/sbin", "/usr/bin", "/sbin", "/bin"};
    for (const char* dir : kDirs) {
        std::filesystem::path candidate = std::filesystem::path(dir) / command;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::filesystem::path(kDirs[1]) / command;  // not found: run_plugin says so
}

InstanceNaming failed(std::string problem) {
    problem = "INSTANCE_ID: " + problem + "; the instance id stays " + kNotAws;
    log::error(problem);
    return {kNotAws, std::move(problem)};
}

}  // namespace

std::string instance_number_of(std::string_view output) {
    std::string_view line = output.substr(0, output.find('\n'));
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty() || line.size() > kMaxInstanceNumberBytes || line == "." || line == "..") return {};
    for (const char c : line) {
        if (!is_number_char(c)) return {};
    }
    return std::string(line);
}

InstanceNaming instance_id_off_ec2(const config::InstanceIdConfig& statement, const std::string& current,
                                   std::chrono::milliseconds timeout) {
    if (current != kNotAws || statement.prefix.empty()) return {current, {}};
    if (!statement.serial.empty()) return {statement.prefix + "-" + statement.serial, {}};
    if (statement.command.empty()) return {current, {}};
    checks::PluginProgram program;
    program.path = program_path(statement.command[0]);
    program.args.assign(statement.command.begin() + 1, statement.command.end());
    program.what = "command";
    program.name = statement.command[0];
    const auto run = checks::run_plugin(program, timeout);
    if (run.ending != checks::PluginEnding::Exited) return failed(run.problem);
    const std::string shown = checks::shown_program("command", statement.command[0]);
    if (run.exit_code < 0) return failed(shown + " was killed by signal " + std::to_string(-run.exit_code));
    if (run.exit_code != 0) return failed(shown + " exited with code " + std::to_string(run.exit_code));
    const std::string number = instance_number_of(run.stdout_text);
    if (number.empty()) {
        return failed(shown + " printed no usable id: its first line must be 1-" +
                      std::to_string(kMaxInstanceNumberBytes) + " letters, digits, '.', '_' and '-'");
    }
    log::info("INSTANCE_ID: " + shown + " printed '" + number + "'");
    return {statement.prefix + "-" + number, {}};
}

}  // namespace niamd::client
