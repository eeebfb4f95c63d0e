#include "store/open_store.hpp"

#include <system_error>

#include "store/mariadb_store.hpp"
#include "store/sqlite_store.hpp"

namespace niamd::store {

awsrest::Result<std::unique_ptr<HistoryStore>> open_store(const std::optional<config::DatabaseConfig>& database,
                                                          const std::filesystem::path& state_dir) {
    return open_store(database, state_dir, awsrest::system_clock());
}

awsrest::Result<std::unique_ptr<HistoryStore>> open_store(const std::optional<config::DatabaseConfig>& database,
                                                          const std::filesystem::path& state_dir,
                                                          const awsrest::Clock& clock) {
    if (database) return open_mariadb_store(*database, clock);
    std::error_code error;
    std::filesystem::create_directories(state_dir, error);
    if (error) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "SQLite " + (state_dir / kSqliteFileName).string() +
                                       ": cannot create the state directory: " + error.message());
    }
    return open_sqlite_store(state_dir / kSqliteFileName, clock);
}

}  // namespace niamd::store
