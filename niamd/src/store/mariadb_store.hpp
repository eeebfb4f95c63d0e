// The MariaDB (or MySQL) history store, for a master whose config says
// `DATABASE host port user password [dbname]`. libmariadb, prepared statements only,
// utf8mb4 connection, binary columns (bytes stored verbatim). A lost connection is
// reported once with a clear error and reopened on the next call.
#pragma once

#include <chrono>
#include <memory>
#include <string_view>

#include <awsrest/clock.hpp>
#include <awsrest/result.hpp>

#include "config/host_config.hpp"
#include "store/history_store.hpp"

namespace niamd::store {

inline constexpr std::string_view kDefaultDatabaseName = "niam";
inline constexpr std::chrono::seconds kMariadbConnectTimeout{10};
inline constexpr std::chrono::seconds kMariadbReadWriteTimeout{60};
// How long a niamd waits for another one that is migrating the same database.
inline constexpr std::chrono::seconds kMariadbSchemaLockTimeout{60};

// Connects (dbname "niam" when the statement named none) and creates or migrates the
// schema. Errors name user@host:port/dbname and never contain the password. The clock
// must outlive the store.
awsrest::Result<std::unique_ptr<HistoryStore>> open_mariadb_store(
    const config::DatabaseConfig& database, const awsrest::Clock& clock = awsrest::system_clock());

}  // namespace niamd::store
