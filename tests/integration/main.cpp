// The integration tests' setup before Catch2 runs (main is tests/catch_runner/): none.
#include "catch_runner.hpp"

void prepare_test_run() {}
