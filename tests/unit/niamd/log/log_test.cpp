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
