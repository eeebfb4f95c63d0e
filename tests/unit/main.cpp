// Catch2's main. The daemon log is cut to errors: many tests drive failures on purpose,
// and their warnings would bury Catch's report. NIAM_TEST_LOG=1 shows everything.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

#include "log/log.hpp"

int main(int argc, char* argv[]) {
    const char* verbose = std::getenv("NIAM_TEST_LOG");
    niamd::log::set_level(verbose != nullptr && *verbose != '\0' ? niamd::log::Level::Debug : niamd::log::Level::Error);
    return Catch::Session().run(argc, argv);
}
