#include "mariadb_fixture.hpp"

#include <mysql.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace scenario {
namespace {

std::map<std::string, std::string> read_env(const std::filesystem::path& path) {
    std::ifstream in(path);
    INFO(path.string() << ": cannot open; is the mariadb fixture running?");
    REQUIRE(in);
    std::map<std::string, std::string> env;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("export ", 0) == 0) line.erase(0, 7);
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string value = line.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'')
            value = value.substr(1, value.size() - 2);
        env[line.substr(0, eq)] = value;
    }
    return env;
}

}  // namespace

niamd::config::DatabaseConfig empty_mariadb() {
    const char* dir = std::getenv("NIAM_MARIADB_DIR");
    const auto env = read_env(std::filesystem::path(dir && *dir ? dir : NIAM_MARIADB_DIR) / "env");
    niamd::config::DatabaseConfig config;
    config.host = env.at("NIAM_MARIADB_HOST");
    config.port = std::stoi(env.at("NIAM_MARIADB_PORT"));
    config.user = env.at("NIAM_MARIADB_USER");
    config.password = env.at("NIAM_MARIADB_PASSWORD");
    config.dbname = env.at("NIAM_MARIADB_DB");

    MYSQL* raw = mysql_init(nullptr);
    REQUIRE(raw != nullptr);
    const bool connected =
        mysql_real_connect(raw, config.host.c_str(), config.user.c_str(), config.password.c_str(),
                           config.dbname.c_str(), static_cast<unsigned>(config.port), nullptr, 0) != nullptr;
    const std::string error = connected ? "" : mysql_error(raw);
    if (!connected) mysql_close(raw);
    INFO("MariaDB connection: " << error);
    REQUIRE(connected);
    std::vector<std::string> tables;
    const std::string list = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()";
    if (mysql_real_query(raw, list.data(), list.size()) == 0) {
        if (MYSQL_RES* result = mysql_store_result(raw)) {
            while (MYSQL_ROW row = mysql_fetch_row(result)) tables.emplace_back(row[0]);
            mysql_free_result(result);
        }
    }
    for (const auto& table : tables) {
        const std::string drop = "DROP TABLE `" + table + "`";
        const bool dropped = mysql_real_query(raw, drop.data(), drop.size()) == 0;
        INFO(drop << ": " << mysql_error(raw));
        CHECK(dropped);
    }
    mysql_close(raw);
    return config;
}

}  // namespace scenario
