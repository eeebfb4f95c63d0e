// The spool's file format: round trip, and a damaged tail costs only itself.
#include <catch2/catch.hpp>

#include "client/spool_file.hpp"

using niamd::client::format_spool_entry;
using niamd::client::format_spool_header;
using niamd::client::parse_spool_file;
using niamd::client::SpoolEntry;

TEST_CASE("spool file: entries with newlines round-trip", "[client][spool]") {
    std::vector<SpoolEntry> entries = {
        {1, "i-1,web1,PING,100"}, {2, "i-1,web1,PING,130\ni-1,web1,HTTP,x,80,130,0"}, {7, "x"}};
    std::string text = format_spool_header(3, 4);
    for (const auto& e : entries) text += format_spool_entry(e);
    auto parsed = parse_spool_file(text);
    CHECK(parsed.damage.empty());
    CHECK(parsed.entries == entries);
    CHECK(parsed.dropped_pings == 3);
    CHECK(parsed.dropped_records == 4);
    CHECK(parsed.format == 2);
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
    auto hello = parse_spool_file("hello\n");
    CHECK(hello.damage.find("spool: no spool header") == 0);
    CHECK(hello.skipped_bytes == 6);
    std::string header = format_spool_header(0, 0);
    auto far = parse_spool_file(header + "@niam 1 99999999 00000000\nx\n");
    CHECK(far.damage.find("out of range") != std::string::npos);
    auto malformed = parse_spool_file(header + "@niam x 1 00000000\nx\n");
    CHECK(malformed.damage.find("malformed entry header") != std::string::npos);
    auto backwards = parse_spool_file(header + format_spool_entry({5, "a"}) + format_spool_entry({5, "b"}));
    CHECK(backwards.entries.size() == 1);
    CHECK(backwards.damage.find("backwards") != std::string::npos);
    std::string three = format_spool_entry({1, "abc"});
    auto cut = parse_spool_file(header + three.substr(0, three.size() - 1) + "X");
    CHECK(cut.damage.find("cut short") != std::string::npos);
}

TEST_CASE("spool file: a changed byte anywhere costs only its entry", "[client][spool]") {
    std::string text = format_spool_header(1, 2, 3);
    std::vector<SpoolEntry> entries;
    for (std::uint64_t seq = 1; seq <= 5; ++seq) {
        entries.push_back({seq, "i-1,web1,PING," + std::to_string(1700000000 + seq)});
        text += format_spool_entry(entries.back());
    }
    const std::string third = format_spool_entry(entries[2]);
    const std::size_t start = text.find(third);
    for (std::size_t at = start; at < start + third.size(); ++at) {
        std::string damaged = text;
        damaged[at] = damaged[at] == '#' ? '$' : '#';
        INFO("byte " << at << " of the third entry's " << start << ".." << start + third.size());
        auto parsed = parse_spool_file(damaged);
        REQUIRE(parsed.entries.size() == 4);
        CHECK(parsed.entries[2] == entries[3]);
        CHECK(parsed.skipped_bytes == third.size());
        CHECK(parsed.damage.find(" at byte " + std::to_string(start)) != std::string::npos);
        CHECK(parsed.dropped_records == 2);
    }
}

TEST_CASE("spool file: the old format is read", "[client][spool]") {
    auto parsed =
        parse_spool_file("niam-spool 1 dropped_pings=2 dropped_records=0\n@1 17\ni-1,web1,PING,100\n@2 1\nx\n");
    CHECK(parsed.format == 1);
    CHECK(parsed.damage.empty());
    CHECK(parsed.entries == std::vector<SpoolEntry>{{1, "i-1,web1,PING,100"}, {2, "x"}});
    CHECK(parsed.dropped_pings == 2);
    auto cut = parse_spool_file("niam-spool 1 dropped_pings=0 dropped_records=0\n@1 1\nx\n@2 50\nshort");
    CHECK(cut.entries.size() == 1);
    CHECK(cut.damage.find("cut short") != std::string::npos);
    CHECK(cut.skipped_bytes == 11);
}
