// A real WebServer on an ephemeral loopback port, a real SQLite store, httplib::Client.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "raw_client.hpp"
#include "support/scripted_http.hpp"
#include "web/base64.hpp"
#include "store/open_store.hpp"
#include "web/web_server.hpp"
#include "web_fixtures.hpp"

using niamd::web::WebOptions;
using niamd::web::WebServer;
using web_test::kXssHost;
using web_test::kXssHostPath;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<niamd::store::HistoryStore> open_sqlite(const web_test::TempDir& dir) {
    auto store = niamd::store::open_store(std::nullopt, dir.path());
    if (!store) throw std::runtime_error("open_store: " + store.error().describe());
    return std::move(store.value());
}

WebOptions loopback(WebOptions options = {}) {
    options.port = 0;
    return options;
}

// The sample snapshot and its history behind a started server.
class Served {
  public:
    explicit Served(WebOptions options = loopback())
        : store_(open_sqlite(dir_)), server_(board_, *store_, clock_, std::move(options)) {
        auto snapshot = web_test::sample_snapshot();
        web_test::write_sample_history(*store_, *snapshot);
        board_.publish(snapshot);
        const auto started = server_.start();
        if (!started) FAIL(started.error().describe());
        REQUIRE(server_.port() > 0);
    }

    httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) {
        httplib::Client client("127.0.0.1", server_.port());
        return client.Get(path, headers);
    }
    int port() const { return server_.port(); }
    WebServer& server() { return server_; }
    test_support::ManualClock& clock() { return clock_; }
    const web_test::TempDir& dir() const { return dir_; }

  private:
    web_test::TempDir dir_;
    std::unique_ptr<niamd::store::HistoryStore> store_;
    niamd::master::SnapshotBoard board_;
    test_support::ManualClock clock_;
    WebServer server_;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A store whose reads all fail, as a lost MariaDB connection would.
class BrokenStore final : public niamd::store::HistoryStore {
  public:
    template <class T>
    static awsrest::Result<T> broken() {
        return awsrest::make_error(awsrest::ErrorKind::Network, "connection to db.internal:3306 lost");
    }
    awsrest::Result<void> commit(niamd::store::Batch&) override { return broken<std::vector<int>>().error(); }
    awsrest::Result<std::vector<niamd::store::HostRow>> load_hosts() override {
        return broken<std::vector<niamd::store::HostRow>>();
    }
    awsrest::Result<std::vector<niamd::store::CheckStateRow>> load_check_states() override {
        return broken<std::vector<niamd::store::CheckStateRow>>();
    }
    awsrest::Result<std::vector<niamd::store::AlertRow>> load_pending_alerts() override {
        return broken<std::vector<niamd::store::AlertRow>>();
    }
    awsrest::Result<std::vector<std::string>> load_message_ids(std::int64_t, std::size_t) override {
        return broken<std::vector<std::string>>();
    }
    awsrest::Result<void> mark_alert_sent(std::int64_t, std::int64_t) override { return broken<int>().error(); }
    awsrest::Result<void> mark_alert_failed(std::int64_t, int, std::string_view) override {
        return broken<int>().error();
    }
    awsrest::Result<std::size_t> prune(std::int64_t) override { return broken<std::size_t>(); }
    awsrest::Result<std::vector<niamd::store::AlertRow>> alerts_since(std::int64_t, std::size_t) override {
        return broken<std::vector<niamd::store::AlertRow>>();
    }
    awsrest::Result<std::vector<niamd::store::HeartbeatRow>> heartbeats(const niamd::store::HostKey&, std::int64_t,
                                                                        std::size_t) override {
        return broken<std::vector<niamd::store::HeartbeatRow>>();
    }
    awsrest::Result<std::vector<niamd::store::CheckResultRow>> check_history(const std::string&, const std::string&,
                                                                             std::int64_t, std::size_t) override {
        return broken<std::vector<niamd::store::CheckResultRow>>();
    }
};

}  // namespace

