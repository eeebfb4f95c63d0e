#include <catch2/catch.hpp>

#include <string>

#include "web/html_text.hpp"
#include "web/json_writer.hpp"
#include "web/metrics_text.hpp"
#include "text/valid_utf8.hpp"

using namespace niamd::web;
using niamd::text::to_valid_utf8;

TEST_CASE("valid utf8: valid text unchanged, bad bytes become U+FFFD", "[web]") {
    struct Row {
        std::string input;
        std::string expected;
    };
    const Row rows[] = {
        {"plain", "plain"},
        {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"},
        {"a\xFFz", "a\xEF\xBF\xBDz"},
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                  // overlong '/'
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // surrogate
        {"cut \xE2\x82", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},
        {std::string("nul\0in", 6), std::string("nul\0in", 6)},
    };
    for (const auto& row : rows) {
        CAPTURE(row.input);
        CHECK(to_valid_utf8(row.input) == row.expected);
    }
}

TEST_CASE("json: strings escaped so the text is inert inside HTML too", "[web]") {
    struct Row {
        std::string input;
        std::string expected;
    };
    const Row rows[] = {
        {"web-1", R"("web-1")"},
        {"<script>alert(1)</script>", R"("\u003cscript\u003ealert(1)\u003c/script\u003e")"},
        {"a\"b\\c", R"("a\"b\\c")"},
        {"line\nnext\ttab\r", R"("line\nnext\ttab\r")"},
        {std::string("\x01\x1f\x7f", 3), R"("\u0001\u001f\u007f")"},
        {"Tom & 'Jerry'", R"("Tom \u0026 \u0027Jerry\u0027")"},
        {"sep\xE2\x80\xA8par\xE2\x80\xA9", R"("sep\u2028par\u2029")"},
        // U+202E RLO, U+009B CSI, U+0085 NEL, U+061C, U+2066: escaped, so raw JSON reads as it is.
        {"ab\xE2\x80\xAE"
         "dc \xC2\x9B \xC2\x85 \xD8\x9C \xE2\x81\xA6",
         R"("ab\u202edc \u009b \u0085 \u061c \u2066")"},
        {"caf\xC3\xA9 \xE2\x82\xAC", "\"caf\xC3\xA9 \xE2\x82\xAC\""},
        {"bad\xFF", "\"bad\xEF\xBF\xBD\""},
    };
    for (const auto& row : rows) {
        CAPTURE(row.input);
        CHECK(json_quote(row.input) == row.expected);
    }
}

TEST_CASE("json: writer places commas and nests containers", "[web]") {
    JsonWriter out;
    out.begin_object();
    out.key("a").value(1);
    out.key("b").begin_array().value("x").value(true).null().value(std::optional<int>{}).value(std::optional<int>{7});
    out.end_array();
    out.key("c").begin_object().end_object();
    out.key("d").value(std::uint64_t{18446744073709551615ULL});
    out.key("e").value(std::int64_t{-5});
    out.end_object();
    CHECK(out.text() == R"({"a":1,"b":["x",true,null,null,7],"c":{},"d":18446744073709551615,"e":-5})");
}

TEST_CASE("html: escape & < > \" ' and fill page placeholders", "[web]") {
    CHECK(html_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(html_escape("a&b \"q\" 'r'") == "a&amp;b &quot;q&quot; &#39;r&#39;");
    CHECK(html_escape("x\xFF") == "x\xEF\xBF\xBD");
    CHECK(
        fill_page("<title>{{name}}</title><b data-x=\"{{name}}\">{{other}}</b>", {{"name", "<i>\"n\"</i>"}}) ==
        "<title>&lt;i&gt;&quot;n&quot;&lt;/i&gt;</title><b data-x=\"&lt;i&gt;&quot;n&quot;&lt;/i&gt;\">{{other}}</b>");
    CHECK(fill_page("no placeholders {{", {}) == "no placeholders {{");
}

TEST_CASE("metrics: label values escape backslash, quote and newline", "[web]") {
    CHECK(escape_label_value("plain") == "plain");
    CHECK(escape_label_value("a\\b") == "a\\\\b");
    CHECK(escape_label_value("say \"hi\"") == "say \\\"hi\\\"");
    CHECK(escape_label_value("two\nlines") == "two\\nlines");
    CHECK(escape_label_value("<script>") == "<script>");
    CHECK(escape_label_value("bad\xFF") == "bad\xEF\xBF\xBD");
}
