// Opens the master's history store as the config says: SQLite at STATE_DIR/niam.db when
// there is no DATABASE statement, MariaDB otherwise. Each call opens a new instance (the
// web interface opens its own, next to the master's).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include <awsrest/clock.hpp>
#include <awsrest/result.hpp>

#include "config/host_config.hpp"
#include "store/history_store.hpp"

namespace niamd::store {

inline constexpr std::string_view kSqliteFileName = "niam.db";

// state_dir is created when missing (SQLite only). Errors say which database failed and
// never contain the password.
awsrest::Result<std::unique_ptr<HistoryStore>> open_store(const std::optional<config::DatabaseConfig>& database,
                                                          const std::filesystem::path& state_dir);

// The same, with the clock that stamps applied message ids (tests); it must outlive the store.
awsrest::Result<std::unique_ptr<HistoryStore>> open_store(const std::optional<config::DatabaseConfig>& database,
                                                          const std::filesystem::path& state_dir,
                                                          const awsrest::Clock& clock);

}  // namespace niamd::store
