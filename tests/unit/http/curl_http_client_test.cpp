// The libcurl client against real HTTP servers on 127.0.0.1 in this process: exact
// headers and body, bounds, timeouts, refused connections, reuse, HEAD, interim blocks.
#include <catch2/catch.hpp>

#include <awsrest/aws_client.hpp>
#include <awsrest/http.hpp>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <optional>

#include "http/loopback_server.hpp"

using awsrest::ErrorKind;
using namespace std::chrono_literals;
using test_support::CannedPeer;
using test_support::LoopbackServer;
using test_support::RefusingPort;

namespace {

// What the server saw of the last request.
struct Seen {
    std::mutex mutex;
    std::string method;
    std::string target;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // lowercased names, sorted
    std::vector<int> remote_ports;

    void record(const httplib::Request& request) {
        std::lock_guard lock(mutex);
        method = request.method;
        target = request.target;
        body = request.body;
        headers.clear();
        for (const auto& [name, value] : request.headers) {
            std::string lower = name;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            // cpp-httplib adds these itself; they were not on the wire.
            if (lower == "remote_addr" || lower == "remote_port" || lower == "local_addr" || lower == "local_port") {
                continue;
            }
            headers.emplace_back(lower, value);
        }
        std::sort(headers.begin(), headers.end());
        remote_ports.push_back(request.remote_port);
    }
};

void echo_routes(httplib::Server& server, Seen& seen) {
    auto handler = [&seen](const httplib::Request& request, httplib::Response& response) {
        seen.record(request);
        response.status = 201;
        response.set_header("x-amzn-RequestId", "loopback-1");
        response.set_content("echo:" + request.body, "text/plain");
    };
    server.Get(".*", handler);
    server.Post(".*", handler);
    server.Put(".*", handler);
    server.Delete(".*", [&seen](const httplib::Request& request, httplib::Response& response) {
        seen.record(request);
        response.status = 204;
    });
}

awsrest::HttpOptions quick_options() {
    awsrest::HttpOptions options;
    options.connect_timeout = 2000ms;
    options.total_timeout = 5000ms;
    return options;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Sets an environment variable for one scope, restoring the old value afterwards.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) {
            ::setenv(name, value->c_str(), 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~ScopedEnv() {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

}  // namespace

awsrest::Request signed_post() {
    awsrest::Request request;
    request.method = "POST";
    request.path = "/a/./b//c%2Fd";
    request.query = "X-Amz-Expires=60&y=%20z&empty=";
    request.headers = {{"Host", "sqs.us-east-1.amazonaws.com"},
                       {"X-Amz-Date", "20150830T123600Z"},
                       {"x-amz-meta-empty", ""},
                       {"Authorization",
                        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, "
                        "SignedHeaders=host;x-amz-date, Signature=abc"}};
    // Over 1 KiB, with NUL bytes: curl would add "Expect: 100-continue" and strlen() it.
    request.body = std::string("{\"a\":\0\"b\"}", 10) + std::string(3000, 'q');
    return request;
}

TEST_CASE("http: the request goes on the wire exactly as it is, plus Content-Length", "[http][curl]") {
    CannedPeer peer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    auto client = awsrest::make_curl_http_client(quick_options());
    const awsrest::Request request = signed_post();
    REQUIRE(client->send(test_support::loopback_endpoint(peer.port()), request).ok());
    // No Accept, no Expect, no form Content-Type, no User-Agent; path and query untouched.
    CHECK(peer.request_head() ==
          "POST /a/./b//c%2Fd?X-Amz-Expires=60&y=%20z&empty= HTTP/1.1\r\n"
          "Host: sqs.us-east-1.amazonaws.com\r\n"
          "X-Amz-Date: 20150830T123600Z\r\n"
          "x-amz-meta-empty:\r\n"
          "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, "
          "SignedHeaders=host;x-amz-date, Signature=abc\r\n"
          "Content-Length: 3010\r\n"
          "\r\n");
    CHECK(peer.request_body() == request.body);
}

TEST_CASE("http: body, status, reason and headers round trip through a real server", "[http][curl]") {
    Seen seen;
    LoopbackServer server([&](httplib::Server& s) { echo_routes(s, seen); });
    auto client = awsrest::make_curl_http_client(quick_options());
    const awsrest::Request request = signed_post();

    const auto response = client->send(server.endpoint(), request);
    REQUIRE(response.ok());
    CHECK(response->status == 201);
    CHECK(response->reason == "Created");
    CHECK(response->header("x-amzn-requestid") == std::optional<std::string_view>("loopback-1"));
    CHECK(response->header("Content-Type") == std::optional<std::string_view>("text/plain"));
    CHECK(response->body == "echo:" + request.body);

    std::lock_guard lock(seen.mutex);
    CHECK(seen.method == "POST");
    CHECK(seen.target == "/a/./b//c%2Fd?X-Amz-Expires=60&y=%20z&empty=");
    CHECK(seen.body == request.body);
}

TEST_CASE("http: a Content-Type in the request is sent as it is", "[http][curl]") {
    Seen seen;
    LoopbackServer server([&](httplib::Server& s) { echo_routes(s, seen); });
    auto client = awsrest::make_curl_http_client(quick_options());
    awsrest::Request request;
    request.method = "POST";
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    request.body = "Action=ListQueues&Version=2012-11-05";
    REQUIRE(client->send(server.endpoint(), request).ok());
    std::lock_guard lock(seen.mutex);
    const auto found =
        std::find_if(seen.headers.begin(), seen.headers.end(), [](const auto& h) { return h.first == "content-type"; });
    REQUIRE(found != seen.headers.end());
    CHECK(found->second == "application/x-www-form-urlencoded; charset=utf-8");
    CHECK(seen.body == "Action=ListQueues&Version=2012-11-05");
}

TEST_CASE("http: PUT, DELETE and an empty-bodied POST use their own verbs", "[http][curl]") {
    Seen seen;
    LoopbackServer server([&](httplib::Server& s) { echo_routes(s, seen); });
    auto client = awsrest::make_curl_http_client(quick_options());

    awsrest::Request put;
    put.method = "PUT";
    put.path = "/bucket/key";
    put.body = "object bytes";
    const auto put_response = client->send(server.endpoint(), put);
    REQUIRE(put_response.ok());
    {
        std::lock_guard lock(seen.mutex);
        CHECK(seen.method == "PUT");
        CHECK(seen.body == "object bytes");
    }
    CHECK(put_response->body == "echo:object bytes");

    awsrest::Request remove;
    remove.method = "DELETE";
    remove.path = "/bucket/key";
    const auto delete_response = client->send(server.endpoint(), remove);
    REQUIRE(delete_response.ok());
    CHECK(delete_response->status == 204);
    {
        std::lock_guard lock(seen.mutex);
        CHECK(seen.method == "DELETE");
    }

    awsrest::Request empty_post;
    empty_post.method = "POST";
    REQUIRE(client->send(server.endpoint(), empty_post).ok());
    std::lock_guard lock(seen.mutex);
    CHECK(seen.method == "POST");
    CHECK(std::count(seen.headers.begin(), seen.headers.end(),
                     std::pair<std::string, std::string>("content-length", "0")) == 1);
}

TEST_CASE("http: HEAD gets the headers and no body, whatever length it announces", "[http][curl]") {
    LoopbackServer server([](httplib::Server& s) {
        s.Get("/hello", [](const httplib::Request&, httplib::Response& response) {
            response.set_content("hello world", "text/plain");
        });
    });
    auto options = quick_options();
    options.max_response_bytes = 4;  // less than the 11 bytes the HEAD answer announces
    auto client = awsrest::make_curl_http_client(options);
    awsrest::Request head;
    head.method = "HEAD";
    head.path = "/hello";
    const auto response = client->send(server.endpoint(), head);
    REQUIRE(response.ok());
    CHECK(response->status == 200);
    CHECK(response->body.empty());
    CHECK(response->header("Content-Length") == std::optional<std::string_view>("11"));
}

TEST_CASE("http: an answer over max_response_bytes is a Network error", "[http][curl]") {
    LoopbackServer server([](httplib::Server& s) {
        s.Get("/sized", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(std::string(10000, 'x'), "text/plain");
        });
        s.Get("/streamed", [](const httplib::Request&, httplib::Response& response) {
            response.set_chunked_content_provider("text/plain", [](std::size_t offset, httplib::DataSink& sink) {
                if (offset >= 10000) {
                    sink.done();
                    return true;
                }
                const std::string chunk(500, 'y');
                return sink.write(chunk.data(), chunk.size());
            });
        });
    });
    auto options = quick_options();
    options.max_response_bytes = 1000;
    auto client = awsrest::make_curl_http_client(options);

    for (const char* path : {"/sized", "/streamed"}) {
        INFO(path);
        awsrest::Request get;
        get.path = path;
        const auto response = client->send(server.endpoint(), get);
        REQUIRE_FALSE(response.ok());
        CHECK(response.error().kind == ErrorKind::Network);
        CHECK_THAT(response.error().message, Catch::StartsWith("response larger than 1000 bytes"));
        CHECK_THAT(response.error().message, Catch::Contains(path));
    }

    options.max_response_bytes = 10000;  // exactly the size: allowed
    auto roomy = awsrest::make_curl_http_client(options);
    awsrest::Request get;
    get.path = "/sized";
    const auto response = roomy->send(server.endpoint(), get);
    REQUIRE(response.ok());
    CHECK(response->body.size() == 10000);
}

TEST_CASE("http: a refused connection fails fast with curl's message and the URL", "[http][curl]") {
    RefusingPort refusing;
    auto client = awsrest::make_curl_http_client(quick_options());
    awsrest::Request request;
    request.path = "/queue";
    request.query = "X-Amz-Security-Token=secret-token";
    const auto start = std::chrono::steady_clock::now();
    const auto response = client->send(test_support::loopback_endpoint(refusing.port()), request);
    CHECK(seconds_since(start) < 1.5);
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().kind == ErrorKind::Network);
    CHECK(response.error().http_status == 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(refusing.port()) + "/queue";
    CHECK_THAT(response.error().message, Catch::StartsWith("could not connect: "));
    CHECK_THAT(response.error().message, Catch::Contains(url));
    CHECK_THAT(response.error().message, Catch::Contains("curl error 7"));
    // The query (a presigned URL's token and signature) stays out of messages.
    CHECK(response.error().message.find("secret-token") == std::string::npos);
}

TEST_CASE("http: the total timeout cuts a slow answer", "[http][curl]") {
    std::atomic<bool> release{false};
    LoopbackServer server([&](httplib::Server& s) {
        s.Get("/slow", [&](const httplib::Request&, httplib::Response& response) {
            for (int i = 0; i < 300 && !release; ++i) std::this_thread::sleep_for(10ms);
            response.set_content("late", "text/plain");
        });
    });
    auto options = quick_options();
    options.total_timeout = 300ms;
    auto client = awsrest::make_curl_http_client(options);
    awsrest::Request get;
    get.path = "/slow";
    const auto start = std::chrono::steady_clock::now();
    const auto response = client->send(server.endpoint(), get);
    const double elapsed = seconds_since(start);
    release = true;
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().kind == ErrorKind::Network);
    CHECK_THAT(response.error().message, Catch::StartsWith("timed out: "));
    CHECK(elapsed >= 0.25);
    CHECK(elapsed < 2.0);
}

TEST_CASE("http: two calls share one connection", "[http][curl]") {
    Seen seen;
    LoopbackServer server([&](httplib::Server& s) { echo_routes(s, seen); });
    auto client = awsrest::make_curl_http_client(quick_options());
    awsrest::Request get;
    get.path = "/first";
    REQUIRE(client->send(server.endpoint(), get).ok());
    get.path = "/second";
    REQUIRE(client->send(server.endpoint(), get).ok());
    std::lock_guard lock(seen.mutex);
    REQUIRE(seen.remote_ports.size() == 2);
    CHECK(seen.remote_ports[0] == seen.remote_ports[1]);
}

TEST_CASE("http: only the final header block of an answer is kept", "[http][curl]") {
    CannedPeer peer(
        "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
        "HTTP/1.1 503 Slow Down\r\nx-amz-request-id: 4442587FB7D0A2F9\r\nContent-Length: 2\r\n"
        "Connection: close\r\n\r\nno");
    auto client = awsrest::make_curl_http_client(quick_options());
    awsrest::Request get;
    get.path = "/bucket";
    const auto response = client->send(test_support::loopback_endpoint(peer.port()), get);
    REQUIRE(response.ok());
    CHECK(response->status == 503);
    CHECK(response->reason == "Slow Down");
    CHECK_FALSE(response->header("X-Interim"));
    CHECK(response->header("x-amz-request-id") == std::optional<std::string_view>("4442587FB7D0A2F9"));
    CHECK(response->body == "no");
}

TEST_CASE("http: an answer cut short is a Network error", "[http][curl]") {
    CannedPeer peer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly part");
    auto client = awsrest::make_curl_http_client(quick_options());
    awsrest::Request get;
    const auto response = client->send(test_support::loopback_endpoint(peer.port()), get);
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().kind == ErrorKind::Network);
    CHECK_THAT(response.error().message, Catch::StartsWith("connection dropped: "));
}

