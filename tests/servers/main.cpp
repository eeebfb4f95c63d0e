// The server tests quiet niamd's log to warnings.
#include "catch_runner.hpp"
#include "log/log.hpp"

void prepare_test_run() { niamd::log::set_level(niamd::log::Level::Warning); }
