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
#include "store/sql_connection.hpp"

namespace niamd::store {

inline constexpr std::string_view kDefaultDatabaseName = "niam";
inline constexpr std::chrono::seconds kMariadbConnectTimeout{10};
inline constexpr std::chrono::seconds kMariadbReadWriteTimeout{60};
// How long a niamd waits for another one that is migrating the same database.
inline constexpr std::chrono::seconds kMariadbSchemaLockTimeout{60};
// The server ends a niamd session that sits this long inside a transaction without sending
// anything (idle_transaction_timeout), rolling it back. niamd never waits between the
// statements of a transaction, so only a stopped or cut-off process is idle there: without
// this, its row locks (the leader lease row that every fenced commit locks) stay taken until
// the server notices the connection is gone (wait_timeout, 8 hours by default), and no other
// master can take over (docs/master.md, "Two masters").
inline constexpr std::chrono::seconds kMariadbIdleTransactionTimeout{5};

// Connects (dbname "niam" when the statement named none) and creates or migrates the
// schema. Errors name user@host:port/dbname and never contain the password. The clock
// must outlive the store.
awsrest::Result<std::unique_ptr<HistoryStore>> open_mariadb_store(
    const config::DatabaseConfig& database, const awsrest::Clock& clock = awsrest::system_clock());

// One connection with niamd's session settings (utf8mb4, strict sql_mode, READ COMMITTED,
// kMariadbIdleTransactionTimeout), made again the same way on reconnect(); no schema work.
awsrest::Result<std::unique_ptr<SqlConnection>> open_mariadb_connection(const config::DatabaseConfig& database);

}  // namespace niamd::store
