// /api/hosts a page at a time (filters, sorts, the keyset cursor, since= and its stubs) and
// /api/summary, on web_test::sample_snapshot(): at kNow, worst first,
//   old-1 PURGE_SOON, web-2 MISSING, gone-1 INSTANCE_GONE, db-1 CHECK_FAILING, <script> OK, web-1 OK.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "served_store.hpp"
#include "web/base64.hpp"
#include "web/host_pages.hpp"
#include "web_fixtures.hpp"

using niamd::web::HostPages;
using niamd::web::HostQuery;
using niamd::web::HostQueryText;

namespace {

const std::string kXssJson = R"(\u003cscript\u003ealert(1)\u003c/script\u003e)";

// The hostnames of the page's rows, in order (as they are in the JSON text).
std::vector<std::string> names(const std::string& json) {
    std::vector<std::string> found;
    const std::string marker = R"("hostname":")";
    for (auto at = json.find(marker); at != std::string::npos; at = json.find(marker, at)) {
        at += marker.size();
        found.push_back(json.substr(at, json.find('"', at) - at));
    }
    return found;
}

// The next_cursor of a page ("" when null).
std::string next_cursor(const std::string& json) {
    const std::string marker = R"("next_cursor":")";
    const auto at = json.find(marker);
    if (at == std::string::npos) return "";
    const auto start = at + marker.size();
    return json.substr(start, json.find('"', start) - start);
}

HostQuery query(HostQueryText text) {
    auto parsed = niamd::web::parse_host_query(text);
    if (!parsed) FAIL(parsed.error().message);
    return *parsed;
}

std::string error_of(HostQueryText text) {
    auto parsed = niamd::web::parse_host_query(text);
    return parsed ? std::string("(accepted)") : parsed.error().message;
}

