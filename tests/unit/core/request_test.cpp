// Header helpers, endpoints, URLs and the raw request format of the SigV4 test suite.
#include <catch2/catch.hpp>

#include <awsrest/request.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

using namespace awsrest;

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::filesystem::path kSuite = std::filesystem::path(NIAM_TEST_DATA) / "sigv4";

bool holds(const std::string& text, std::string_view needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("core: header lookup is case-insensitive and finds the first", "[core][request]") {
    const Headers headers = {{"Host", "a"}, {"X-Thing", "1"}, {"x-thing", "2"}};
    CHECK(find_header(headers, "host") == std::optional<std::string_view>("a"));
    CHECK(find_header(headers, "X-THING") == std::optional<std::string_view>("1"));
    CHECK_FALSE(find_header(headers, "missing"));
    CHECK_FALSE(find_header(headers, "hos"));
}

TEST_CASE("core: set_header replaces every header of the name, in place", "[core][request]") {
    Headers headers = {{"Host", "a"}, {"x-thing", "1"}, {"Other", "o"}, {"X-THING", "2"}};
    set_header(headers, "X-Thing", "3");
    CHECK(headers == Headers{{"Host", "a"}, {"X-Thing", "3"}, {"Other", "o"}});
    set_header(headers, "New", "n");
    CHECK(headers.back() == Header{"New", "n"});
    remove_header(headers, "x-thing");
    remove_header(headers, "absent");
    CHECK(headers == Headers{{"Host", "a"}, {"Other", "o"}, {"New", "n"}});
}

TEST_CASE("core: endpoint Host header and origin", "[core][request]") {
    Endpoint endpoint;
    endpoint.host = "sqs.us-east-1.amazonaws.com";
    CHECK(endpoint.host_header() == "sqs.us-east-1.amazonaws.com");
    CHECK(endpoint.origin() == "https://sqs.us-east-1.amazonaws.com");
    endpoint.port = 443;
    CHECK(endpoint.host_header() == "sqs.us-east-1.amazonaws.com");
    endpoint.port = 4566;
    CHECK(endpoint.host_header() == "sqs.us-east-1.amazonaws.com:4566");
    endpoint.scheme = "http";
    endpoint.port = 80;
    CHECK(endpoint.origin() == "http://sqs.us-east-1.amazonaws.com");
    endpoint.port = 443;
    CHECK(endpoint.origin() == "http://sqs.us-east-1.amazonaws.com:443");
}

TEST_CASE("core: parse_url splits endpoint, path and query", "[core][request]") {
    struct Row {
        const char* url;
        const char* scheme;
        const char* host;
        int port;
        const char* path;
        const char* query;
        const char* base_path;
    };
    const std::vector<Row> rows = {
        {"https://sqs.us-east-1.amazonaws.com", "https", "sqs.us-east-1.amazonaws.com", 0, "/", "", ""},
        {"https://sqs.us-east-1.amazonaws.com/123456789012/niam", "https", "sqs.us-east-1.amazonaws.com", 0,
         "/123456789012/niam", "", "/123456789012/niam"},
        {"http://localhost:4566/custom/?a=b&c#frag", "http", "localhost", 4566, "/custom/", "a=b&c", "/custom"},
        {"HTTPS://Example.COM?x=1", "https", "Example.COM", 0, "/", "x=1", ""},
        {"https://[::1]:8443/x", "https", "[::1]", 8443, "/x", "", "/x"},
        {"http://127.0.0.1:65535", "http", "127.0.0.1", 65535, "/", "", ""},
        {"https://h/a%20b?q=%2B", "https", "h", 0, "/a%20b", "q=%2B", "/a%20b"},
    };
    for (const Row& row : rows) {
        INFO(row.url);
        auto parsed = parse_url(row.url);
        REQUIRE(parsed);
        CHECK(parsed->endpoint.scheme == row.scheme);
        CHECK(parsed->endpoint.host == row.host);
        CHECK(parsed->endpoint.port == row.port);
        CHECK(parsed->path == row.path);
        CHECK(parsed->query == row.query);
        CHECK(parsed->endpoint.base_path == row.base_path);
    }
}

TEST_CASE("core: parse_url refuses what it cannot use, naming the URL", "[core][request]") {
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"sqs.amazonaws.com", "http:// or https://"},
        {"ftp://host/", "scheme"},
        {"https://", "no host"},
        {"https://:80", "no host"},
        {"https://h:", "empty port"},
        {"https://h:0", "port"},
        {"https://h:65536", "port"},
        {"https://h:12ab", "port"},
        {"https://user:pw@h/", "user information"},
        {"https://h h/", "space"},
        {"https://h/\n", "control"},
        {"https://ho$t/", "host"},
        {"https://[::1/", "IPv6"},
        {"https://[zz]/", "IPv6"},
        {"https://[::1]x/", "after the IPv6"},
    };
    for (const auto& [url, why] : rows) {
        INFO(url);
        auto parsed = parse_url(url);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().kind == ErrorKind::InvalidArgument);
        CHECK(holds(parsed.error().message, why));
    }
    CHECK(holds(parse_url("ftp://host/").error().message, "ftp://host/"));
    auto too_long = parse_url("https://h/" + std::string(kMaxUrlBytes, 'a'));
    REQUIRE_FALSE(too_long);
    CHECK(holds(too_long.error().message, "limit"));
    CHECK(too_long.error().message.size() < 300);
}

