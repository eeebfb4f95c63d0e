// Outside text quoted in error messages: bounded, and never a control byte.
#include <catch2/catch.hpp>

#include <string>

#include "core/excerpt.hpp"

TEST_CASE("core: shown keeps text as it is, bounded, control bytes as '?'", "[core][excerpt]") {
    using awsrest::excerpt::shown;
    CHECK(shown("abc", 3) == "abc");
    CHECK(shown("abcdef", 3) == "abc...");
    CHECK(shown("a b  c", 10) == "a b  c");
    CHECK(shown("a\nb\tc\x7f", 10) == "a?b?c?");
    CHECK(shown(std::string("a\0b", 3), 10) == "a?b");
    CHECK(shown("caf\xc3\xa9", 10) == "caf\xc3\xa9");
    CHECK(shown("", 10) == "");
}

TEST_CASE("core: printable_line makes one bounded printable line", "[core][excerpt]") {
    using awsrest::excerpt::printable_line;
    CHECK(printable_line("  a\n\tb  ", 100) == "a b");
    CHECK(printable_line("abcdef", 3) == "abc...");
    CHECK(printable_line("abc", 3) == "abc");
    CHECK(printable_line("abc   ", 3) == "abc");
    CHECK(printable_line(std::string("a\0b", 3), 10) == "a?b");
    CHECK(printable_line("caf\xc3\xa9", 10) == "caf??");
}
