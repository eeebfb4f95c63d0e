// Catch2's main, with the daemon log at warnings: reconnects show, schema migrations do not.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "log/log.hpp"

int main(int argc, char* argv[]) {
    niamd::log::set_level(niamd::log::Level::Warning);
    return Catch::Session().run(argc, argv);
}