TEST_CASE("core: request_url joins origin, path and query", "[core][request]") {
    auto parsed = parse_url("http://localhost:4566");
    REQUIRE(parsed);
    Request request;
    request.path = "/queue/x";
    CHECK(request_url(parsed->endpoint, request) == "http://localhost:4566/queue/x");
    request.query = "Action=SendMessage";
    CHECK(request_url(parsed->endpoint, request) == "http://localhost:4566/queue/x?Action=SendMessage");
}

TEST_CASE("core: parse_raw_request reads the suite's request format", "[core][request]") {
    SECTION("request line, headers, no body") {
        auto request = parse_raw_request("GET /?Param1=value1&b HTTP/1.1\nHost:example.amazonaws.com\n");
        REQUIRE(request);
        CHECK(request->method == "GET");
        CHECK(request->path == "/");
        CHECK(request->query == "Param1=value1&b");
        CHECK(request->headers == Headers{{"Host", "example.amazonaws.com"}});
        CHECK(request->body.empty());
    }
    SECTION("values are kept as written, continuation lines joined with a newline") {
        const std::string text = read_file(kSuite / "v4/get-header-value-multiline/request.txt");
        auto request = parse_raw_request(text, "request.txt");
        REQUIRE(request);
        CHECK(request->headers ==
              Headers{{"Host", "example.amazonaws.com"}, {"My-Header1", "value1\n  value2\n     value3"}});
        auto trim = parse_raw_request("GET / HTTP/1.1\nMy-Header2: \"a   b   c\"  \n");
        REQUIRE(trim);
        CHECK(trim->headers.front().value == " \"a   b   c\"  ");
    }
    SECTION("body after the blank line, byte for byte") {
        auto request = parse_raw_request("POST / HTTP/1.1\nContent-Length:13\n\nParam1=value1");
        REQUIRE(request);
        CHECK(request->body == "Param1=value1");
        auto with_newlines = parse_raw_request("POST / HTTP/1.1\nA:b\n\n\nline\n\n");
        REQUIRE(with_newlines);
        CHECK(with_newlines->body == "\nline\n\n");
    }
    SECTION("a path with a space, UTF-8, no version, CRLF lines") {
        auto space = parse_raw_request("GET /example space/ HTTP/1.1\nHost:h\n");
        REQUIRE(space);
        CHECK(space->path == "/example space/");
        auto utf8 = parse_raw_request("GET /\xE1\x88\xB4?\xE1\x88\xB4=bar HTTP/1.1\nHost:h");
        REQUIRE(utf8);
        CHECK(utf8->path == "/\xE1\x88\xB4");
        CHECK(utf8->query == "\xE1\x88\xB4=bar");
        auto no_version = parse_raw_request("POST /2015-03-31/functions/x/invocations\nHost:h\n");
        REQUIRE(no_version);
        CHECK(no_version->path == "/2015-03-31/functions/x/invocations");
        auto crlf = parse_raw_request("PUT /k HTTP/1.1\r\nHost:h\r\nA:1\r\n\r\nbody\r\n");
        REQUIRE(crlf);
        CHECK(crlf->headers == Headers{{"Host", "h"}, {"A", "1"}});
        CHECK(crlf->body == "body\r\n");
    }
    SECTION("legacy .req files: no trailing newline, X-Amz-Date already there") {
        const auto dir = kSuite / "legacy-aws-sig-v4-test-suite/get-vanilla";
        auto request = parse_raw_request(read_file(dir / "get-vanilla.req"), "get-vanilla.req");
        REQUIRE(request);
        CHECK(request->headers == Headers{{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}});
        const auto form = kSuite / "legacy-aws-sig-v4-test-suite/post-x-www-form-urlencoded";
        auto post = parse_raw_request(read_file(form / "post-x-www-form-urlencoded.req"));
        REQUIRE(post);
        CHECK(post->body == "Param1=value1");
    }
}