TEST_CASE("web api: /api/hosts lists every host with its state, checks and security headers", "[web]") {
    Served served;
    const auto res = served.get("/api/hosts");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(contains(res->get_header_value("Content-Security-Policy"), "script-src 'self'"));
    CHECK_FALSE(contains(res->get_header_value("Content-Security-Policy"), "unsafe-inline"));
    const std::string& body = res->body;
    CAPTURE(body);
    CHECK(contains(body, R"("now":1440938160,"taken_at":1440938159,"warn_after":120,"purge_after":600)"));
    CHECK(contains(body, R"("counts":{"PURGE_SOON":1,"MISSING":1,"INSTANCE_GONE":1,"CHECK_FAILING":1,"OK":2})"));
    CHECK(contains(body, R"("hostname":"web-1","instance":"i-0aaa","state":"OK","status":"OK")"));
    CHECK(contains(body, R"("hostname":"web-2","instance":"i-0bbb","state":"MISSING","status":"MISSING")"));
    CHECK(contains(body, R"("hostname":"old-1","instance":"i-0ccc","state":"PURGE_SOON")"));
    CHECK(contains(body, R"("hostname":"db-1","instance":"NOT-AWS","state":"CHECK_FAILING")"));
    CHECK(contains(body, R"("hostname":"gone-1","instance":"i-0ddd","state":"INSTANCE_GONE")"));
    CHECK(contains(body, R"("last_ping":1440938150,"seen_ago":10,"purge_in":null)"));
    CHECK(contains(body, R"("last_ping":1440937960,"seen_ago":200,"purge_in":400)"));
    CHECK(contains(
        body, R"({"check":"example.org:80","kind":"HTTP","target":"example.org","port_or_arg":"80","status":"OK")"));
    CHECK(contains(
        body,
        R"("status":"FAILED","since":1440935160,"last_time":1440938130,"latency_ms":120,"nagios_code":2,"output":"DISK CRITICAL - / 98%")"));
    // The hostile hostname is JSON-escaped: no raw markup anywhere in the body.
    CHECK(contains(body, R"("hostname":"\u003cscript\u003ealert(1)\u003c/script\u003e")"));
    CHECK(contains(body, R"("output":"\u003cb\u003ebold\u003c/b\u003e")"));
    CHECK_FALSE(contains(body, "<"));
}

TEST_CASE("web api: /api/hosts?state= filters, a bad state is 400", "[web]") {
    Served served;
    const auto missing = served.get("/api/hosts?state=MISSING");
    REQUIRE(missing);
    CHECK(missing->status == 200);
    CHECK(contains(missing->body, R"("hostname":"web-2")"));
    CHECK_FALSE(contains(missing->body, R"("hostname":"web-1")"));
    CHECK_FALSE(contains(missing->body, R"("hostname":"old-1")"));

    const auto bad = served.get("/api/hosts?state=DOWN");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(bad->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(bad->body == R"({"error":"state: expected one or more (comma-separated) of OK, CHECK_FAILING, MISSING, )"
                       R"(PURGE_SOON, INSTANCE_GONE"})");
}

