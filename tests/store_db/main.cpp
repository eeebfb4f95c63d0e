// The store tests' setup before Catch2 runs (main is tests/catch_runner/): the daemon log at
// warnings, so reconnects show and schema migrations do not.
#include "catch_runner.hpp"
#include "log/log.hpp"

void prepare_test_run() { niamd::log::set_level(niamd::log::Level::Warning); }