TEST_CASE("http: proxy_from_environment=false ignores http_proxy", "[http][curl]") {
    Seen seen;
    LoopbackServer server([&](httplib::Server& s) { echo_routes(s, seen); });
    RefusingPort dead_proxy;
    const ScopedEnv proxy("http_proxy", "http://127.0.0.1:" + std::to_string(dead_proxy.port()));
    const ScopedEnv no_proxy_lower("no_proxy", std::nullopt);
    const ScopedEnv no_proxy_upper("NO_PROXY", std::nullopt);
    awsrest::Request get;

    auto direct_options = quick_options();
    direct_options.proxy_from_environment = false;
    CHECK(awsrest::make_curl_http_client(direct_options)->send(server.endpoint(), get).ok());

    const auto proxied = awsrest::make_curl_http_client(quick_options())->send(server.endpoint(), get);
    REQUIRE_FALSE(proxied.ok());
    CHECK(proxied.error().kind == ErrorKind::Network);
}

TEST_CASE("http: header lines that would break the request are refused", "[http][curl]") {
    auto client = awsrest::make_curl_http_client(quick_options());
    const awsrest::Endpoint nowhere = test_support::loopback_endpoint(9);
    awsrest::Request injected;
    injected.headers = {{"X-Amz-Meta", "a\r\nEvil: yes"}};
    const auto first = client->send(nowhere, injected);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().kind == ErrorKind::InvalidArgument);
    CHECK(first.error().message == "request header X-Amz-Meta has a line break in its value");

    awsrest::Request bad_name;
    bad_name.headers = {{"Bad Name", "x"}};
    CHECK(client->send(nowhere, bad_name).error().kind == ErrorKind::InvalidArgument);

    awsrest::Request bad_method;
    bad_method.method = "GET /x HTTP/1.1\r\n";
    CHECK(client->send(nowhere, bad_method).error().kind == ErrorKind::InvalidArgument);
}