TEST_CASE("web api: /api/hosts/{hostname}, unknown host 404", "[web]") {
    Served served;
    const auto host = served.get("/api/hosts/web-1");
    REQUIRE(host);
    CHECK(host->status == 200);
    CHECK(contains(host->body, R"("hostname":"web-1","instance":"i-0aaa","state":"OK")"));
    CHECK(contains(host->body, R"("instances":["i-0aaa"])"));
    CHECK(contains(host->body, R"("check":"10.0.0.1:22","kind":"LPING")"));

    const auto xss = served.get("/api/hosts/" + kXssHostPath);
    REQUIRE(xss);
    CHECK(xss->status == 200);
    CHECK(contains(xss->body, R"("hostname":"\u003cscript\u003ealert(1)\u003c/script\u003e")"));
    CHECK(contains(xss->body, R"("target":"a\"b\\c")"));

    const auto wrong_instance = served.get("/api/hosts/web-1?instance=i-other");
    REQUIRE(wrong_instance);
    CHECK(wrong_instance->status == 404);

    const auto unknown = served.get("/api/hosts/%3Cb%3Enope");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
    CHECK(unknown->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(unknown->body == R"({"error":"unknown host: \u003cb\u003enope"})");
}

TEST_CASE("web api: /api/alerts since a time, with kind, host and delivery state", "[web]") {
    Served served;
    const auto day = served.get("/api/alerts?since=1d");
    REQUIRE(day);
    CHECK(day->status == 200);
    const std::string& body = day->body;
    CAPTURE(body);
    CHECK(contains(body, R"("now":1440938160,"since":1440851760)"));
    CHECK(contains(
        body,
        R"("time":1440933160,"kind":"RECOVERED","hostname":"web-1","instance":"i-0aaa","detail":"web-1 is back")"));
    CHECK(contains(body, R"("delivery":"sent","attempts":1,"sent_at":1440933170,"last_error":"")"));
    CHECK(contains(body, R"("kind":"MISSING","hostname":"web-2")"));
    CHECK(contains(body, R"("delivery":"pending","attempts":2,"sent_at":0,"last_error":"Throttling: rate exceeded")"));
    CHECK(contains(body, R"("kind":"CHECK_FAILED","hostname":"\u003cscript\u003ealert(1)\u003c/script\u003e")"));
    CHECK(contains(body, R"("detail":"\u003cimg src=x onerror=alert(2)\u003e")"));
    CHECK_FALSE(contains(body, "<"));
    // Oldest first, as the store returns them.
    CHECK(body.find("RECOVERED") < body.find("CHECK_FAILED"));

    const auto recent = served.get("/api/alerts?since=" + std::to_string(web_test::kNow - 70));
    REQUIRE(recent);
    CHECK(recent->status == 200);
    CHECK(contains(recent->body, "CHECK_FAILED"));
    CHECK_FALSE(contains(recent->body, "RECOVERED"));
    CHECK_FALSE(contains(recent->body, R"("kind":"MISSING")"));

    for (const char* bad :
         {"/api/alerts?since=yesterday", "/api/alerts?since=-1", "/api/alerts?limit=0", "/api/alerts?limit=lots"}) {
        CAPTURE(bad);
        const auto res = served.get(bad);
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(res->body.starts_with(R"({"error":")"));
    }
}

TEST_CASE("web api: /api/history gives the state timeline and each check's points", "[web]") {
    Served served;
    const auto res = served.get("/api/history?host=web-1&since=1h");
    REQUIRE(res);
    CHECK(res->status == 200);
    const std::string& body = res->body;
    CAPTURE(body.substr(0, 600));
    CHECK(contains(body, R"("hostname":"web-1","instance":"i-0aaa","since":1440934560,"now":1440938160)"));
    CHECK(contains(body, R"("timeline":[{"state":"OK","from":1440934560,"to":1440938160}])"));
    CHECK(contains(body,
                   R"("check":"example.org:80","kind":"HTTP","target":"example.org","port_or_arg":"80","points":[[)"));
    // The LPING check has a state but no results: listed with no points.
    CHECK(
        contains(body, R"("check":"10.0.0.1:22","kind":"LPING","target":"10.0.0.1","port_or_arg":"22","points":[]})"));
    // One point a minute for the last hour, [time, status, latency].
    const std::regex point(R"(\[(\d+),([01]),(\d+)\])");
    const auto points = std::distance(std::sregex_iterator(body.begin(), body.end(), point), std::sregex_iterator());
    CHECK(points == 60);

    const auto web2 = served.get("/api/history?host=web-2&since=1h");
    REQUIRE(web2);
    CHECK(contains(
        web2->body,
        R"("timeline":[{"state":"OK","from":1440934560,"to":1440938080},{"state":"MISSING","from":1440938080,"to":1440938160}])"));

    const auto one_check = served.get("/api/history?host=web-1&check=10.0.0.1:22&since=1h");
    REQUIRE(one_check);
    CHECK(one_check->status == 200);
    CHECK(contains(one_check->body, R"("check":"10.0.0.1:22")"));
    CHECK_FALSE(contains(one_check->body, R"("check":"example.org:80")"));

    const auto xss = served.get("/api/history?host=" + kXssHostPath);
    REQUIRE(xss);
    CHECK(xss->status == 200);
    CHECK(contains(xss->body, R"("hostname":"\u003cscript\u003ealert(1)\u003c/script\u003e")"));

    const auto no_host = served.get("/api/history?since=1h");
    REQUIRE(no_host);
    CHECK(no_host->status == 400);
    CHECK(no_host->body == R"({"error":"host: required"})");
    const auto bad_since = served.get("/api/history?host=web-1&since=1y");
    REQUIRE(bad_since);
    CHECK(bad_since->status == 400);
    const auto unknown = served.get("/api/history?host=nope");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
    CHECK(unknown->body == R"({"error":"unknown host: nope"})");
}

TEST_CASE("web api: /healthz, unknown routes 404 and other methods 405", "[web]") {
    Served served;
    const auto health = served.get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->body == R"({"status":"ok","now":1440938160,"taken_at":1440938159})");

    const auto api = served.get("/api/nothing");
    REQUIRE(api);
    CHECK(api->status == 404);
    CHECK(api->body == R"({"error":"no such page"})");
    const auto page = served.get("/nothing");
    REQUIRE(page);
    CHECK(page->status == 404);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");

    httplib::Client client("127.0.0.1", served.port());
    const auto post = client.Post("/api/hosts", "x", "text/plain");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(post->get_header_value("Allow") == "GET, HEAD");
}

TEST_CASE("web api: a failing store read is 503 without the store's error text", "[web]") {
    BrokenStore store;
    niamd::master::SnapshotBoard board;
    board.publish(web_test::sample_snapshot());
    test_support::ManualClock clock;
    WebServer server(board, store, clock, loopback());
    REQUIRE(server.start().ok());
    httplib::Client client("127.0.0.1", server.port());
    for (const char* path : {"/api/alerts", "/api/history?host=web-1"}) {
        CAPTURE(path);
        const auto res = client.Get(path);
        REQUIRE(res);
        CHECK(res->status == 503);
        CHECK(res->body == R"({"error":"history store unavailable"})");  // no db.internal
    }
    const auto hosts = client.Get("/api/hosts");  // the snapshot needs no store
    REQUIRE(hosts);
    CHECK(hosts->status == 200);
}

TEST_CASE("web metrics: /metrics in the text format", "[web]") {
    Served served;
    const auto res = served.get("/metrics");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    CHECK(contains(res->body, "# TYPE niam_hosts gauge\n"));
    CHECK(contains(res->body, "niam_hosts{state=\"MISSING\"} 1\n"));
    CHECK(contains(res->body, "niam_sns_publish_failures_total 5\n"));
}

TEST_CASE("web pages: dashboard, alerts and host pages with no inline script and escaped values", "[web]") {
    Served served;
    for (const char* path : {"/", "/alerts", "/hosts/web-1"}) {
        CAPTURE(path);
        const auto res = served.get(path);
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
        CHECK(res->get_header_value("X-Frame-Options") == "DENY");
        // Every <script> loads a file: the CSP forbids inline code, and none is needed.
        const std::regex script_tag("<script[^>]*>");
        for (auto it = std::sregex_iterator(res->body.begin(), res->body.end(), script_tag);
             it != std::sregex_iterator(); ++it) {
            CHECK(std::regex_search(it->str(), std::regex(R"(src="/assets/[a-z]+\.js")")));
        }
        CHECK_FALSE(contains(res->body, "style="));
        CHECK_FALSE(contains(res->body, "http://"));
        CHECK_FALSE(contains(res->body, "https://"));
    }

    const auto xss = served.get("/hosts/" + kXssHostPath);
    REQUIRE(xss);
    CHECK(xss->status == 200);
    CHECK(contains(xss->body, "<title>niam — &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    CHECK(contains(xss->body, "data-hostname=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
    CHECK_FALSE(contains(xss->body, kXssHost));

    const auto unknown = served.get("/hosts/%3Cimg%20src%3Dx%3E");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
    CHECK(contains(unknown->body, "unknown host: &lt;img src=x&gt;"));
    CHECK_FALSE(contains(unknown->body, "<img"));
}

TEST_CASE("web assets: embedded scripts and styles with their types, nothing else served", "[web]") {
    Served served;
    const std::pair<const char*, const char*> assets[] = {
        {"/assets/common.js", "text/javascript; charset=utf-8"},
        {"/assets/dashboard.js", "text/javascript; charset=utf-8"},
        {"/assets/host.js", "text/javascript; charset=utf-8"},
        {"/assets/charts.js", "text/javascript; charset=utf-8"},
        {"/assets/alerts.js", "text/javascript; charset=utf-8"},
        {"/assets/niam.css", "text/css; charset=utf-8"},
        {"/assets/favicon.svg", "image/svg+xml"},
    };
    for (const auto& [path, type] : assets) {
        CAPTURE(path);
        const auto res = served.get(path);
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == type);
        CHECK(res->body.size() > 50);
        CHECK_FALSE(contains(res->body, "innerHTML"));
    }
    for (const char* path : {"/assets/nope.js", "/assets/dashboard.html", "/assets/../web_server.cpp", "/assets/"}) {
        CAPTURE(path);
        const auto res = served.get(path);
        REQUIRE(res);
        CHECK(res->status == 404);
    }
}

TEST_CASE("web access: a token guards everything but /healthz", "[web]") {
    const std::string token = "test-token-0123456789";
    WebOptions options = loopback();
    options.access_token = token;
    Served served(options);

    for (const char* path : {"/api/hosts", "/metrics", "/", "/assets/common.js"}) {
        CAPTURE(path);
        const auto denied = served.get(path);
        REQUIRE(denied);
        CHECK(denied->status == 401);
        CHECK(denied->get_header_value("WWW-Authenticate") == "Bearer realm=\"niam\"");
        CHECK_FALSE(contains(denied->body, "web-1"));
        const auto wrong = served.get(path, {{"Authorization", "Bearer test-token-0123456788"}});
        REQUIRE(wrong);
        CHECK(wrong->status == 401);
        const auto allowed = served.get(path, {{"Authorization", "Bearer " + token}});
        REQUIRE(allowed);
        CHECK(allowed->status == 200);
    }
    const auto health = served.get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);

    // A browser: ?token= on a page sets the cookie and redirects to the clean URL.
    const auto visit = served.get("/hosts/web-1?token=" + token + "&instance=i-0aaa");
    REQUIRE(visit);
    CHECK(visit->status == 303);
    CHECK(visit->get_header_value("Location") == "/hosts/web-1?instance=i-0aaa");
    CHECK(visit->get_header_value("Set-Cookie") == "niam_token=" + token + "; Path=/; HttpOnly; SameSite=Strict");
    const auto elsewhere = served.get("//evil.example/x?token=" + token);
    REQUIRE(elsewhere);
    CHECK(elsewhere->status == 303);
    CHECK(elsewhere->get_header_value("Location") == "/evil.example/x");
    const auto with_cookie = served.get("/api/hosts", {{"Cookie", "niam_token=" + token}});
    REQUIRE(with_cookie);
    CHECK(with_cookie->status == 200);
    const auto api_query = served.get("/api/hosts?token=" + token);
    REQUIRE(api_query);
    CHECK(api_query->status == 200);
}

TEST_CASE("web access: basic-auth users, wrong credentials 401", "[web]") {
    web_test::TempDir users_dir;
    const auto users = users_dir.write(
        "web.users",
        "alice:wonder land\nbob:{SHA256}099a754c8251fb8a001b6642afb5259bd2edb705677b939f6ef4c00cab1e6389\n");
    WebOptions options = loopback();
    options.basic_auth_file = users;
    Served served(options);

    const auto basic = [](const std::string& pair) {
        return httplib::Headers{{"Authorization", "Basic " + niamd::web::encode_base64(pair)}};
    };
    const auto none = served.get("/api/hosts");
    REQUIRE(none);
    CHECK(none->status == 401);
    CHECK(none->get_header_value("WWW-Authenticate") == "Basic realm=\"niam\", charset=\"UTF-8\"");
    CHECK(none->body == R"({"error":"authentication required"})");
    for (const char* pair : {"alice:wonder land", "bob:s3cret pass"}) {
        CAPTURE(pair);
        const auto res = served.get("/api/hosts", basic(pair));
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    for (const char* pair : {"alice:wonderland", "bob:wonder land", "mallory:s3cret pass", "alice", ""}) {
        CAPTURE(pair);
        const auto res = served.get("/metrics", basic(pair));
        REQUIRE(res);
        CHECK(res->status == 401);
    }
    httplib::Client client("127.0.0.1", served.port());
    client.set_basic_auth("alice", "wonder land");
    const auto page = client.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
}

namespace {

// The answer to GET `path` sent from `source` (a loopback address) with `authorization`.
std::string raw_get(int port, const char* source, const std::string& path, const std::string& authorization) {
    web_test::RawClient client(port, source);
    std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!authorization.empty()) request += "Authorization: " + authorization + "\r\n";
    REQUIRE(client.send(request + "\r\n"));
    return client.read(5s);
}

std::string basic(const std::string& pair) { return "Basic " + niamd::web::encode_base64(pair); }

}  // namespace

TEST_CASE("web access: a brute force from one address gets 429 unchecked, the rightful user still gets in", "[web]") {
    web_test::TempDir users_dir;
    WebOptions options = loopback();
    options.basic_auth_file = users_dir.write("web.users", "alice:" + web_test::bcrypt_hash("wonder land") + "\n");
    Served served(options);
    const char* attacker = "127.0.0.1";
    const char* rightful = "127.0.0.2";

    for (int i = 0; i < 10; ++i) {
        CAPTURE(i);
        CHECK(raw_get(served.port(), attacker, "/api/hosts", basic("alice:guess " + std::to_string(i)))
                  .starts_with("HTTP/1.1 401"));
    }
    for (int i = 10; i < 100; ++i) {
        CAPTURE(i);
        const std::string answer =
            raw_get(served.port(), attacker, "/api/hosts", basic("alice:guess " + std::to_string(i)));
        CHECK(answer.starts_with("HTTP/1.1 429"));
        CHECK(contains(answer, "Retry-After: 60\r\n"));
    }
    // The attacker's address is held back whatever it sends; without credentials it is asked for them.
    CHECK(raw_get(served.port(), attacker, "/api/hosts", basic("alice:wonder land")).starts_with("HTTP/1.1 429"));
    CHECK(raw_get(served.port(), attacker, "/api/hosts", "").starts_with("HTTP/1.1 401"));
    CHECK(raw_get(served.port(), attacker, "/healthz", "").starts_with("HTTP/1.1 200"));

    // Meanwhile the rightful user, from another address, gets in.
    CHECK(raw_get(served.port(), rightful, "/api/hosts", basic("alice:wonder land")).starts_with("HTTP/1.1 200"));
    CHECK(raw_get(served.port(), rightful, "/api/hosts", basic("alice:typo")).starts_with("HTTP/1.1 401"));
    const std::string metrics = raw_get(served.port(), rightful, "/metrics", basic("alice:wonder land"));
    CHECK(contains(metrics, "\nniam_web_login_failures_total 11\n"));  // only these ran bcrypt
    CHECK(contains(metrics, "\nniam_web_login_refused_total{reason=\"rate_limited\"} 91\n"));
    CHECK(contains(metrics, "\nniam_web_login_refused_total{reason=\"busy\"} 0\n"));
    CHECK(contains(metrics, "\nniam_web_login_sources_tracked 2\n"));
    CHECK(contains(metrics, "\nniam_web_login_sources_evicted_total 0\n"));
    CHECK_FALSE(contains(metrics, "wonder"));

    served.clock().advance(59s);
    CHECK(contains(raw_get(served.port(), attacker, "/api/hosts", basic("alice:wonder land")), "Retry-After: 1\r\n"));
    served.clock().advance(1s);  // the window is over
    CHECK(raw_get(served.port(), attacker, "/api/hosts", basic("alice:wonder land")).starts_with("HTTP/1.1 200"));
}

TEST_CASE("web start: off-loopback needs credentials, bad options and taken ports fail clearly", "[web]") {
    niamd::master::SnapshotBoard board;
    BrokenStore store;
    test_support::ManualClock clock;
    for (const char* address : {"0.0.0.0", "::", "192.0.2.10"}) {
        CAPTURE(address);
        WebOptions options = loopback();
        options.address = address;
        WebServer server(board, store, clock, options);
        const auto started = server.start();
        REQUIRE_FALSE(started.ok());
        CHECK(started.error().message == "web: listening on " + std::string(address) +
                                             " (not loopback) needs an access token or a basic-auth file");
        CHECK(server.port() == -1);
    }

    WebOptions weak = loopback();
    weak.address = "0.0.0.0";
    weak.access_token = "short";
    WebServer weak_server(board, store, clock, weak);
    const auto weak_started = weak_server.start();
    REQUIRE_FALSE(weak_started.ok());
    CHECK(weak_started.error().message == "web: web access token: needs 16 to 256 characters");

    WebOptions missing_file = loopback();
    missing_file.basic_auth_file = "/nonexistent/niam/web.users";
    WebServer file_server(board, store, clock, missing_file);
    const auto file_started = file_server.start();
    REQUIRE_FALSE(file_started.ok());
    CHECK(file_started.error().message == "web: basic auth file /nonexistent/niam/web.users: cannot be read");

    WebServer first(board, store, clock, loopback());
    REQUIRE(first.start().ok());
    WebOptions same = loopback();
    same.port = first.port();
    WebServer second(board, store, clock, same);
    const auto taken = second.start();
    REQUIRE_FALSE(taken.ok());
    CHECK(taken.error().kind == awsrest::ErrorKind::Network);
    CHECK(taken.error().message ==
          "web: cannot listen on 127.0.0.1:" + std::to_string(first.port()) + ": Address already in use");
    CHECK_FALSE(first.start().ok());  // once only
}

TEST_CASE("web stop: returns promptly with an idle keep-alive connection open, twice is fine", "[web]") {
    niamd::master::SnapshotBoard board;
    BrokenStore store;
    test_support::ManualClock clock;
    WebServer never_started(board, store, clock, loopback());
    never_started.stop();

    WebServer server(board, store, clock, loopback());
    REQUIRE(server.start().ok());
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true);
    REQUIRE(client.Get("/healthz"));
    const auto begin = std::chrono::steady_clock::now();
    server.stop();
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - begin);
    // The idle connection's keep-alive lasts 2 s: a stop that waited for it would take that long.
    INFO("stop() took " << took.count() << " ms with a keep-alive connection open");
    CHECK(took < std::chrono::milliseconds(1000));
    server.stop();
    CHECK_FALSE(httplib::Client("127.0.0.1", server.port()).Get("/healthz"));
}