// Rows given as "unchanged" stubs.
std::size_t stubs(const std::string& json) {
    std::size_t count = 0;
    for (auto at = json.find(R"("unchanged":true)"); at != std::string::npos;
         at = json.find(R"("unchanged":true)", at + 1))
        ++count;
    return count;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("host pages: worst state first, a page at a time, the cursor to the end", "[web]") {
    HostPages pages(1000);
    const auto index = pages.index(web_test::sample_snapshot(), web_test::kNow);
    CHECK(index->number == 1001);

    const std::string first = host_page_json(*index, query({.limit = "2"}));
    CAPTURE(first);
    CHECK(first.starts_with(R"({"snapshot":1001,"now":1440938160,"taken_at":1440938159,"warn_after":120,)"
                            R"("purge_after":600,"queue_reachable":true,"since":null,"reload":false,)"
                            R"("counts":{"PURGE_SOON":1,"MISSING":1,"INSTANCE_GONE":1,"CHECK_FAILING":1,"OK":2},)"
                            R"("total":6,"next_cursor":")"));
    CHECK(names(first) == Names{"old-1", "web-2"});
    const std::string second = host_page_json(*index, query({.limit = "2", .cursor = next_cursor(first)}));
    CHECK(names(second) == Names{"gone-1", "db-1"});
    const std::string third = host_page_json(*index, query({.limit = "2", .cursor = next_cursor(second)}));
    CHECK(names(third) == Names{kXssJson, "web-1"});
    CHECK(contains(third, R"("total":6,"next_cursor":null,)"));
    // The default page holds them all; the rows are the full host objects.
    const std::string all = host_page_json(*index, query({}));
    CHECK(names(all) == Names{"old-1", "web-2", "gone-1", "db-1", kXssJson, "web-1"});
    CHECK(contains(all, R"("hostname":"web-2","instance":"i-0bbb","state":"MISSING","status":"MISSING")"));
    CHECK(contains(all, R"("last_ping":1440937960,"seen_ago":200,"purge_in":400)"));
    CHECK(contains(all, R"("next_cursor":null)"));
}

TEST_CASE("host pages: a cursor keeps its place while hosts come, go and change", "[web]") {
    HostPages pages(1000);
    auto snapshot = web_test::sample_snapshot();
    const std::string first = host_page_json(*pages.index(snapshot, web_test::kNow), query({.limit = "2"}));
    REQUIRE(names(first) == Names{"old-1", "web-2"});

    // web-2 (the cursor's own row) is purged, aaa-1 turns up MISSING (before the cursor), and
    // web-1 starts failing a check (after it): nothing repeated, nothing passed over.
    auto changed = std::make_shared<niamd::master::MasterSnapshot>(*snapshot);
    auto& hosts = changed->hosts;
    std::erase_if(hosts, [](const auto& view) { return view.host.key.hostname == "web-2"; });
    hosts.insert(hosts.begin(),
                 web_test::host_view("aaa-1", "i-0eee", niamd::store::HostStatus::Missing, web_test::kNow - 150));
    for (auto& view : hosts) {
        if (view.host.key.hostname == "web-1") view.checks[0].status = 1;
    }
    const auto index = pages.index(changed, web_test::kNow);
    const std::string second = host_page_json(*index, query({.limit = "2", .cursor = next_cursor(first)}));
    CAPTURE(second);
    CHECK(names(second) == Names{"gone-1", "db-1"});
    const std::string third = host_page_json(*index, query({.limit = "2", .cursor = next_cursor(second)}));
    CHECK(names(third) == Names{"web-1", kXssJson});
    CHECK(contains(third, R"("counts":{"PURGE_SOON":1,"MISSING":1,"INSTANCE_GONE":1,"CHECK_FAILING":2,"OK":1},)"
                          R"("total":6,"next_cursor":null)"));
}

TEST_CASE("host pages: state lists and q filter, total counts the matches", "[web]") {
    HostPages pages(1000);
    const auto index = pages.index(web_test::sample_snapshot(), web_test::kNow);
    const auto page = [&](HostQueryText text) { return host_page_json(*index, query(text)); };

    const std::string gone = page({.state = "MISSING,PURGE_SOON"});
    CHECK(names(gone) == Names{"old-1", "web-2"});
    CHECK(contains(gone, R"("total":2,)"));
    CHECK(names(page({.state = "OK"})) == Names{kXssJson, "web-1"});
    const std::string web = page({.q = "WEB"});  // ASCII case folded
    CHECK(names(web) == Names{"web-2", "web-1"});
    CHECK(contains(web, R"("total":2,)"));
    CHECK(names(page({.q = "i-0c"})) == Names{"old-1"});  // the instance id matches too
    CHECK(names(page({.state = "OK", .q = "web", .limit = "1"})) == Names{"web-1"});
    const std::string none = page({.q = "nomatch"});
    CHECK(names(none).empty());
    CHECK(contains(none, R"("total":0,"next_cursor":null,"hosts":[]})"));
    // q over many pages: total is every match, the cursor walks them.
    const std::string one = page({.q = "-", .limit = "4"});
    CHECK(names(one) == Names{"old-1", "web-2", "gone-1", "db-1"});
    CHECK(contains(one, R"("total":6,)"));  // <script>'s instance NOT-AWS holds a '-'
    CHECK(names(page({.q = "-", .limit = "4", .cursor = next_cursor(one)})) == Names{kXssJson, "web-1"});
}

TEST_CASE("host pages: sort by name and by last seen, each with its own cursor", "[web]") {
    HostPages pages(1000);
    const auto index = pages.index(web_test::sample_snapshot(), web_test::kNow);
    const auto page = [&](HostQueryText text) { return host_page_json(*index, query(text)); };

    CHECK(names(page({.sort = "name"})) == Names{kXssJson, "db-1", "gone-1", "old-1", "web-1", "web-2"});
    CHECK(names(page({.sort = "last_seen"})) == Names{"old-1", "gone-1", "web-2", "db-1", "web-1", kXssJson});
    const std::string first = page({.sort = "name", .limit = "4"});
    CHECK(names(page({.sort = "name", .limit = "4", .cursor = next_cursor(first)})) == Names{"web-1", "web-2"});
    const std::string seen = page({.sort = "last_seen", .limit = "3"});
    CHECK(names(page({.sort = "last_seen", .limit = "3", .cursor = next_cursor(seen)})) ==
          Names{"db-1", "web-1", kXssJson});
    // A cursor belongs to its sort.
    CHECK(error_of({.sort = "last_seen", .cursor = next_cursor(first)}) ==
          "cursor: made for another sort; start again without it");
}

TEST_CASE("host pages: parameters are read strictly", "[web]") {
    CHECK(query({}).limit == 200);
    CHECK(query({.limit = "1000"}).limit == 1000);
    CHECK(query({.limit = "1"}).limit == 1);
    CHECK(error_of({.limit = "0"}) == "limit: expected a whole number from 1 to 1000");
    CHECK(error_of({.limit = "1001"}) == "limit: expected a whole number from 1 to 1000");
    CHECK(error_of({.limit = "ten"}) == "limit: expected a whole number from 1 to 1000");
    CHECK(error_of({.state = "OK,"}) ==
          "state: expected one or more (comma-separated) of OK, CHECK_FAILING, MISSING, PURGE_SOON, INSTANCE_GONE");
    CHECK(error_of({.state = "ok"}).starts_with("state: "));
    CHECK(query({.state = "OK,MISSING"}).states == ((1u << 4) | (1u << 1)));
    CHECK(error_of({.sort = "size"}) == "sort: expected state, name or last_seen");
    CHECK(error_of({.q = std::string(257, 'a')}) == "q: at most 256 characters");
    CHECK(error_of({.since = "-1"}) == "since: expected a snapshot number from an earlier answer");
    CHECK(error_of({.since = "1h"}) == "since: expected a snapshot number from an earlier answer");
    CHECK(error_of({.since = ""}) == "since: expected a snapshot number from an earlier answer");
    CHECK(query({.since = "1440938160000"}).since == 1440938160000u);
    CHECK(error_of({.cursor = "nope!"}) == "cursor: not a cursor this server gave; start again without it");
    CHECK(error_of({.cursor = ""}) == "cursor: not a cursor this server gave; start again without it");
}

TEST_CASE("host pages: a cursor encodes any name and decodes only as made", "[web]") {
    niamd::web::HostCursor cursor;
    cursor.sort = niamd::web::HostSort::LastSeen;
    cursor.number = -5;
    cursor.key = {"a:3:b\xE2\x80\xAE", "i-0:1"};
    const std::string text = niamd::web::encode_cursor(cursor);
    CHECK(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    const auto back = niamd::web::decode_cursor(text);
    REQUIRE(back);
    CHECK(back->sort == cursor.sort);
    CHECK(back->number == -5);
    CHECK(back->key == cursor.key);
    CHECK_FALSE(niamd::web::decode_cursor(text + "="));
    CHECK_FALSE(niamd::web::decode_cursor("+" + text.substr(1)));                // the standard alphabet: not made here
    CHECK_FALSE(niamd::web::decode_cursor(niamd::web::encode_base64("x1:0:")));  // no such sort
    CHECK_FALSE(niamd::web::decode_cursor("bjA6OTk6YQ"));                        // "n0:99:a": a length past the end
}

TEST_CASE("host pages: since= gives unchanged rows as stubs, changed and new ones whole", "[web]") {
    HostPages pages(1000);
    auto snapshot = web_test::sample_snapshot();
    const auto at = [](const std::string& json, const std::string& hostname) {
        const auto start = json.find(R"({"hostname":")" + hostname + "\"");
        return start == std::string::npos ? std::string() : json.substr(start, json.find('}', start) - start + 1);
    };
    const auto a = pages.index(snapshot, web_test::kNow);
    CHECK(a->number == 1001);
    CHECK(pages.index(snapshot, web_test::kNow) == a);  // the same snapshot and second: the same index

    // 300 s later, the same snapshot: seen_ago moved for all, but only web-2 changed its row
    // (MISSING to PURGE_SOON).
    const auto later = pages.index(snapshot, web_test::kNow + 300);
    CHECK(later->number == 1002);
    const std::string aged = host_page_json(*later, query({.since = "1001"}));
    CAPTURE(aged);
    CHECK(contains(aged, R"("snapshot":1002,"now":1440938460,)"));
    CHECK(contains(aged, R"("since":1001,"reload":false,)"));
    CHECK(at(aged, "db-1") == R"({"hostname":"db-1","instance":"NOT-AWS","unchanged":true})");
    CHECK(contains(at(aged, "web-2"), R"("state":"PURGE_SOON")"));
    CHECK(names(aged) == Names{"old-1", "web-2", "gone-1", "db-1", kXssJson, "web-1"});
    CHECK(stubs(aged) == 5);

    // Then web-1 pings, web-2 is purged and new-1 turns up.
    auto next = std::make_shared<niamd::master::MasterSnapshot>(*snapshot);
    std::erase_if(next->hosts, [](const auto& view) { return view.host.key.hostname == "web-2"; });
    for (auto& view : next->hosts) {
        if (view.host.key.hostname == "web-1") view.host.last_ping = web_test::kNow + 299;
    }
    next->hosts.push_back(web_test::host_view("new-1", "i-0fff", niamd::store::HostStatus::Ok, web_test::kNow + 290));
    std::sort(next->hosts.begin(), next->hosts.end(),
              [](const auto& x, const auto& y) { return x.host.key < y.host.key; });
    const auto c = pages.index(next, web_test::kNow + 300);
    CHECK(c->number == 1003);
    for (const char* since : {"1001", "1002"}) {
        const std::string patch = host_page_json(*c, query({.since = since}));
        CAPTURE(since, patch);
        CHECK(names(patch) == Names{"old-1", "gone-1", "db-1", kXssJson, "new-1", "web-1"});  // web-2: gone
        CHECK(stubs(patch) == 4);
        CHECK(contains(at(patch, "web-1"), R"("last_ping":1440938459,"seen_ago":1)"));
        CHECK(contains(at(patch, "new-1"), R"("state":"OK")"));
    }
    CHECK(stubs(host_page_json(*c, query({.since = "1003"}))) == 6);
    // From before this server's first number, or from later than its latest (another run):
    // reload, every row whole.
    for (const char* since : {"1000", "999", "1004", "0"}) {
        const std::string reload = host_page_json(*c, query({.since = since}));
        CAPTURE(since);
        CHECK(contains(reload, R"(,"reload":true,)"));
        CHECK(stubs(reload) == 0);
        CHECK(names(reload).size() == 6);
    }
}

TEST_CASE("host pages: a check result changes the row, its host only", "[web]") {
    HostPages pages(7);
    auto snapshot = web_test::sample_snapshot();
    pages.index(snapshot, web_test::kNow);
    auto next = std::make_shared<niamd::master::MasterSnapshot>(*snapshot);
    for (auto& view : next->hosts) {
        if (view.host.key.hostname == "db-1") view.checks[0].output = "DISK CRITICAL - / 99%";
    }
    const auto index = pages.index(next, web_test::kNow);
    const std::string patch = host_page_json(*index, query({.since = "8"}));
    CAPTURE(patch);
    CHECK(stubs(patch) == 5);
    CHECK(contains(patch, R"("output":"DISK CRITICAL - / 99%")"));
    CHECK(niamd::web::same_row(snapshot->hosts[4], next->hosts[4]));
    CHECK_FALSE(niamd::web::same_row(snapshot->hosts[1], next->hosts[1]));
}

TEST_CASE("host pages: /api/summary counts every state and tells the queue", "[web]") {
    HostPages pages(1000);
    const auto index = pages.index(web_test::sample_snapshot(), web_test::kNow);
    CHECK(summary_json(*index) ==
          R"({"snapshot":1001,"now":1440938160,"taken_at":1440938159,"warn_after":120,"purge_after":600,)"
          R"("queue_reachable":true,"hosts":6,)"
          R"("states":{"PURGE_SOON":1,"MISSING":1,"INSTANCE_GONE":1,"CHECK_FAILING":1,"OK":2},)"
          R"("queue":{"reachable":true,"messages_received":100,"records_received":250,"duplicate_messages":3,)"
          R"("receive_errors":4}})");
}

TEST_CASE("host pages: 100,000 hosts, the first page and a steady poll stay small", "[web]") {
    using niamd::store::HostStatus;
    auto snapshot = std::make_shared<niamd::master::MasterSnapshot>();
    snapshot->taken_at = web_test::kNow;
    snapshot->purge_after = 86400;
    for (int i = 0; i < 100000; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "fleet-%06d", i);
        const bool missing = i % 100 == 0;
        auto view =
            web_test::host_view(name, std::string("i-") + (name + 6), missing ? HostStatus::Missing : HostStatus::Ok,
                                web_test::kNow - (missing ? 600 : i % 30));
        view.checks.push_back(web_test::check_state(view.host.key, niamd::protocol::RecordKind::Http, "service.example",
                                                    "443", i % 50 == 1 ? 1 : 0, 40, "HTTP/1.1 200 OK"));
        snapshot->hosts.push_back(std::move(view));
    }
    HostPages pages(0);
    const auto first = pages.index(snapshot, web_test::kNow);
    const std::string page = host_page_json(*first, query({}));
    CHECK(contains(page,
                   R"("counts":{"PURGE_SOON":0,"MISSING":1000,"INSTANCE_GONE":0,"CHECK_FAILING":2000,"OK":97000},)"
                   R"("total":100000,)"));
    CHECK(names(page).size() == 200);
    CHECK(names(page).front() == "fleet-000000");  // MISSING first
    // A second later every OK host pinged: the shown (MISSING) rows did not change.
    auto next = std::make_shared<niamd::master::MasterSnapshot>(*snapshot);
    for (auto& view : next->hosts) {
        if (view.host.status == HostStatus::Ok) ++view.host.last_ping;
    }
    const auto second = pages.index(next, web_test::kNow + 1);
    const std::string poll = host_page_json(*second, query({.since = std::to_string(first->number)}));
    CHECK(stubs(poll) == 200);
    const std::string failing =
        host_page_json(*second, query({.state = "CHECK_FAILING", .since = std::to_string(first->number)}));
    CHECK(stubs(failing) == 0);  // each pinged
    const std::string summary = summary_json(*second);
    INFO("first page " << page.size() << " B, steady poll " << poll.size() << " B, summary " << summary.size() << " B");
    CHECK(page.size() < 200 * 1024);
    CHECK(poll.size() < 20 * 1024);
    CHECK(summary.size() < 1024);
}

TEST_CASE("host pages: the server answers /api/summary and 400 for a bad page", "[web]") {
    web_test::ServedStore served([](niamd::store::HistoryStore&) {});
    const auto summary = served.get("/api/summary");
    REQUIRE(summary);
    CHECK(summary->status == 200);
    CHECK(contains(summary->body, R"("hosts":6,"states":{"PURGE_SOON":1,)"));
    const auto page = served.get("/api/hosts?state=OK,MISSING&sort=name&limit=2");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(names(page->body) == Names{kXssJson, "web-1"});
    const auto rest = served.get("/api/hosts?state=OK,MISSING&sort=name&limit=2&cursor=" + next_cursor(page->body));
    REQUIRE(rest);
    CHECK(names(rest->body) == Names{"web-2"});
    for (const char* bad :
         {"/api/hosts?limit=0", "/api/hosts?cursor=x", "/api/hosts?since=soon", "/api/hosts?sort=up"}) {
        const auto res = served.get(bad);
        REQUIRE(res);
        CAPTURE(bad, res->body);
        CHECK(res->status == 400);
        CHECK(res->body.starts_with(R"({"error":")"));
    }
}