TEST_CASE("http: TLS to a peer that does not speak it is a TLS failure", "[http][curl]") {
    Seen seen;
    LoopbackServer server([&](httplib::Server& s) { echo_routes(s, seen); });
    awsrest::Endpoint endpoint = server.endpoint();
    endpoint.scheme = "https";
    for (const char* ca_bundle : {"", "/nonexistent/ca-bundle.pem"}) {
        INFO("ca_bundle " << ca_bundle);
        auto options = quick_options();
        options.ca_bundle = ca_bundle;
        const auto response = awsrest::make_curl_http_client(options)->send(endpoint, awsrest::Request{});
        REQUIRE_FALSE(response.ok());
        CHECK(response.error().kind == ErrorKind::Network);
        CHECK_THAT(response.error().message, Catch::StartsWith("TLS failure: "));
        CHECK_THAT(response.error().message,
                   Catch::Contains("https://127.0.0.1:" + std::to_string(server.port()) + "/"));
    }
}

namespace {

// A server whose GET /poll answers only after 10 s (or when released), like a long poll, and
// whose POST /delete answers at once; and a thread that raises a cancel flag after 300 ms.
struct LongPollServer {
    std::atomic<bool> release{false};
    std::atomic<int> polls{0};
    LoopbackServer server{[this](httplib::Server& s) {
        s.Get("/poll", [this](const httplib::Request&, httplib::Response& response) {
            ++polls;
            for (int i = 0; i < 1000 && !release; ++i) std::this_thread::sleep_for(10ms);
            response.set_content("late", "text/plain");
        });
        s.Post("/delete", [](const httplib::Request& request, httplib::Response& response) {
            response.set_content("deleted " + request.body, "text/plain");
        });
    }};
    ~LongPollServer() { release = true; }
    static awsrest::Request poll() {
        awsrest::Request get;
        get.path = "/poll";
        return get;
    }
};

std::thread raise_after_300ms(std::atomic<bool>& flag) {
    return std::thread([&flag] {
        std::this_thread::sleep_for(300ms);
        flag = true;
    });
}

}  // namespace

