// The client's DOCKER [socket=PATH] statement.
#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"

using niamd::config::parse_config;

TEST_CASE("docker statement: without it nothing follows docker") {
    CHECK_FALSE(parse_config("", "conf/web1").config.docker.has_value());
}

TEST_CASE("docker statement: DOCKER alone uses the default socket and socket= names another") {
    const auto plain = parse_config("DOCKER\n", "conf/web1");
    CHECK(plain.problems.empty());
    REQUIRE(plain.config.docker.has_value());
    CHECK(plain.config.docker->socket == "/var/run/docker.sock");
    CHECK(plain.config.docker->line == 1);
    const auto other = parse_config("INTERVAL 30\ndocker socket=/run/user/1000/docker.sock\n", "conf/web1");
    CHECK(other.problems.empty());
    REQUIRE(other.config.docker.has_value());
    CHECK(other.config.docker->socket == "/run/user/1000/docker.sock");
}

TEST_CASE("docker statement: a bad option or path names the line and is ignored") {
    const std::string too_long = "DOCKER socket=/" + std::string(120, 'a') + "\n";
    for (const std::string& text :
         {std::string("DOCKER host=tcp://1.2.3.4:2375\n"), std::string("DOCKER socket=docker.sock\n"),
          std::string("DOCKER socket=\n"), too_long}) {
        INFO(text);
        const auto parsed = parse_config(text, "conf/web1");
        REQUIRE(parsed.problems.size() == 1);
        CHECK(parsed.problems[0].line == 1);
        CHECK(parsed.problems[0].message.find("DOCKER") != std::string::npos);
        CHECK_FALSE(parsed.config.docker.has_value());
    }
}
