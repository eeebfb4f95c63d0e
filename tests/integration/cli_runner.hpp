// Runs a program as a child process with a given environment and stdin, and collects its
// exit status, stdout and stderr. For the awsrest-cli integration tests.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace cli_test {

struct ProcessResult {
    int exit_code = -1;  // the exit status; 128 + N when killed by signal N
    std::string out;
    std::string err;
};

// `env` is the child's whole environment: nothing of this process's is passed on. A child
// still running after `timeout` is killed (exit_code 128 + SIGKILL).
ProcessResult run_process(const std::string& path, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env, const std::string& input,
                          std::chrono::seconds timeout = std::chrono::seconds(60));

// The environment a tool run against the local stack gets: the stack's endpoints, test
// identity, region and IMDS endpoint, plus PATH and any sanitizer options of this process.
std::map<std::string, std::string> stack_environment();

}  // namespace cli_test
