// The one problem a config text gives, as parse_config describes it ("SOURCE:LINE: ..."); the
// test fails when there is not exactly one.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "config/config_parser.hpp"

inline std::string only_problem(std::string_view text, std::string_view source = "conf/monitor") {
    const auto parsed = niamd::config::parse_config(text, std::string(source));
    REQUIRE(parsed.problems.size() == 1);
    return parsed.problems[0].describe();
}

// The same for a client's config (conf/web1).
inline std::string only_client_problem(std::string_view text) { return only_problem(text, "conf/web1"); }