TEST_CASE("http: a cancel flag ends a long wait within about a second, and is not retried", "[http][curl]") {
    LongPollServer poller;
    std::atomic<bool> cancel{false};
    auto options = quick_options();
    options.total_timeout = 20000ms;
    options.cancel = &cancel;
    auto client = awsrest::make_curl_http_client(options);
    std::thread canceller = raise_after_300ms(cancel);
    const auto start = std::chrono::steady_clock::now();
    const auto response = client->send(poller.server.endpoint(), LongPollServer::poll());
    const double elapsed = seconds_since(start);
    canceller.join();
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().kind == ErrorKind::Network);
    CHECK_THAT(response.error().message, Catch::StartsWith("cancelled: "));
    CHECK_FALSE(awsrest::is_retryable(response.error()));
    CHECK(elapsed < 3.0);  // not the 10 s the server holds the answer
    // Once cancelled, nothing more is sent.
    const auto again = client->send(poller.server.endpoint(), LongPollServer::poll());
    REQUIRE_FALSE(again.ok());
    CHECK_THAT(again.error().message, Catch::StartsWith("cancelled: before sending"));
    CHECK(poller.polls == 1);
}

TEST_CASE("http: a call's own cancel flag ends that call at once, and the client's next call goes through",
          "[http][curl]") {
    LongPollServer poller;
    auto options = quick_options();
    options.total_timeout = 20000ms;
    auto client = awsrest::make_curl_http_client(options);  // no client-wide flag
    std::atomic<bool> cancel{false};
    std::thread canceller = raise_after_300ms(cancel);
    const auto start = std::chrono::steady_clock::now();
    const auto cancelled =
        client->send(poller.server.endpoint(), LongPollServer::poll(), awsrest::SendOptions{&cancel});
    const double elapsed = seconds_since(start);
    canceller.join();
    REQUIRE_FALSE(cancelled.ok());
    CHECK(cancelled.error().kind == ErrorKind::Network);
    CHECK_THAT(cancelled.error().message, Catch::StartsWith("cancelled: ended in flight (GET http://127.0.0.1:"));
    CHECK_FALSE(awsrest::is_retryable(cancelled.error()));
    CHECK(poller.polls == 1);
    // Ended within the flag's check interval (100 ms) of the cancel, not at the 10 s answer.
    CHECK(elapsed >= 0.3);
    CHECK(elapsed < 0.9);

    // The same client, a call without the flag (the deletes after a cancelled long poll).
    awsrest::Request post;
    post.method = "POST";
    post.path = "/delete";
    post.body = "m1";
    const auto deleted = client->send(poller.server.endpoint(), post);
    REQUIRE(deleted.ok());
    CHECK(deleted->status == 200);
    CHECK(deleted->body == "deleted m1");
    // And one that carries the raised flag is not sent at all.
    const auto refused = client->send(poller.server.endpoint(), LongPollServer::poll(), awsrest::SendOptions{&cancel});
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::StartsWith("cancelled: before sending"));
    CHECK(poller.polls == 1);
}
