// The throw-away MariaDB of the `mariadb` ctest fixture (scripts/mariadb-test), for the
// master scenarios that run on it as well as on SQLite.
#pragma once

#include "config/host_config.hpp"

namespace scenario {

// Connection settings from the fixture's env file, after dropping every table of its
// database so the scenario starts empty. Fails the test when the fixture is not running.
niamd::config::DatabaseConfig empty_mariadb();

}  // namespace scenario
