#include "checks/script_check.hpp"

#include "checks/plugin_process.hpp"

namespace niamd::checks {

CheckOutcome ScriptCheck::run(std::chrono::milliseconds timeout) {
    if (!is_plain_script_name(name_)) {
        return check_unknown(0, "script name " + shown_program("", name_).substr(1) +
                                    " refused: must be a plain file name (no '/', no '..')");
    }
    PluginRun run = run_plugin(PluginProgram{scripts_dir_ / name_, args_, "script", name_}, timeout);
    if (run.ending != PluginEnding::Exited) return check_unknown(run.latency_ms, std::move(run.problem));
    PluginResult result = parse_plugin_output(run.exit_code, run.stdout_text);
    CheckOutcome outcome;
    outcome.ok = result.code == kPluginOk;
    outcome.nagios_code = result.code;
    outcome.latency_ms = run.latency_ms;
    outcome.output = std::move(result.output);
    outcome.perfdata = std::move(result.perfdata);
    outcome.long_output = std::move(result.long_output);
    return outcome;
}

}  // namespace niamd::checks
