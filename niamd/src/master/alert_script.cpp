#include "master/alert_script.hpp"

#include <cstring>

#include "process/child_process.hpp"

namespace niamd::master {

awsrest::Result<void> run_alert_script(const std::string& path, const std::string& subject, const std::string& message,
                                       std::chrono::milliseconds timeout) {
    const auto fail = [&](const std::string& what) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "alert script " + path + ": " + what);
    };
    // None of the master's descriptors (the web port, SQS/SNS/database connections) and
    // none of its environment (AWS keys may be there); output to /dev/null.
    process::ChildProgram program;
    program.path = path;
    program.args = {subject, message};
    program.max_stdout_bytes = 0;
    const process::ChildRun ran = process::run_child(program, timeout);
    switch (ran.ending) {
        case process::ChildEnding::NotStarted: return fail(std::string("cannot start: ") + std::strerror(ran.error));
        case process::ChildEnding::StatusLost: return fail(std::string("cannot wait: ") + std::strerror(ran.error));
        case process::ChildEnding::TimedOut:
        case process::ChildEnding::Stopped: return fail("killed after " + std::to_string(timeout.count()) + " ms");
        case process::ChildEnding::Exited: break;
    }
    if (ran.exit_code == 0) return {};
    if (ran.exit_code > 0) return fail("exited with code " + std::to_string(ran.exit_code));
    return fail("killed by signal " + std::to_string(-ran.exit_code));
}

}  // namespace niamd::master