TEST_CASE("web access: an open interface answers only Host names of loopback or --web-host", "[web]") {
    niamd::master::SnapshotBoard board;
    board.publish(web_test::sample_snapshot());
    BrokenStore store;
    test_support::ManualClock clock;
    WebOptions options = loopback();
    options.allowed_hosts = {"monitor.example"};
    WebServer server(board, store, clock, options);
    REQUIRE(server.start().ok());
    const std::string port = std::to_string(server.port());
    httplib::Client client("127.0.0.1", server.port());
    // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1.
    for (const std::string& host :
         std::vector<std::string>{"evil.example", "evil.example:" + port, "127.0.0.1.evil.example",
                                  "localhost.evil.example", "monitor.example.evil", "[::1].evil", "", "::1"}) {
        CAPTURE(host);
        for (const char* path : {"/api/hosts", "/", "/healthz", "/metrics"}) {
            CAPTURE(path);
            const auto res = client.Get(path, {{"Host", host}});
            REQUIRE(res);
            CHECK(res->status == 403);
            CHECK(res->body.find("web-1") == std::string::npos);
        }
    }
    const auto refused = client.Get("/api/hosts", {{"Host", "evil.example"}});
    REQUIRE(refused);
    CHECK(refused->body ==
          R"({"error":"Host not served: this interface answers loopback names and --web-host names only"})");
    for (const std::string& host :
         std::vector<std::string>{"127.0.0.1:" + port, "127.0.0.1", "127.9.8.7", "localhost:" + port, "LocalHost",
                                  "localhost.", "[::1]:" + port, "[::1]", "monitor.example", "Monitor.Example.:8080"}) {
        CAPTURE(host);
        const auto res = client.Get("/api/hosts", {{"Host", host}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
}

TEST_CASE("web access: with a token, the token guards whatever the Host", "[web]") {
    const std::string token = "abcdefghijklmnop0123456789";
    WebOptions options = loopback();
    options.access_token = token;
    Served served(options);
    const auto res = served.get("/api/hosts", {{"Host", "monitor.example.com"}, {"Authorization", "Bearer " + token}});
    REQUIRE(res);
    CHECK(res->status == 200);
}

TEST_CASE("web pages: bidirectional and C1 controls in a hostname are shown escaped", "[web]") {
    // U+202E RIGHT-TO-LEFT OVERRIDE and U+009B CSI in the name.
    const std::string name =
        "ab\xE2\x80\xAE"
        "dc\xC2\x9B"
        "1m";
    auto snapshot = web_test::sample_snapshot();
    snapshot->hosts.push_back(web_test::host_view(name,
                                                  "i-\xE2\x80\xAE"
                                                  "0f",
                                                  niamd::store::HostStatus::Ok, web_test::kNow - 5));
    niamd::master::SnapshotBoard board;
    board.publish(snapshot);
    BrokenStore store;
    test_support::ManualClock clock;
    WebServer server(board, store, clock, loopback());
    REQUIRE(server.start().ok());
    httplib::Client client("127.0.0.1", server.port());

    const auto page = client.Get("/hosts/ab%E2%80%AEdc%C2%9B1m");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(contains(page->body, "<title>niam — ab&lt;U+202E&gt;dc&lt;U+009B&gt;1m</title>"));
    CHECK(contains(page->body, "<span id=\"hostname\">ab&lt;U+202E&gt;dc&lt;U+009B&gt;1m</span>"));
    CHECK(contains(page->body, "<dd id=\"instance\">i-&lt;U+202E&gt;0f</dd>"));
    CHECK(contains(page->body, "data-hostname=\"" + name + "\""));  // for the API calls, as it is
    const std::size_t title_end = page->body.find("</title>");
    CHECK(page->body.substr(0, title_end).find("\xE2\x80\xAE") == std::string::npos);

    const auto api = client.Get("/api/hosts");
    REQUIRE(api);
    CHECK(contains(api->body, R"("hostname":"ab\u202edc\u009b1m")"));
    CHECK_FALSE(contains(api->body, "\xE2\x80\xAE"));
}

TEST_CASE("web limits: a header flood is refused with 431 before it is buffered", "[web]") {
    Served served;
    web_test::RawClient flood(served.port());
    REQUIRE(flood.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    std::string lines;
    for (int i = 0; i < 4000; ++i) lines += "X-Flood-" + std::to_string(i) + ": a\r\n";  // ~64 KB
    REQUIRE(flood.send(lines + "\r\n"));
    CHECK_THAT(flood.read(3s), Catch::StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
    CHECK(flood.closed());
    const auto health = served.get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
}

TEST_CASE("web limits: idle and dripping connections do not delay an answer", "[web]") {
    Served served;
    std::vector<std::unique_ptr<web_test::RawClient>> attackers;
    for (int i = 0; i < 24; ++i) attackers.push_back(std::make_unique<web_test::RawClient>(served.port()));
    for (int i = 0; i < 12; ++i) {
        attackers.push_back(std::make_unique<web_test::RawClient>(served.port()));
        attackers.back()->send(i % 2 ? "GET / HTTP/1.1\r\nX-Drip: a"
                                     : "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }
    std::this_thread::sleep_for(100ms);  // all of them accepted first
    const auto begin = std::chrono::steady_clock::now();
    const auto hosts = served.get("/api/hosts");
    const auto took = std::chrono::steady_clock::now() - begin;
    REQUIRE(hosts);
    CHECK(hosts->status == 200);
    CHECK(took < 500ms);
}

TEST_CASE("web limits: POST /healthz without Content-Length is answered at once", "[web]") {
    Served served;
    web_test::RawClient post(served.port());
    const auto begin = std::chrono::steady_clock::now();
    REQUIRE(post.send("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    CHECK_THAT(post.read(3s, "\"method not allowed\"}"), Catch::StartsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
    CHECK(std::chrono::steady_clock::now() - begin < 1s);
}
