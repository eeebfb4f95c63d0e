// The header-line reader behind the curl client.
#include <catch2/catch.hpp>

#include "http/response_head.hpp"

using awsrest::http::ResponseHead;

TEST_CASE("http: the response head keeps status, reason and headers of the final block", "[http][response_head]") {
    ResponseHead head;
    for (const char* line : {"HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "\r\n",
                             "HTTP/1.1 503 Service Unavailable\r\n", "Content-Type: text/xml\r\n",
                             "x-amzn-RequestId:  abc-123  \r\n", "Date: Sun, 30 Aug 2015 12:51:00 GMT\r\n", "\r\n"}) {
        REQUIRE(head.add_line(line));
    }
    CHECK(head.status() == 503);
    CHECK(head.reason() == "Service Unavailable");
    const awsrest::Headers expected = {
        {"Content-Type", "text/xml"}, {"x-amzn-RequestId", "abc-123"}, {"Date", "Sun, 30 Aug 2015 12:51:00 GMT"}};
    CHECK(head.headers() == expected);
}

TEST_CASE("http: the response head reads HTTP/2 status lines, empty reasons and folded values",
          "[http][response_head]") {
    ResponseHead head;
    REQUIRE(head.add_line("HTTP/2 200 \r\n"));
    REQUIRE(head.add_line("X-Long: first\r\n"));
    REQUIRE(head.add_line("   second\r\n"));
    REQUIRE(head.add_line("not a header line\r\n"));
    REQUIRE(head.add_line("X-Empty:\r\n"));
    CHECK(head.status() == 200);
    CHECK(head.reason().empty());
    const awsrest::Headers expected = {{"X-Long", "first second"}, {"X-Empty", ""}};
    CHECK(head.headers() == expected);
}

TEST_CASE("http: a malformed status line gives status 0", "[http][response_head]") {
    ResponseHead head;
    REQUIRE(head.add_line("HTTP/1.1 2x0 OK\r\n"));
    CHECK(head.status() == 0);
    REQUIRE(head.add_line("HTTP/1.1\r\n"));
    CHECK(head.status() == 0);
}

TEST_CASE("http: the response head is bounded", "[http][response_head]") {
    ResponseHead head;
    REQUIRE(head.add_line("HTTP/1.1 200 OK\r\n"));
    const std::string line = "X-Filler: " + std::string(1000, 'a') + "\r\n";
    bool accepted = true;
    std::size_t lines = 0;
    while (accepted && lines < 1000) {
        accepted = head.add_line(line);
        ++lines;
    }
    CHECK_FALSE(accepted);
    CHECK(lines * line.size() <= awsrest::http::kMaxResponseHeadBytes + line.size());
}
