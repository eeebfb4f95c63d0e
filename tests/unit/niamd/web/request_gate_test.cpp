// RequestGate on an ephemeral loopback port, driven by raw sockets: idle, slow, oversized
// and surplus connections are closed and counted; whole requests reach the workers.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "raw_client.hpp"
#include "web/request_gate.hpp"

using niamd::web::GateBounds;
using niamd::web::RequestGate;
using web_test::RawClient;

namespace {

using namespace std::chrono_literals;

// Answers every request "ok <its bytes>", keeping the connection unless told to close.
struct Echo {
    std::atomic<int> served{0};
    RequestGate::Serve serve() {
        return [this](httplib::Stream& stream, bool close, bool& closed) {
            std::string request;
            char buffer[4096];
            for (ssize_t n; (n = stream.read(buffer, sizeof buffer)) > 0;)
                request.append(buffer, static_cast<std::size_t>(n));
            const std::string body = "ok " + std::to_string(request.size());
            const std::string answer =
                "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
            ++served;
            closed = close;
            return stream.write(answer.data(), answer.size()) == static_cast<ssize_t>(answer.size());
        };
    }
};

GateBounds quick() {
    GateBounds bounds;
    bounds.idle_timeout = 200ms;
    bounds.request_timeout = 400ms;
    bounds.workers = 2;
    return bounds;
}

}  // namespace

TEST_CASE("request gate: whole requests are answered, kept alive and pipelined", "[web]") {
    Echo echo;
    RequestGate gate(echo.serve(), quick());
    const auto port = gate.start("127.0.0.1", 0);
    REQUIRE(port.ok());
    RawClient client(*port);
    const std::string get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    REQUIRE(client.send(get.substr(0, 10)));
    REQUIRE(client.send(get.substr(10) + get + get));  // three, the last two pipelined
    const std::string one = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok 27";
    CHECK(client.read(3s, one + one + one) == one + one + one);
    CHECK(echo.served == 3);
    CHECK_FALSE(client.closed());
    CHECK(gate.stats().requests == 3);
}

TEST_CASE("request gate: an idle connection is closed after idle_timeout, a slow request gets 408", "[web]") {
    Echo echo;
    RequestGate gate(echo.serve(), quick());
    const auto port = gate.start("127.0.0.1", 0);
    REQUIRE(port.ok());
    RawClient idle(*port);
    RawClient slow(*port);
    REQUIRE(slow.send("GET / HTTP/1.1\r\nX-Drip: "));
    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(100ms);  // a drip: bytes keep coming, the request never ends
        slow.send("a");
    }
    CHECK(idle.read(3s).empty());
    CHECK(idle.closed());
    CHECK_THAT(slow.read(3s), Catch::StartsWith("HTTP/1.1 408 Request Timeout\r\n"));
    CHECK(slow.closed());
    CHECK(echo.served == 0);
    CHECK(gate.stats().closed_idle == 1);
    CHECK(gate.stats().closed_slow == 1);
}

TEST_CASE("request gate: a header flood gets 431 after the bound, not after the flood", "[web]") {
    Echo echo;
    RequestGate gate(echo.serve(), quick());
    const auto port = gate.start("127.0.0.1", 0);
    REQUIRE(port.ok());
    RawClient flood(*port);
    REQUIRE(flood.send("GET /healthz HTTP/1.1\r\n"));
    const std::string lines = [] {
        std::string out;
        for (int i = 0; i < 1000; ++i) out += "X-Flood: aaaaaaaa\r\n";
        return out;
    }();
    for (int i = 0; i < 64 && flood.send(lines); ++i) {
    }
    CHECK_THAT(flood.read(3s), Catch::StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
    CHECK(flood.closed());
    CHECK(echo.served == 0);
    CHECK(gate.stats().refused == 1);
}

TEST_CASE("request gate: at max_connections the longest-waiting connection makes room", "[web]") {
    Echo echo;
    GateBounds bounds = quick();
    bounds.max_connections = 3;
    bounds.idle_timeout = 5s;
    RequestGate gate(echo.serve(), bounds);
    const auto port = gate.start("127.0.0.1", 0);
    REQUIRE(port.ok());
    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 3; ++i) {
        idle.push_back(std::make_unique<RawClient>(*port));
        std::this_thread::sleep_for(20ms);  // accepted in this order
    }
    RawClient fresh(*port);
    REQUIRE(fresh.send("GET / HTTP/1.1\r\n\r\n"));
    CHECK(fresh.read(3s, "ok 18") == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok 18");
    CHECK(idle[0]->read(3s).empty());
    CHECK(idle[0]->closed());
    CHECK(gate.stats().evicted == 1);
    CHECK(gate.stats().open == 3);
}

TEST_CASE("request gate: dripping connections hold no worker", "[web]") {
    Echo echo;
    GateBounds bounds = quick();
    bounds.workers = 1;
    bounds.request_timeout = 10s;
    RequestGate gate(echo.serve(), bounds);
    const auto port = gate.start("127.0.0.1", 0);
    REQUIRE(port.ok());
    std::vector<std::unique_ptr<RawClient>> slow;
    for (int i = 0; i < 20; ++i) {
        slow.push_back(std::make_unique<RawClient>(*port));
        slow.back()->send(i % 2 ? "GET / HTTP/1.1\r\nX: a" : "POST /healthz HTTP/1.1\r\nX: a");
    }
    RawClient good(*port);
    const auto begin = std::chrono::steady_clock::now();
    REQUIRE(good.send("GET / HTTP/1.1\r\n\r\n"));
    CHECK(good.read(3s, "ok 18").ends_with("ok 18"));
    CHECK(std::chrono::steady_clock::now() - begin < 1s);
    CHECK(echo.served == 1);
}

TEST_CASE("request gate: a taken port fails to start, stop twice is fine", "[web]") {
    Echo echo;
    RequestGate first(echo.serve(), quick());
    const auto port = first.start("127.0.0.1", 0);
    REQUIRE(port.ok());
    RequestGate second(echo.serve(), quick());
    const auto taken = second.start("127.0.0.1", *port);
    REQUIRE_FALSE(taken.ok());
    CHECK(taken.error().message == "Address already in use");
    first.stop();
    first.stop();
    second.stop();
}
