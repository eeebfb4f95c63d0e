// The unit tests' setup before Catch2 runs (main is tests/catch_runner/). The daemon log is
// cut to errors: many tests drive failures on purpose, and their warnings would bury Catch's
// report. NIAM_TEST_LOG=1 shows everything.
#include <cstdlib>

#include "catch_runner.hpp"
#include "log/log.hpp"

void prepare_test_run() {
    const char* verbose = std::getenv("NIAM_TEST_LOG");
    niamd::log::set_level(verbose != nullptr && *verbose != '\0' ? niamd::log::Level::Debug : niamd::log::Level::Error);
}
