// The daemon log: one event is one line, whatever outside text it carries.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

#include "log/log.hpp"

TEST_CASE("log: line breaks and escapes from outside text cannot forge lines", "[log]") {
    std::FILE* sink = std::tmpfile();
    REQUIRE(sink != nullptr);
    niamd::log::to_stream(sink);
    niamd::log::error("master: new host web1\n2026-01-01T00:00:00Z INFO forged\r\x1b[2J end");
    niamd::log::to_stream(stderr);
    std::rewind(sink);
    std::string text;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, sink) != nullptr) text += buffer;
    std::fclose(sink);
    CHECK(std::count(text.begin(), text.end(), '\n') == 1);
    CHECK(text.find("ERROR master: new host web1?2026-01-01T00:00:00Z INFO forged??[2J end\n") != std::string::npos);
}

TEST_CASE("log: C1 controls, line separators and bidirectional controls are shown escaped", "[log]") {
    std::FILE* sink = std::tmpfile();
    REQUIRE(sink != nullptr);
    niamd::log::to_stream(sink);
    // U+202E RIGHT-TO-LEFT OVERRIDE, U+009B CSI, U+0085 NEL, U+2028 LINE SEPARATOR,
    // U+2067 RIGHT-TO-LEFT ISOLATE, a lone 0x9B byte (not UTF-8); "é" stays.
    niamd::log::error(
        "host ab\xE2\x80\xAE"
        "dc web\xC2\x9B"
        "2J \xC2\x85x \xE2\x80\xA8y \xE2\x81\xA7z \x9B"
        "1m caf\xC3\xA9");
    niamd::log::to_stream(stderr);
    std::rewind(sink);
    std::string text;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, sink) != nullptr) text += buffer;
    std::fclose(sink);
    CHECK(std::count(text.begin(), text.end(), '\n') == 1);
    CHECK(text.find("ERROR host ab<U+202E>dc web<U+009B>2J <U+0085>x <U+2028>y <U+2067>z ?1m caf\xC3\xA9\n") !=
          std::string::npos);
}
