#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "follow/line_splitter.hpp"

using niamd::follow::LineSplitter;

namespace {

struct Line {
    std::string text;
    std::uint64_t cut = 0;
};

std::vector<Line> split(LineSplitter& splitter, std::string_view data) {
    std::vector<Line> lines;
    while (!data.empty()) {
        bool complete = false;
        const std::size_t used = splitter.feed(data, complete);
        data.remove_prefix(used);
        if (complete) {
            Line line;
            line.text = splitter.take(line.cut);
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

}  // namespace

TEST_CASE("follow: the splitter ends lines at LF, takes CR off, keeps empty lines", "[follow]") {
    LineSplitter splitter(1024);
    const auto lines = split(splitter, "one\r\n\ntwo\nthree");
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].text == "one");
    CHECK(lines[1].text.empty());
    CHECK(lines[2].text == "two");
    CHECK(splitter.pending() == 5);  // "three" waits for its end
    const auto rest = split(splitter, " more\n");
    REQUIRE(rest.size() == 1);
    CHECK(rest[0].text == "three more");
}

TEST_CASE("follow: a line over max_line keeps max_line bytes and counts the rest, in any chunks", "[follow]") {
    LineSplitter splitter(1024);
    std::vector<Line> lines;
    // 8 MiB of one line fed in 4 KiB pieces: memory never holds more than the kept part.
    const std::string piece(4096, 'y');
    for (int i = 0; i < 2048; ++i) {
        auto got = split(splitter, piece);
        CHECK(got.empty());
        CHECK(splitter.held_bytes() <= 2 * 1024);
    }
    lines = split(splitter, "tail\nnext\n");
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].text == std::string(1024, 'y'));
    CHECK(lines[0].cut == 2048ull * 4096 + 4 - 1024);
    CHECK(lines[1].text == "next");
    CHECK(lines[1].cut == 0);
}

TEST_CASE("follow: a line of exactly max_line bytes is not cut, a CR in a cut line stays", "[follow]") {
    LineSplitter splitter(4);
    const auto lines = split(splitter, "abcd\nabc\r\nabcde\r\n");
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].text == "abcd");
    CHECK(lines[0].cut == 0);
    CHECK(lines[1].text == "abc");
    CHECK(lines[2].text == "abcd");
    CHECK(lines[2].cut == 2);
}
