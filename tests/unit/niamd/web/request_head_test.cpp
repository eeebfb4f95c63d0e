// The framing of one request within bounds: what RequestGate waits for, and what it refuses.
#include <catch2/catch.hpp>

#include <string>

#include "web/request_head.hpp"

using niamd::web::RequestBounds;
using niamd::web::RequestScan;
using niamd::web::scan_request;

namespace {

const RequestBounds kBounds{};  // 8 KiB lines, 100 header lines, 16 KiB head, 4 KiB body

std::string lines(std::size_t count, std::size_t bytes) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += "X-" + std::to_string(i) + ": " + std::string(bytes, 'a') + "\r\n";
    return out;
}

}  // namespace

TEST_CASE("request head: whole requests, with and without a body", "[web]") {
    struct Row {
        std::string name;
        std::string bytes;
        std::size_t request_bytes;
        bool keeps_connection;
    };
    const std::string get = "GET /api/hosts HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const Row rows[] = {
        {"GET", get, get.size(), true},
        {"GET, then a pipelined one", get + get, get.size(), true},
        {"bare LF", "GET / HTTP/1.1\nHost: x\n\n", 24, true},
        {"HEAD", "HEAD / HTTP/1.1\r\n\r\n", 19, true},
        {"POST without Content-Length has no body", "POST /healthz HTTP/1.1\r\n\r\nxxxx", 26, false},
        {"POST with a body", "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET", 41, false},
        {"content-length in lower case, twice the same",
         "PUT / HTTP/1.1\r\ncontent-length: 2\r\nContent-Length: 2\r\n\r\nab", 58, false},
        {"100 header lines", "GET / HTTP/1.1\r\n" + lines(100, 10) + "\r\n", 16 + 100 * 17 + 10 + 2 - 10, true},
    };
    for (const auto& row : rows) {
        CAPTURE(row.name);
        const auto scanned = scan_request(row.bytes, kBounds);
        REQUIRE(scanned.scan == RequestScan::Complete);
        if (row.name != "100 header lines") CHECK(scanned.request_bytes == row.request_bytes);
        CHECK(scanned.keeps_connection == row.keeps_connection);
    }
}

TEST_CASE("request head: incomplete until the blank line and the whole body", "[web]") {
    for (const std::string bytes :
         {"", "GET / HTTP/1.1", "GET / HTTP/1.1\r\nHost: x\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r",
          "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabc"}) {
        CAPTURE(bytes);
        CHECK(scan_request(bytes, kBounds).scan == RequestScan::Incomplete);
    }
}

TEST_CASE("request head: refused as soon as a bound is passed, without waiting for the rest", "[web]") {
    struct Row {
        std::string name;
        std::string bytes;
        int status;
    };
    const Row rows[] = {
        {"request line past 8 KiB, unfinished", "GET /" + std::string(8 * 1024, 'a'), 414},
        {"a header line past 8 KiB, unfinished", "GET / HTTP/1.1\r\nX: " + std::string(8 * 1024, 'a'), 431},
        {"101 header lines", "GET / HTTP/1.1\r\n" + lines(101, 1) + "\r\n", 431},
        {"300,000 short header lines, unfinished", "GET / HTTP/1.1\r\n" + lines(3000, 1), 431},
        {"past 16 KiB of 8 KB lines, unfinished", "GET / HTTP/1.1\r\n" + lines(3, 8000), 431},
        {"a body larger than 4 KiB", "POST / HTTP/1.1\r\nContent-Length: 4097\r\n\r\n", 413},
        {"a huge Content-Length", "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413},
        {"a bad Content-Length", "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400},
        {"a negative Content-Length", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
        {"two different Content-Lengths", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
        {"chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411},
        {"an empty request line", "\r\nGET / HTTP/1.1\r\n\r\n", 400},
    };
    for (const auto& row : rows) {
        CAPTURE(row.name);
        const auto scanned = scan_request(row.bytes, kBounds);
        REQUIRE(scanned.scan == RequestScan::Refused);
        CHECK(scanned.status == row.status);
        CHECK_FALSE(scanned.reason.empty());
    }
    // Exactly at the bounds is fine.
    CHECK(scan_request("GET /" + std::string(8 * 1024 - 5, 'a') + "\r\n\r\n", kBounds).scan == RequestScan::Complete);
    CHECK(scan_request("POST / HTTP/1.1\r\nContent-Length: 4096\r\n\r\n" + std::string(4096, 'b'), kBounds).scan ==
          RequestScan::Complete);
}
