// The library's one copy of ASCII case, hex digits and percent-escaping.
#include <catch2/catch.hpp>

#include <string>

#include "core/ascii.hpp"

namespace ascii = awsrest::ascii;

TEST_CASE("ascii: only ASCII letters change case", "[core][ascii]") {
    CHECK(ascii::to_lower("Content-Type: X-AMZ-Date") == "content-type: x-amz-date");
    CHECK(ascii::to_lower("\xc3\x89t\xc3\xa9") == "\xc3\x89t\xc3\xa9");  // "Été" in UTF-8 stays as it is
    CHECK(ascii::to_lower('@') == '@');
    CHECK(ascii::to_lower('[') == '[');
    CHECK(ascii::to_lower('Z') == 'z');
}

TEST_CASE("ascii: case-insensitive equality and prefixes", "[core][ascii]") {
    CHECK(ascii::iequals("X-Amz-Security-Token", "x-amz-security-token"));
    CHECK(ascii::iequals("", ""));
    CHECK_FALSE(ascii::iequals("host", "hosts"));
    CHECK_FALSE(ascii::iequals("a@", "a`"));  // '@' and '`' are 0x20 apart but not letters
    CHECK(ascii::istarts_with("Content-Length: 12", "content-length:"));
    CHECK_FALSE(ascii::istarts_with("Content-Len", "content-length:"));
}

TEST_CASE("ascii: hex digits both ways", "[core][ascii]") {
    CHECK(ascii::hex_value('0') == 0);
    CHECK(ascii::hex_value('9') == 9);
    CHECK(ascii::hex_value('a') == 10);
    CHECK(ascii::hex_value('F') == 15);
    CHECK(ascii::hex_value('g') == -1);
    CHECK(ascii::hex_value('%') == -1);
    const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
    std::string out = "md5:";
    ascii::append_lower_hex(out, bytes, sizeof bytes);
    CHECK(out == "md5:000fa5ff");
}

TEST_CASE("ascii: RFC 3986 unreserved characters and percent escapes", "[core][ascii]") {
    for (const char c : std::string("AZaz09-._~")) CHECK(ascii::is_unreserved(static_cast<unsigned char>(c)));
    for (const char c : std::string(" /+=%*!")) CHECK_FALSE(ascii::is_unreserved(static_cast<unsigned char>(c)));
    std::string out;
    ascii::append_percent_escaped(out, ' ');
    ascii::append_percent_escaped(out, 0xc3);
    ascii::append_percent_escaped(out, '/');
    CHECK(out == "%20%C3%2F");
}
