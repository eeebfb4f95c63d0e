// Catch2's implementation and main, compiled once for every test program and with little
// optimisation: the single header's implementation is the slowest file of the build. Each
// program sets itself up in its own prepare_test_run() (its main.cpp).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "catch_runner.hpp"
#include "test_skip.hpp"

namespace {

std::mutex skips_mutex;
std::vector<std::pair<std::string, std::string>> skips;

}  // namespace

void niam_test::skip_case(const std::string& test_case, const std::string& why) {
    std::fprintf(stdout, "SKIPPED: %s: %s\n", test_case.c_str(), why.c_str());
    std::fflush(stdout);
    if (const char* code = std::getenv("NIAM_SKIP_EXIT_CODE"); code != nullptr && *code != '\0') {
        std::fflush(stderr);
        std::_Exit(std::atoi(code));
    }
    const std::lock_guard lock(skips_mutex);
    skips.emplace_back(test_case, why);
}

int main(int argc, char* argv[]) {
    prepare_test_run();
    const int status = Catch::Session().run(argc, argv);
    if (!skips.empty()) {
        std::fprintf(stdout, "%zu test case(s) skipped, not run:\n", skips.size());
        for (const auto& [test_case, why] : skips) std::fprintf(stdout, "  %s: %s\n", test_case.c_str(), why.c_str());
    }
    return status;
}
