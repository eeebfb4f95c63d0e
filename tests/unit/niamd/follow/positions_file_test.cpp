#include <catch2/catch.hpp>

#include <string>

#include "follow/positions_file.hpp"
#include "support/temp_dir.hpp"

using namespace niamd::follow;

namespace {

Positions two() {
    Positions positions;
    FilePosition a;
    a.identity = {2049, 131, 0xcbf29ce484222325ull, 1024};
    a.offset = 4096;
    a.seq = 1700000000000001;
    positions[{"app", "/var/log/app.log"}] = a;
    FilePosition b;
    b.identity = {2049, 77, 0x12, 10};
    b.offset = 10;
    b.seq = 5;
    b.gaps = 2;
    b.next = {2049, 78, 0xabc, 3};  // the file read after it
    positions[{"web:/srv/a b/x%.log", "/srv/a b/x%.log"}] = b;
    return positions;
}

}  // namespace

TEST_CASE("follow: positions are written and read back, odd bytes of names escaped", "[follow]") {
    const auto text = format_positions(two());
    CHECK(text.find("web:/srv/a%20b/x%25.log /srv/a%20b/x%25.log 2049 77 0000000000000012 10 10 5 2 "
                    "2049 78 0000000000000abc 3\n") != std::string::npos);
    CHECK(text.find("app /var/log/app.log 2049 131 cbf29ce484222325 1024 4096 1700000000000001 0 0 0 "
                    "0000000000000000 0\n") != std::string::npos);
    CHECK(text.substr(0, 21) == "niam-log-positions 2\n");
    const auto read = parse_positions(text);
    CHECK(read.problems.empty());
    CHECK(read.positions == two());

    test_support::TempDir dir("niam-positions");
    REQUIRE(write_positions_file(dir.path() / "log-positions", two()).ok());
    const auto again = read_positions_file(dir.path() / "log-positions");
    CHECK(again.problems.empty());
    CHECK(again.positions == two());
    CHECK(read_positions_file(dir.path() / "missing").problems.empty());
}

TEST_CASE("follow: a damaged positions file is reported line by line, the good lines still apply", "[follow]") {
    std::string text = format_positions(two());
    text.insert(text.find('\n') + 1, "app /x 1 2 zz 3 4 5 0 0 0 0000000000000000 0\n");  // line 2: fingerprint not hex
    text += "torn /y 1 2";                                                               // no end: a torn write
    const auto read = parse_positions(text);
    CHECK(read.positions == two());
    REQUIRE(read.problems.size() == 2);
    CHECK(read.problems[0] == "line 2: does not read");
    CHECK(read.problems[1] == "line 5: not ended (a torn write?)");

    const auto garbage = parse_positions("\x01\x02 binary\n");
    CHECK(garbage.positions.empty());
    REQUIRE(garbage.problems.size() == 1);
    CHECK(garbage.problems[0].find("not a log-positions file") != std::string::npos);

    for (const char* bad : {"a /p 1 2 0000000000000001 2000 4 5 0\n",  // fingerprint over 1 KiB
                            "a /p 1 2 0000000000000001 2 4 0 0\n",     // seq 0
                            "a /p 1 2 0000000000000001 2 4 5\n",       // a field short
                            "a /p 1 2 0000000000000001 2 4 5 0 9\n",   // one too many
                            "a%2 /p 1 2 0000000000000001 2 4 5 0\n",   // an escape cut short
                            "a /p -1 2 0000000000000001 2 4 5 0\n"}) {
        const auto one = parse_positions(std::string("niam-log-positions 1\n") + bad);
        INFO(bad);
        CHECK(one.positions.empty());
        CHECK(one.problems.size() == 1);
    }
    for (const char* bad : {"a /p 1 2 0000000000000001 2 4 5 0\n",           // no next file
                            "a /p 1 2 0000000000000001 2 4 5 0 1 2 zz 0\n",  // its fingerprint not hex
                            "a /p 1 2 0000000000000001 2 4 5 0 1 2 0000000000000001 2000\n",
                            "a /p 1 2 0000000000000001 2 4 5 0 1 2 0000000000000001 2 9\n"}) {
        const auto one = parse_positions(std::string("niam-log-positions 2\n") + bad);
        INFO(bad);
        CHECK(one.positions.empty());
        CHECK(one.problems.size() == 1);
    }
}

TEST_CASE("follow: a positions file of version 1 (no next file) is read", "[follow]") {
    const auto read =
        parse_positions("niam-log-positions 1\napp /var/log/app.log 2049 131 cbf29ce484222325 1024 4096 7 1\n");
    CHECK(read.problems.empty());
    REQUIRE(read.positions.size() == 1);
    const auto& position = read.positions.begin()->second;
    CHECK(position.identity.inode == 131);
    CHECK(position.offset == 4096);
    CHECK(position.seq == 7);
    CHECK(position.gaps == 1);
    CHECK(position.next == FileIdentity{});
}

TEST_CASE("follow: a positions file too large is not read", "[follow]") {
    test_support::TempDir dir("niam-positions");
    dir.write("log-positions", std::string(kMaxPositionsBytes + 1, 'x'));
    const auto read = read_positions_file(dir.path() / "log-positions");
    CHECK(read.positions.empty());
    REQUIRE(read.problems.size() == 1);
    CHECK(read.problems[0].find("larger than") != std::string::npos);
}
