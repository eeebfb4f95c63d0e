// MariaDB only: connecting, credentials, the default database name, and a connection the
// server drops under the store.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "store/open_store.hpp"
#include "store_backend.hpp"
#include "store_rows.hpp"

using namespace store_test;

namespace {

// A loopback port nothing listens on (bound, read, closed).
int closed_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    close(fd);
    return ntohs(address.sin_port);
}

void check_no_secret(const std::string& message, const std::string& secret) {
    INFO("error: " << message);
    CHECK(message.find(secret) == std::string::npos);
}

}  // namespace

TEST_CASE("mariadb: a wrong password is a clear credentials error without the password", "[store][mariadb]") {
    auto backend = mariadb_backend();
    auto config = mariadb_config();
    const std::string real_password = config.password;
    config.password = "Wr0ng-Pa55word-9f3e1c";
    auto clock = clock_at();
    auto store = ns::open_store(config, "/unused", clock);
    REQUIRE_FALSE(store.ok());
    const auto& error = store.error();
    CHECK(error.kind == awsrest::ErrorKind::Credentials);
    CHECK_THAT(error.message, Catch::Contains("MariaDB niam@127.0.0.1:" + std::to_string(config.port) + "/niam"));
    CHECK_THAT(error.message, Catch::Contains("cannot connect"));
    CHECK_THAT(error.message, Catch::Contains("Access denied"));
    check_no_secret(error.message, config.password);
    check_no_secret(error.message, real_password);
    check_no_secret(error.describe(), config.password);
}

TEST_CASE("mariadb: an unknown database is a clear error without the password", "[store][mariadb]") {
    auto backend = mariadb_backend();
    auto config = mariadb_config();
    config.dbname = "niam_no_such_db";
    auto clock = clock_at();
    auto store = ns::open_store(config, "/unused", clock);
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.error().message, Catch::Contains("/niam_no_such_db: cannot connect"));
    CHECK_THAT(store.error().message, Catch::Contains("niam_no_such_db"));
    check_no_secret(store.error().message, config.password);
}

TEST_CASE("mariadb: nothing listening is a network error naming host and port", "[store][mariadb]") {
    auto config = mariadb_config();
    config.port = closed_port();
    auto clock = clock_at();
    auto store = ns::open_store(config, "/unused", clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().kind == awsrest::ErrorKind::Network);
    CHECK_THAT(store.error().message, Catch::Contains("127.0.0.1:" + std::to_string(config.port)));
    check_no_secret(store.error().message, config.password);
}

TEST_CASE("mariadb: without a dbname the database is 'niam'", "[store][mariadb]") {
    auto backend = mariadb_backend();
    auto config = mariadb_config();
    REQUIRE(config.dbname == "niam");  // what scripts/mariadb-test creates
    config.dbname.clear();
    auto clock = clock_at();
    auto store = ns::open_store(config, "/unused", clock);
    REQUIRE(store.ok());
    ns::Batch batch;
    batch.hosts = {host_row(host("web-1"))};
    REQUIRE(store.value()->commit(batch).ok());
    CHECK(backend->query_int("SELECT COUNT(*) FROM niam.hosts") == 1);
}

TEST_CASE("mariadb: a connection killed by the server is reopened and the call retried", "[store][mariadb]") {
    auto backend = mariadb_backend();
    auto clock = clock_at();
    auto store = backend->open(clock);
    ns::Batch first;
    first.hosts = {host_row(host("web-1"))};
    REQUIRE(store->commit(first).ok());

    // The newest connection of the user is the store's (the raw one is older).
    auto kill_store_connection = [&] {
        const auto id = backend->query_int(
            "SELECT MAX(id) FROM information_schema.processlist WHERE user = 'niam' AND id <> CONNECTION_ID()");
        REQUIRE(id > 0);
        backend->exec("KILL CONNECTION " + std::to_string(id));
    };

    kill_store_connection();
    auto hosts = store->load_hosts();
    REQUIRE(hosts.ok());
    CHECK(hosts->size() == 1);

    kill_store_connection();
    ns::Batch second;
    second.hosts = {host_row(host("web-2"))};
    second.alerts = {alert(kNow, ns::AlertKind::Missing, host("web-2"))};
    auto committed = store->commit(second);
    INFO((committed.ok() ? std::string() : committed.error().message));
    REQUIRE(committed.ok());
    CHECK(second.alerts[0].id > 0);
    CHECK(backend->count("hosts") == 2);
    CHECK(backend->count("alerts") == 1);  // written once, not twice
}