TEST_CASE("core: parse_raw_request errors name the source and the line", "[core][request]") {
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"", "req.txt:1: empty request line"},
        {"\nHost:h", "req.txt:1: empty request line"},
        {"GET", "req.txt:1: request line has no target"},
        {"G(T / HTTP/1.1", "req.txt:1: the method"},
        {"GET example.com HTTP/1.1", "req.txt:1: the request target must start with '/'"},
        {"GET / HTTP/1.1\nHost:h\nAuthorization AWS4-HMAC-SHA256 secretish", "req.txt:3: header line has no ':'"},
        {"GET / HTTP/1.1\n  continued", "req.txt:2: continuation line before any header"},
        {"GET / HTTP/1.1\n:value", "req.txt:2: the header name"},
        {"GET / HTTP/1.1\nBad Name:value", "req.txt:2: the header name"},
        {"GET / HTTP/1.1\nA:b\x01", "req.txt:2: control character"},
        {"GET /\x7f HTTP/1.1", "req.txt:1: control character"},
        {"GET / HTTP/1.1\nA:b\rc", "req.txt:2: control character"},
    };
    for (const auto& [text, message] : rows) {
        INFO(text);
        auto request = parse_raw_request(text, "req.txt");
        REQUIRE_FALSE(request);
        CHECK(request.error().kind == ErrorKind::Parse);
        CHECK(holds(request.error().message, message));
        CHECK_FALSE(holds(request.error().message, "secretish"));
    }
    auto big = parse_raw_request("GET / HTTP/1.1\n\n" + std::string(kMaxRawRequestBytes, 'b'), "big.txt");
    REQUIRE_FALSE(big);
    CHECK(holds(big.error().message, "big.txt"));
    CHECK(holds(big.error().message, "limit"));
    CHECK(parse_raw_request("GET / HTTP/1.1\n\n" + std::string(kMaxRawRequestBytes - 16, 'b')));
}

TEST_CASE("core: format_raw_request writes the same format", "[core][request]") {
    Request request;
    request.method = "POST";
    request.path = "/a b";
    request.query = "x=1";
    request.headers = {{"Host", "h"}, {"My-Header1", "value1\n  value2"}};
    request.body = "body";
    CHECK(format_raw_request(request) == "POST /a b?x=1 HTTP/1.1\nHost:h\nMy-Header1:value1\n  value2\n\nbody");
    auto again = parse_raw_request(format_raw_request(request));
    REQUIRE(again);
    CHECK(again->method == request.method);
    CHECK(again->path == request.path);
    CHECK(again->query == request.query);
    CHECK(again->headers == request.headers);
    CHECK(again->body == request.body);
}

TEST_CASE("core: every v4 signed-request file reads and writes back byte for byte", "[core][request]") {
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kSuite / "v4")) {
        const std::string name = entry.path().filename().string();
        if (!name.ends_with("signed-request.txt")) continue;
        ++files;
        INFO(entry.path().string());
        const std::string text = read_file(entry.path());
        auto request = parse_raw_request(text, entry.path().string());
        REQUIRE(request);
        CHECK(format_raw_request(*request) == text);
    }
    CHECK(files >= 76);
}
