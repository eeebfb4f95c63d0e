// Table-driven rows {name, input, expected} for SigV4 URI, query and header
// canonicalisation. Expected values are worked out by hand from the SigV4 rules.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "signer/canonical.hpp"

using namespace awsrest;
using namespace awsrest::signer_detail;

namespace {

struct Row {
    const char* name;
    std::string input;
    std::string expected;
};

std::string encoded(std::string_view text, bool keep_slash) {
    std::string out;
    append_uri_encoded(out, text, keep_slash);
    return out;
}

std::string canonical_uri(std::string_view path, bool normalize, bool double_encode) {
    std::string out;
    append_canonical_uri(out, path, normalize, double_encode);
    return out;
}

std::string canonical_query(std::string_view query) {
    std::string out;
    append_canonical_query(out, query);
    return out;
}

std::string canonical_headers(const Headers& headers, std::string* signed_headers = nullptr) {
    std::string out;
    std::string names;
    append_canonical_headers(out, names, headers);
    if (signed_headers != nullptr) *signed_headers = names;
    return out;
}

}  // namespace

TEST_CASE("signer: URI encoding of query keys and values", "[signer][encoding]") {
    const std::vector<Row> rows = {
        {"unreserved characters stay", "AZaz09-._~", "AZaz09-._~"},
        {"tilde is never encoded", "~user", "~user"},
        {"space is %20, never '+'", "a b", "a%20b"},
        {"plus is a literal plus", "a+b", "a%2Bb"},
        {"slash is encoded in a parameter", "a/b", "a%2Fb"},
        {"percent is encoded", "100%", "100%25"},
        {"reserved characters", "=&?#*'()!$,;:@[]", "%3D%26%3F%23%2A%27%28%29%21%24%2C%3B%3A%40%5B%5D"},
        {"UTF-8 bytes, uppercase hex", "\xE1\x88\xB4", "%E1%88%B4"},
        {"control characters", std::string("\n\t\0", 3), "%0A%09%00"},
        {"high bytes", "\xFF\x80", "%FF%80"},
        {"empty", "", ""},
        {"S3 query value: '/' too", "config/a b", "config%2Fa%20b"},
        {"S3 continuation token", "1ueGcxLPRx1Tr/XYE+hb=", "1ueGcxLPRx1Tr%2FXYE%2Bhb%3D"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        CHECK(encoded(row.input, false) == row.expected);
    }
    CHECK(encoded("/a b/c~", true) == "/a%20b/c~");
}

TEST_CASE("signer: canonical URI, non-S3 rules (normalised, encoded once more)", "[signer][encoding]") {
    const std::vector<Row> rows = {
        {"root", "/", "/"},
        {"empty path is root", "", "/"},
        {"dot segments", "/a/./b/../c", "/a/c"},
        {"dot-dot above the root stops there", "/../../a", "/a"},
        {"duplicate slashes", "//example//", "/example/"},
        {"trailing slash kept", "/a/b/", "/a/b/"},
        {"dot-dot at the end leaves no trailing slash", "/a/b/..", "/a"},
        {"only dots", "/./", "/"},
        {"dots inside names are not segments", "/a..b/.c/d.", "/a..b/.c/d."},
        {"raw space encoded", "/example space/", "/example%20space/"},
        {"raw UTF-8 encoded", "/\xE1\x88\xB4", "/%E1%88%B4"},
        {"an encoded path is encoded again", "/a%3Ab", "/a%253Ab"},
        {"encoded UTF-8 encoded again", "/%E1%88%B4", "/%25E1%2588%25B4"},
        {"dollar", "/example/$delete", "/example/%24delete"},
        {"at sign", "/test/@connections", "/test/%40connections"},
        {"tilde stays", "/~user/x", "/~user/x"},
        {"plus", "/a+b", "/a%2Bb"},
        {"relative path gets a leading slash", "a/b", "/a/b"},
    };
    for (const Row& row : rows) {
        INFO(row.name << ": " << row.input);
        CHECK(canonical_uri(row.input, true, true) == row.expected);
    }
    CHECK(canonical_uri("//a/./b/../", false, true) == "//a/./b/../");
    CHECK(normalized_path("/a//b/./c/..") == "/a/b");
}

TEST_CASE("signer: canonical URI, S3 rules (as is, encoded exactly once)", "[signer][encoding]") {
    const std::vector<Row> rows = {
        {"no normalisation", "/my-object//example//photo.user", "/my-object//example//photo.user"},
        {"dot segments kept", "/a/./b/../c", "/a/./b/../c"},
        {"an encoded sequence is kept", "/a%3Ab", "/a%3Ab"},
        {"encoded UTF-8 is kept", "/%E1%88%B4", "/%E1%88%B4"},
        {"lowercase hex is made uppercase", "/a%3ab", "/a%3Ab"},
        {"raw characters are encoded", "/test$file.text", "/test%24file.text"},
        {"raw space", "/a b", "/a%20b"},
        {"raw plus is a plus", "/a+b", "/a%2Bb"},
        {"raw UTF-8", "/\xE1\x88\xB4", "/%E1%88%B4"},
        {"a lone percent is encoded", "/100%", "/100%25"},
        {"percent without two hex digits", "/%zz/%4", "/%25zz/%254"},
        {"mixed", "/a%20b c", "/a%20b%20c"},
        {"tilde stays", "/~x", "/~x"},
    };
    for (const Row& row : rows) {
        INFO(row.name << ": " << row.input);
        CHECK(canonical_uri(row.input, false, false) == row.expected);
    }
}

TEST_CASE("signer: canonical query string", "[signer][encoding]") {
    const std::vector<Row> rows = {
        {"empty", "", ""},
        {"key without value gets '='", "lifecycle", "lifecycle="},
        {"key with empty value", "a=", "a="},
        {"empty key", "=v", "=v"},
        {"sorted by key", "b=2&a=1", "a=1&b=2"},
        {"same key sorted by value", "a=2&a=1", "a=1&a=2"},
        {"uppercase sorts first (byte order)", "b=1&B=2&a=3", "B=2&a=3&b=1"},
        {"value order is by encoded bytes", "Param1=value2&Param1=Value1", "Param1=Value1&Param1=value2"},
        {"plus is a literal plus, not a space", "a+b=c+d", "a%2Bb=c%2Bd"},
        {"space encoded as %20", "a=c d", "a=c%20d"},
        {"already encoded is not encoded twice", "a%20b=%2F", "a%20b=%2F"},
        {"encoded unreserved characters are decoded", "%7E=%7e%41", "~=~A"},
        {"slash in a value is encoded", "a=/", "a=%2F"},
        {"'=' in a value is encoded", "a=b=c", "a=b%3Dc"},
        {"empty parameters dropped", "&&a=1&", "a=1"},
        {"a lone percent is encoded", "x=%zz&y=%", "x=%25zz&y=%25"},
        {"raw UTF-8 key", "\xE1\x88\xB4=bar", "%E1%88%B4=bar"},
        {"encoded key sorts by its encoded form", "Param-3=Value3&Param=Value2&%E1%88%B4=Value1",
         "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"},
        {"tilde is never encoded", "~a=~b", "~a=~b"},
        {"lowercase hex normalised", "a=%2f", "a=%2F"},
    };
    for (const Row& row : rows) {
        INFO(row.name << ": " << row.input);
        CHECK(canonical_query(row.input) == row.expected);
    }
}

TEST_CASE("signer: canonical headers", "[signer][encoding]") {
    SECTION("names lowercased and sorted, signed header list") {
        std::string names;
        CHECK(canonical_headers({{"X-Amz-Date", "20150830T123600Z"}, {"Host", "h"}, {"content-type", "t"}}, &names) ==
              "content-type:t\nhost:h\nx-amz-date:20150830T123600Z\n");
        CHECK(names == "content-type;host;x-amz-date");
    }
    SECTION("repeated headers joined with ',' in request order, listed once") {
        std::string names;
        CHECK(canonical_headers(
                  {{"My-Header1", "value4"}, {"Host", "h"}, {"my-header1", "value1"}, {"MY-HEADER1", "value3"}},
                  &names) == "host:h\nmy-header1:value4,value1,value3\n");
        CHECK(names == "host;my-header1");
    }
    SECTION("values trimmed, inner whitespace runs collapsed, quotes not special") {
        CHECK(canonical_headers({{"a", "  value1  "}, {"b", "\"a   b   c\""}, {"c", " \t x \t\t y \r\n"}}) ==
              "a:value1\nb:\"a b c\"\nc:x y\n");
    }
    SECTION("continuation lines collapse to single spaces") {
        CHECK(canonical_headers({{"My-Header1", "value1\n  value2\n     value3"}}) ==
              "my-header1:value1 value2 value3\n");
    }
    SECTION("empty and whitespace-only values") { CHECK(canonical_headers({{"a", ""}, {"b", "   "}}) == "a:\nb:\n"); }
    SECTION("UTF-8 and other bytes in values are kept") {
        CHECK(canonical_headers({{"a", "caf\xC3\xA9  \x01z"}}) == "a:caf\xC3\xA9 \x01z\n");
    }
    SECTION("long values with and without whitespace") {
        const std::string plain(100, 'v');
        CHECK(canonical_headers({{"a", plain}}) == "a:" + plain + "\n");
        CHECK(canonical_headers({{"a", plain + "    " + plain + "\t"}}) == "a:" + plain + " " + plain + "\n");
    }
    SECTION("lowercasing touches ASCII letters only") {
        std::string names;
        canonical_headers({{"X-Amz-Content-SHA256-@AZ[`az{\xC3\x84-END", "v"}}, &names);
        CHECK(names == "x-amz-content-sha256-@az[`az{\xC3\x84-end");
    }
    SECTION("headers the network may change are not signed") {
        std::string names;
        CHECK(canonical_headers({{"Host", "h"},
                                 {"User-Agent", "x"},
                                 {"Authorization", "AWS4-HMAC-SHA256 ..."},
                                 {"X-Amzn-Trace-Id", "t"},
                                 {"Expect", "100-continue"},
                                 {"Connection", "close"},
                                 {"Transfer-Encoding", "chunked"},
                                 {"Upgrade", "h2c"}},
                                &names) == "host:h\n");
        CHECK(names == "host");
        CHECK(signed_header_names({{"Host", "h"}, {"user-agent", "x"}, {"X-Amz-Date", "d"}}) == "host;x-amz-date");
    }
    SECTION("many headers and long names") {
        Headers headers;
        std::vector<std::string> lines;
        for (int i = 40; i >= 10; --i) {
            const std::string name = "X-Header-" + std::to_string(i) + std::string(20, 'N');
            headers.push_back({name, "v" + std::to_string(i)});
        }
        headers.push_back({"X-Header-25" + std::string(20, 'N'), "again"});
        std::string expected;
        std::string expected_names;
        for (int i = 10; i <= 40; ++i) {
            const std::string name = "x-header-" + std::to_string(i) + std::string(20, 'n');
            expected += name + ":v" + std::to_string(i) + (i == 25 ? ",again" : "") + "\n";
            expected_names += (i == 10 ? "" : ";") + name;
        }
        std::string names;
        CHECK(canonical_headers(headers, &names) == expected);
        CHECK(names == expected_names);
    }
}

TEST_CASE("signer: whole canonical request layout", "[signer][encoding]") {
    Request request;
    request.method = "GET";
    request.path = "/a b";
    request.query = "z=1&a";
    request.headers = {{"Host", "example.com"}};
    std::string out;
    std::string names;
    append_canonical_request(out, names, request, false, false, "HASH");
    CHECK(out == "GET\n/a%20b\na=&z=1\nhost:example.com\n\nhost\nHASH");
    CHECK(names == "host");

    Request bare;
    bare.headers.clear();
    out.clear();
    names.clear();
    append_canonical_request(out, names, bare, true, true, "UNSIGNED-PAYLOAD");
    CHECK(out == "GET\n/\n\n\n\nUNSIGNED-PAYLOAD");
}
