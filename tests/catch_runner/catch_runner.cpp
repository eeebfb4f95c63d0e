// Catch2's implementation and main, compiled once for every test program and with little
// optimisation: the single header's implementation is the slowest file of the build. Each
// program sets itself up in its own prepare_test_run() (its main.cpp).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "catch_runner.hpp"

int main(int argc, char* argv[]) {
    prepare_test_run();
    return Catch::Session().run(argc, argv);
}
