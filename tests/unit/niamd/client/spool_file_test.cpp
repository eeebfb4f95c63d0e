// The spool's file format: round trip, and a damaged tail costs only itself.
#include <catch2/catch.hpp>

#include "client/spool_file.hpp"

using niamd::client::format_spool_entry;
using niamd::client::format_spool_header;
using niamd::client::parse_spool_file;
using niamd::client::SpoolEntry;

TEST_CASE("spool file: entries with newlines round-trip", "[client][spool]") {
    std::vector<SpoolEntry> entries = {{1, "i-1,web1,PING,100"}, {2, "i-1,web1,PING,130\ni-1,web1,HTTP,x,80,130,0"}, {7, "x"}};
    std::string text = format_spool_header(3, 4);
    for (const auto& e : entries) text += format_spool_entry(e);
    auto parsed = parse_spool_file(text);
    CHECK(parsed.damage.empty());
    CHECK(parsed.entries == entries);
    CHECK(parsed.dropped_pings == 3);
    CHECK(parsed.dropped_records == 4);
}

TEST_CASE("spool file: a tail cut by a crash keeps every complete entry", "[client][spool]") {
    std::string text = format_spool_header(0, 0) + format_spool_entry({1, "first"}) + format_spool_entry({2, "second"});
    for (std::size_t cut = text.size() - 1; cut > text.size() - 12; --cut) {
        auto parsed = parse_spool_file(text.substr(0, cut));
        INFO("cut at " << cut);
        REQUIRE(parsed.entries.size() == 1);
        CHECK(parsed.entries[0].body == "first");
        CHECK(parsed.damage.find("spool: ") == 0);
    }
}

TEST_CASE("spool file: garbage is reported, never trusted", "[client][spool]") {
    CHECK(parse_spool_file("").entries.empty());
    CHECK(parse_spool_file("").damage.empty());
    CHECK(parse_spool_file("hello\n").damage == "spool: not a niam spool file (bad header)");
    std::string header = format_spool_header(0, 0);
    CHECK(parse_spool_file(header + "@1 99999999\nx\n").damage.find("out of range") != std::string::npos);
    CHECK(parse_spool_file(header + "@x 1\nx\n").damage.find("malformed entry header") != std::string::npos);
    auto backwards = parse_spool_file(header + format_spool_entry({5, "a"}) + format_spool_entry({5, "b"}));
    CHECK(backwards.entries.size() == 1);
    CHECK(backwards.damage.find("backwards") != std::string::npos);
    CHECK(parse_spool_file(header + "@1 3\nabcX").damage.find("cut short") != std::string::npos);
}
