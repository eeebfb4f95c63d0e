// Container output without terminal colour codes.
#include <catch2/catch.hpp>

#include <string>

#include "docker/colour_codes.hpp"

using niamd::docker::without_colour_codes;

TEST_CASE("docker colour codes: CSI OSC and two-byte escapes are dropped and the text kept") {
    struct Row {
        std::string in;
        std::string out;
    };
    const Row rows[] = {
        {"plain [ok] text", "plain [ok] text"},
        {"\x1b[32mINFO\x1b[0m started", "INFO started"},
        {"\x1b[1;31;48;5;196mred\x1b[m", "red"},
        {"\x1b[2K\rprogress 50%", "\rprogress 50%"},
        {"\x1b]0;title\x07"
         "after",
         "after"},
        {"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
        {"a\x1b"
         "7b\x1b"
         "8c",
         "abc"},
        {"cut \x1b[31", "cut "},
        {"lone \x1b", "lone "},
        {"utf-8 \xc3\xa9t\xc3\xa9 \x1b[0m", "utf-8 \xc3\xa9t\xc3\xa9 "},
    };
    for (const auto& row : rows) {
        INFO(row.in);
        CHECK(without_colour_codes(row.in) == row.out);
    }
}
