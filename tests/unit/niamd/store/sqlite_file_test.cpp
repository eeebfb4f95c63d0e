// The SQLite store as a file on disk: where open_store puts it, WAL, files that are not
// a database; and open_store's errors for a MariaDB that does not answer. (Everything a
// store does is tested on both databases in tests/store_db.)
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "store/open_store.hpp"
#include "store/sqlite_store.hpp"
#include "support/scripted_http.hpp"

namespace fs = std::filesystem;
using namespace niamd::store;

namespace {

class TempDir {
  public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "niam-store-unit-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

test_support::ManualClock clock_at_2023() {
    return test_support::ManualClock(awsrest::TimePoint{std::chrono::seconds{1700000000}});
}

}  // namespace

TEST_CASE("sqlite store: open_store creates STATE_DIR and STATE_DIR/niam.db in WAL mode", "[store]") {
    TempDir dir;
    const fs::path state = dir.path() / "state" / "nested";
    auto clock = clock_at_2023();
    auto store = open_store(std::nullopt, state, clock);
    REQUIRE(store.ok());
    CHECK(fs::is_regular_file(state / "niam.db"));
    Batch batch;
    batch.heartbeats.push_back({HostKey{"web-1", "NOT-AWS"}, 1700000000});
    REQUIRE(store.value()->commit(batch).ok());
    CHECK(fs::exists(state / "niam.db-wal"));  // the write went to the WAL
    auto beats = store.value()->heartbeats(HostKey{"web-1", "NOT-AWS"}, 0, 10);
    REQUIRE(beats.ok());
    CHECK(beats->size() == 1);
}

TEST_CASE("sqlite store: a file that is not a database is a Parse error naming it", "[store]") {
    TempDir dir;
    const fs::path file = dir.path() / "niam.db";
    std::ofstream(file) << "this is a text file, not an SQLite database, and it is long enough "
                           "that SQLite reads a header from it and finds no magic string there\n";
    auto clock = clock_at_2023();
    auto store = open_sqlite_store(file, clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().kind == awsrest::ErrorKind::Parse);
    CHECK_THAT(store.error().message, Catch::Contains("SQLite " + file.string()));
    CHECK_THAT(store.error().message, Catch::Contains("not a database"));
}

TEST_CASE("sqlite store: a state directory that cannot be created is a clear error", "[store]") {
    TempDir dir;
    std::ofstream(dir.path() / "blocker") << "a file where the state directory should be";
    auto clock = clock_at_2023();
    auto store = open_store(std::nullopt, dir.path() / "blocker" / "state", clock);
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.error().message, Catch::Contains("cannot create the state directory"));
    CHECK_THAT(store.error().message, Catch::Contains("blocker"));
}

TEST_CASE("sqlite store: a directory in place of the file cannot be opened", "[store]") {
    TempDir dir;
    fs::create_directory(dir.path() / "niam.db");
    auto clock = clock_at_2023();
    auto store = open_store(std::nullopt, dir.path(), clock);
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.error().message, Catch::StartsWith("SQLite " + (dir.path() / "niam.db").string()));
}

TEST_CASE("open_store: a MariaDB nobody answers for is a Network error without the password", "[store]") {
    // A loopback port nothing listens on: bound, read, closed.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    close(fd);

    niamd::config::DatabaseConfig database;
    database.host = "127.0.0.1";
    database.port = ntohs(address.sin_port);
    database.user = "monitor";
    database.password = "S3cret-Password-That-Must-Not-Leak";
    auto clock = clock_at_2023();
    auto store = open_store(database, "/nonexistent", clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().kind == awsrest::ErrorKind::Network);
    CHECK_THAT(store.error().message, Catch::StartsWith("MariaDB monitor@127.0.0.1:" + std::to_string(database.port) +
                                                        "/niam: cannot connect"));
    CHECK(store.error().message.find(database.password) == std::string::npos);
    CHECK(store.error().describe().find(database.password) == std::string::npos);
}
