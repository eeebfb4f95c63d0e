// GET /api/logs and GET /api/events: the parameters (web/log_params.hpp), the JSON bodies,
// and the endpoints on a real SQLite store over loopback.
#include <catch2/catch.hpp>

#include <string>

#include "served_store.hpp"
#include "web/log_params.hpp"
#include "web/logs_json.hpp"

using web_test::kNow;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

niamd::store::LogLineRow line(std::string source, std::int64_t seq, std::int64_t time, std::string text) {
    niamd::store::LogLineRow row;
    row.hostname = "web-1";
    row.instance = "i-0aaa";
    row.source = std::move(source);
    row.seq = seq;
    row.time = time;
    row.line = std::move(text);
    return row;
}

// web-1 with 150 lines of two sources and a few events.
web_test::ServedStore served_logs() {
    return web_test::ServedStore([](niamd::store::HistoryStore& store) {
        niamd::store::Batch batch;
        for (int i = 1; i <= 150; ++i) {
            batch.log_lines.push_back(line(i % 3 ? "/var/log/syslog" : "/var/log/auth.log", i, kNow - 300 + i,
                                           "line " + std::to_string(i) + (i == 42 ? " Failed password for root" : "")));
        }
        batch.log_lines.push_back(line("/var/log/syslog", 1000, kNow - 10, "<script>alert(1)</script>"));
        niamd::store::EventRow event;
        event.hostname = "web-1";
        event.instance = "i-0aaa";
        event.kind = "ssh.failed";
        event.id = "ssh:42";
        event.time = kNow - 258;
        event.fields = "user=root;source=203.0.113.9;port=5022";
        event.raw = "Failed password for root from 203.0.113.9 port 5022 ssh2";
        batch.events.push_back(event);
        event.kind = "docker.die";
        event.id = "docker:1";
        event.time = kNow - 100;
        event.fields = "container=web;exit_code=137";
        event.raw = "";
        batch.events.push_back(event);
        web_test::commit(store, batch);
    });
}

niamd::web::LogParams params(std::string host) {
    niamd::web::LogParams p;
    p.host = std::move(host);
    return p;
}

}  // namespace

TEST_CASE("log params: defaults, bounds and errors naming the parameter", "[web]") {
    constexpr std::int64_t now = 1700000000;
    auto plain = niamd::web::parse_log_params(params("web-1"), now);
    REQUIRE(plain);
    CHECK(plain->query.hostname == "web-1");
    CHECK_FALSE(plain->instance);
    CHECK(plain->query.limit == 100);
    CHECK(plain->query.since == now - 400LL * 86400);
    CHECK(plain->query.until == std::numeric_limits<std::int64_t>::max());
    CHECK_FALSE(plain->query.before);

    auto full = params("web-1");
    full.instance = "i-1";
    full.source = "journal";
    full.q = "failed password";
    full.since = "1h";
    full.until = "1699999990";
    full.limit = "1000";
    full.before = "1699999000.77";
    auto read = niamd::web::parse_log_params(full, now);
    REQUIRE(read);
    CHECK(read->instance == "i-1");
    CHECK(read->query.source == "journal");
    CHECK(read->query.text == "failed password");
    CHECK(read->query.since == now - 3600);
    CHECK(read->query.until == 1699999990);
    CHECK(read->query.limit == 1000);
    CHECK(read->query.before == niamd::store::LogCursor{1699999000, 77});

    const auto error_of = [&](auto change) {
        auto p = params("web-1");
        change(p);
        auto parsed = niamd::web::parse_log_params(p, now);
        return parsed ? std::string("(accepted)") : parsed.error().message;
    };
    CHECK(error_of([](auto& p) { p.host = ""; }) == "host: required");
    CHECK(error_of([](auto& p) { p.host.reset(); }) == "host: required");
    CHECK(error_of([](auto& p) { p.limit = "1001"; }).starts_with("limit: "));
    CHECK(error_of([](auto& p) { p.limit = "0"; }).starts_with("limit: "));
    CHECK(error_of([](auto& p) { p.since = "yesterday"; }).starts_with("since: "));
    CHECK(error_of([](auto& p) { p.until = "soon"; }).starts_with("until: "));
    CHECK(error_of([](auto& p) {
              p.since = "1h";
              p.until = "2h";
          }) == "since: later than until");
    CHECK(error_of([](auto& p) { p.before = "abc"; }).starts_with("before: "));
    CHECK(error_of([](auto& p) { p.before = "1.-2"; }).starts_with("before: "));
    CHECK(error_of([](auto& p) { p.q = std::string(600, 'x'); }).starts_with("q: "));
    CHECK(error_of([](auto& p) { p.source = std::string("a\nb"); }).starts_with("source: "));

    auto events = params("web-1");
    events.kind = "ssh.failed";
    auto event_query = niamd::web::parse_event_params(events, now);
    REQUIRE(event_query);
    CHECK(event_query->query.kind == "ssh.failed");
    events.limit = "5000";
    CHECK_FALSE(niamd::web::parse_event_params(events, now));
}

