// The q= text into full-text queries (store/log_search.hpp): words, quoting, bounds.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/log_rows.hpp"
#include "store/log_search.hpp"

using niamd::store::boolean_mode_query;
using niamd::store::fts5_host_filter;
using niamd::store::fts5_query;
using niamd::store::search_words;

TEST_CASE("log search: words split at white space and control characters, punctuation-only ones dropped", "[store]") {
    struct Row {
        std::string text;
        std::vector<std::string> words;
    };
    const Row rows[] = {
        {"", {}},
        {"  failed\tpassword\n", {"failed", "password"}},
        {"\"quoted\" NEAR(x) -y", {"\"quoted\"", "NEAR(x)", "-y"}},
        {"*** !!! \"\"", {}},
        {std::string("a\0b\x01"
                     "c\x7f"
                     "d",
                     8),
         {"a", "b", "c", "d"}},
        {"caf\xC3\xA9 \xFF", {"caf\xC3\xA9", "\xFF"}},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        auto words = search_words(row.text);
        REQUIRE(words);
        CHECK(*words == row.words);
    }
    auto long_text = search_words(std::string(niamd::store::kMaxSearchBytes + 1, 'a'));
    REQUIRE_FALSE(long_text);
    CHECK(long_text.error().message == "q: longer than 512 bytes");
    std::string many;
    for (std::size_t i = 0; i <= niamd::store::kMaxSearchWords; ++i) many += "w ";
    auto too_many = search_words(many);
    REQUIRE_FALSE(too_many);
    CHECK(too_many.error().message == "q: more than 16 words");
}

TEST_CASE("log search: each word a quoted phrase of the line, the host one token", "[store]") {
    const std::vector<std::string> words{"failed", "say\"hi\"", "NEAR(x)"};
    CHECK(fts5_query(words) == R"~(line : "failed" line : "say""hi""" line : "NEAR(x)")~");
    CHECK(boolean_mode_query(words) == R"~(+"failed" +"say hi " +"NEAR(x)")~");
    CHECK(fts5_host_filter("web-1", "i-1") == R"(host : "h7765622d31x692d31")");
    CHECK(fts5_host_filter("", "") == R"(host : "hx")");
}
