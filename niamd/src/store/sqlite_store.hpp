// The SQLite history store: one file (STATE_DIR/niam.db by default) in WAL mode, so that
// readers (the web interface opens its own store) never block the writing master and are
// never blocked by it. A writer waits up to kSqliteBusyTimeout for another writer.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include <awsrest/clock.hpp>
#include <awsrest/result.hpp>

#include "store/history_store.hpp"

namespace niamd::store {

inline constexpr std::chrono::milliseconds kSqliteBusyTimeout{5000};

// Opens the database at `file`, creating the file (not its directory) when missing, and
// creates or migrates the schema. Errors name the file. The clock must outlive the store.
awsrest::Result<std::unique_ptr<HistoryStore>> open_sqlite_store(const std::filesystem::path& file,
                                                                 const awsrest::Clock& clock = awsrest::system_clock());

}  // namespace niamd::store