TEST_CASE("logs json: lines newest first with the next cursor, events with fields as an object", "[web]") {
    const niamd::store::HostKey host{"web-1", "i-0aaa"};
    niamd::store::LogPage page;
    page.lines.push_back(line("journal", 3, 1700000000, "sshd[1]: \"quoted\" <b>"));
    page.lines.back().stream = "stderr";
    page.next = niamd::store::LogCursor{1700000000, 12};
    CHECK(niamd::web::logs_json(host, page) ==
          R"({"host":"web-1","instance":"i-0aaa","lines":[{"time":1700000000,"host":"web-1","source":"journal",)"
          R"("line":"sshd[1]: \"quoted\" \u003cb\u003e","seq":3,"stream":"stderr","cut":0}],"next":"1700000000.12"})");
    niamd::store::EventRow event;
    event.kind = "ssh.failed";
    event.id = "ssh:1";
    event.time = 1700000001;
    event.fields = "user=ro%3Dot;source=203.0.113.9";
    event.raw = "Failed password";
    CHECK(niamd::web::events_json(host, {event}) ==
          R"({"host":"web-1","instance":"i-0aaa","events":[{"time":1700000001,"host":"web-1","kind":"ssh.failed",)"
          R"("id":"ssh:1","fields":{"user":"ro=ot","source":"203.0.113.9"},"raw":"Failed password"}]})");
}

TEST_CASE("api logs: search, filter, pages and errors over loopback", "[web]") {
    auto served = served_logs();
    const auto newest = served.get("/api/logs?host=web-1");
    REQUIRE(newest);
    CHECK(newest->status == 200);
    CHECK(contains(newest->body,
                   R"({"host":"web-1","instance":"i-0aaa","lines":[{"time":1440938150,"host":"web-1",)"
                   R"("source":"/var/log/syslog","line":"\u003cscript\u003ealert(1)\u003c/script\u003e")"));
    CHECK(contains(newest->body, R"("next":")"));  // 151 lines, 100 a page

    const auto found = served.get("/api/logs?host=web-1&q=failed%20PASSWORD");
    REQUIRE(found);
    CHECK(found->status == 200);
    CHECK(contains(found->body, R"("line":"line 42 Failed password for root")"));
    CHECK(contains(found->body, R"("next":null)"));

    const auto auth = served.get("/api/logs?host=web-1&source=/var/log/auth.log&limit=1000");
    REQUIRE(auth);
    CHECK_FALSE(contains(auth->body, "syslog"));
    CHECK(contains(auth->body, R"("line":"line 150")"));
    CHECK(contains(auth->body, R"("line":"line 3")"));

    // The live tail's question: the lines since a time.
    const auto tail = served.get("/api/logs?host=web-1&since=" + std::to_string(kNow - 152));
    REQUIRE(tail);
    CHECK(contains(tail->body, R"("line":"line 148")"));
    CHECK_FALSE(contains(tail->body, R"("line":"line 147")"));

    const std::pair<std::string, std::string> bad[] = {
        {"/api/logs", "host: required"},
        {"/api/logs?host=web-1&limit=5000", "limit: "},
        {"/api/logs?host=web-1&since=later", "since: "},
        {"/api/logs?host=web-1&before=nope", "before: "},
        {"/api/events?host=web-1&limit=-1", "limit: "},
    };
    for (const auto& [path, message] : bad) {
        INFO(path);
        const auto answer = served.get(path);
        REQUIRE(answer);
        CHECK(answer->status == 400);
        CHECK(contains(answer->body, R"({"error":")" + message));
    }
    const auto unknown = served.get("/api/logs?host=nobody");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
}

TEST_CASE("api logs: following next walks every line once", "[web]") {
    auto served = served_logs();
    std::string path = "/api/logs?host=web-1&limit=40";
    int pages = 0;
    std::size_t lines = 0;
    while (pages < 10) {
        const auto page = served.get(path);
        REQUIRE(page);
        REQUIRE(page->status == 200);
        ++pages;
        for (std::size_t at = page->body.find(R"("seq":)"); at != std::string::npos;
             at = page->body.find(R"("seq":)", at + 1)) {
            ++lines;
        }
        const std::size_t next = page->body.find(R"("next":")");
        if (next == std::string::npos) break;
        const std::size_t start = next + 8;
        path = "/api/logs?host=web-1&limit=40&before=" + page->body.substr(start, page->body.find('"', start) - start);
    }
    CHECK(pages == 4);
    CHECK(lines == 151);
}

TEST_CASE("api events: a host's events newest first, by kind", "[web]") {
    auto served = served_logs();
    const auto all = served.get("/api/events?host=web-1");
    REQUIRE(all);
    CHECK(all->status == 200);
    CHECK(contains(all->body,
                   R"({"host":"web-1","instance":"i-0aaa","events":[{"time":1440938060,"host":"web-1",)"
                   R"("kind":"docker.die","id":"docker:1","fields":{"container":"web","exit_code":"137"},"raw":""},)"));
    const auto ssh = served.get("/api/events?host=web-1&kind=ssh.failed&since=1h");
    REQUIRE(ssh);
    CHECK(contains(ssh->body, R"("kind":"ssh.failed","id":"ssh:42","fields":{"user":"root","source":"203.0.113.9",)"
                              R"("port":"5022"},"raw":"Failed password for root from 203.0.113.9 port 5022 ssh2"}]})"));
    CHECK_FALSE(contains(ssh->body, "docker"));
}
