// Log lines and events, on SQLite (FTS5) and MariaDB (FULLTEXT): stored once per key, read
// newest first in pages, searched by words (the user's text never query syntax nor SQL),
// and pruned with their full-text index.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "store/log_rows.hpp"
#include "store/sql_dialect.hpp"
#include "store_backend.hpp"
#include "store_rows.hpp"

using namespace store_test;
using niamd::store::Batch;

namespace {

ns::LogLineRow line(std::string source, std::int64_t seq, std::int64_t time, std::string text,
                    std::string hostname = "web-1") {
    ns::LogLineRow row;
    row.hostname = std::move(hostname);
    row.instance = "i-0123456789abcdef0";
    row.source = std::move(source);
    row.seq = seq;
    row.time = time;
    row.line = std::move(text);
    return row;
}

ns::EventRow event(std::string kind, std::string id, std::int64_t time, std::string fields, std::string raw = "") {
    ns::EventRow row;
    row.hostname = "web-1";
    row.instance = "i-0123456789abcdef0";
    row.kind = std::move(kind);
    row.id = std::move(id);
    row.time = time;
    row.fields = std::move(fields);
    row.raw = std::move(raw);
    return row;
}

Batch commit_logs(ns::HistoryStore& store, std::vector<ns::LogLineRow> lines, std::vector<ns::EventRow> events = {}) {
    Batch batch;
    batch.log_lines = std::move(lines);
    batch.events = std::move(events);
    auto committed = store.commit(batch);
    if (!committed) FAIL("commit failed: " << committed.error().message);
    return batch;
}

ns::LogQuery query(std::string text = "", std::string source = "") {
    ns::LogQuery q;
    q.hostname = "web-1";
    q.instance = "i-0123456789abcdef0";
    q.source = std::move(source);
    q.text = std::move(text);
    q.since = kNow - 86400;
    q.until = kNow;
    return q;
}

ns::LogPage page_of(ns::HistoryStore& store, const ns::LogQuery& q) {
    auto page = store.log_lines(q);
    if (!page) FAIL("log_lines failed: " << page.error().message);
    return std::move(page).value();
}

std::vector<std::string> texts(const ns::LogPage& page) {
    std::vector<std::string> out;
    for (const auto& row : page.lines) out.push_back(row.line);
    return out;
}

// ---------------------------------------------------------------------------------------

void lines_stored_once(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    auto first =
        commit_logs(*store, {line("/var/log/syslog", 1, kNow - 30, "one"), line("/var/log/syslog", 2, kNow - 20, "two"),
                             line("journal", 1, kNow - 10, "three")});
    CHECK(first.log_outcome.lines_stored == 3);
    CHECK(first.log_outcome.lines_duplicate == 0);
    // A client that crashed sends lines 2 and 3 of syslog again, with the numbers they had;
    // a line of another host with the same source and seq is its own.
    auto again =
        commit_logs(*store, {line("/var/log/syslog", 2, kNow - 20, "two"), line("/var/log/syslog", 3, kNow - 5, "four"),
                             line("/var/log/syslog", 3, kNow - 5, "four"),
                             line("/var/log/syslog", 1, kNow - 30, "other host", "db-1")});
    CHECK(again.log_outcome.lines_stored == 2);
    CHECK(again.log_outcome.lines_duplicate == 2);
    CHECK(backend.count("log_lines") == 5);
    auto page = page_of(*store, query());
    CHECK(texts(page) == std::vector<std::string>{"four", "three", "two", "one"});
    CHECK(page.lines[0].source == "/var/log/syslog");
    CHECK(page.lines[0].seq == 3);
    CHECK(page.lines[0].time == kNow - 5);
    CHECK_FALSE(page.next);
    // The index holds each stored line once: the new one is found, the ignored copies add nothing.
    CHECK(texts(page_of(*store, query("four"))) == std::vector<std::string>{"four"});
    CHECK(texts(page_of(*store, query("two"))) == std::vector<std::string>{"two"});
    if (backend.name() == "SQLite") {
        backend.exec("INSERT INTO log_lines_fts (log_lines_fts, rank) VALUES ('integrity-check', 1)");
    }
}
STORE_TEST("log lines are stored once per host, source and seq", lines_stored_once)

void lines_filtered_and_paged(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    std::vector<ns::LogLineRow> lines;
    // 25 lines, five per second (ties on time), two sources.
    for (int i = 0; i < 25; ++i) {
        lines.push_back(line(i % 2 ? "odd" : "even", i, kNow - 100 + i / 5, "line " + std::to_string(i)));
    }
    lines.push_back(line("even", 100, kNow - 5000, "old"));
    commit_logs(*store, lines);

    auto odd = query("", "odd");
    odd.since = kNow - 200;
    auto page = page_of(*store, odd);
    REQUIRE(page.lines.size() == 12);
    for (const auto& row : page.lines) CHECK(row.source == "odd");
    CHECK(page.lines.front().line == "line 23");
    CHECK(page.lines.back().line == "line 1");

    auto window = query();
    window.since = kNow - 99;
    window.until = kNow - 98;  // lines 5 .. 14
    CHECK(texts(page_of(*store, window)) == std::vector<std::string>{"line 14", "line 13", "line 12", "line 11",
                                                                     "line 10", "line 9", "line 8", "line 7", "line 6",
                                                                     "line 5"});

    // Pages of 7 through all 26 lines: each once, newest first, none lost at a tie.
    auto all = query();
    all.limit = 7;
    std::vector<std::string> seen;
    for (int pages = 0; pages < 10; ++pages) {
        auto one = page_of(*store, all);
        CHECK(one.lines.size() <= 7);
        for (const auto& row : one.lines) seen.push_back(row.line);
        if (!one.next) break;
        all.before = one.next;
    }
    REQUIRE(seen.size() == 26);
    CHECK(seen.front() == "line 24");
    CHECK(seen[4] == "line 20");
    CHECK(seen.back() == "old");
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 26);

    auto capped = query();
    capped.limit = 100000;
    CHECK(page_of(*store, capped).lines.size() == 26);  // at most kLogQueryLimitMax, all there are
}
STORE_TEST("log lines are read newest first by source and time, in pages", lines_filtered_and_paged)

void lines_searched(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    commit_logs(*store,
                {
                    line("auth", 1, kNow - 50, "sshd[812]: Failed password for root from 203.0.113.9 port 5022"),
                    line("auth", 2, kNow - 40, "sshd[812]: Accepted password for alice from 198.51.100.7"),
                    line("nginx", 3, kNow - 30, "GET /index.html 200 nginx worker"),
                    line("nginx", 4, kNow - 20, "said \"quoted\" AND NEAR(xyz) col:umn * ^start"),
                    line("nginx", 5, kNow - 10, "bytes \xff\xfe kept verbatim, search still works"),
                    line("auth", 6, kNow - 5, "Failed password on another host", "db-1"),
                });
    CHECK(texts(page_of(*store, query("failed"))) ==
          std::vector<std::string>{"sshd[812]: Failed password for root from 203.0.113.9 port 5022"});
    // Every word, in any order, any case.
    CHECK(page_of(*store, query("PASSWORD accepted")).lines.size() == 1);
    CHECK(page_of(*store, query("password")).lines.size() == 2);
    CHECK(page_of(*store, query("password", "nginx")).lines.empty());
    CHECK(page_of(*store, query("password nginx")).lines.empty());
    // Query syntax of either engine is just text: words that are in the line, or not.
    CHECK(texts(page_of(*store, query("\"quoted\" NEAR(xyz)"))) ==
          std::vector<std::string>{"said \"quoted\" AND NEAR(xyz) col:umn * ^start"});
    CHECK(page_of(*store, query("col:umn")).lines.size() == 1);
    for (const char* hostile :
         {"\"", "\"\"\"", "*", "AND", "OR NOT", "-nginx", "+nginx -worker", "nginx*", "(nginx",
          "'; DROP TABLE log_lines; --", "NEAR(", "^", "@3", "~nginx", "<nginx>", "col:", "\\", "%", "_"}) {
        auto page = store->log_lines(query(hostile));
        INFO(hostile);
        REQUIRE(page);  // never a syntax error
    }
    // A control character (a NUL most of all) separates words.
    CHECK(texts(page_of(*store, query(std::string("password\0accepted\x01", 18)))) ==
          std::vector<std::string>{"sshd[812]: Accepted password for alice from 198.51.100.7"});
    CHECK(backend.count("log_lines") == 6);
    CHECK(page_of(*store, query("-nginx")).lines.size() == 1);  // the word "nginx" (- is no token character)
    CHECK(page_of(*store, query("!!! ***")).lines.empty());     // nothing a line could hold
    CHECK(texts(page_of(*store, query("verbatim"))) ==
          std::vector<std::string>{"bytes \xff\xfe kept verbatim, search still works"});

    auto too_long = store->log_lines(query(std::string(ns::kMaxSearchBytes + 1, 'a')));
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().message.starts_with("q: "));
}
STORE_TEST("log lines are found by their words, whatever the user types", lines_searched)

void events_stored_once(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    auto first = commit_logs(*store, {},
                             {event("ssh.failed", "ssh:41", kNow - 30, "user=root;method=password;source=203.0.113.9",
                                    "Failed password for root from 203.0.113.9 port 5022 ssh2"),
                              event("docker.die", "docker:abc:1", kNow - 20, "container=web;exit_code=137")});
    CHECK(first.log_outcome.events_stored == 2);
    auto again = commit_logs(*store, {},
                             {event("ssh.failed", "ssh:41", kNow - 30, "user=root"),
                              event("ssh.accepted", "ssh:42", kNow - 10, "user=alice")});
    CHECK(again.log_outcome.events_stored == 1);
    CHECK(again.log_outcome.events_duplicate == 1);

    ns::EventQuery q;
    q.hostname = "web-1";
    q.instance = "i-0123456789abcdef0";
    q.since = kNow - 3600;
    auto all = store->events(q);
    REQUIRE(all);
    REQUIRE(all->size() == 3);
    CHECK((*all)[0].kind == "ssh.accepted");
    CHECK((*all)[2].kind == "ssh.failed");
    CHECK((*all)[2].fields == "user=root;method=password;source=203.0.113.9");  // the first one stays
    CHECK((*all)[2].raw == "Failed password for root from 203.0.113.9 port 5022 ssh2");
    CHECK((*all)[2].id == "ssh:41");
    q.kind = "docker.die";
    auto docker = store->events(q);
    REQUIRE(docker);
    REQUIRE(docker->size() == 1);
    CHECK((*docker)[0].time == kNow - 20);
    q.kind = "";
    q.since = kNow - 15;
    CHECK(store->events(q)->size() == 1);
}
STORE_TEST("events are stored once per host and id, read by kind and time", events_stored_once)

void logs_pruned(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    std::vector<ns::LogLineRow> lines;
    for (int i = 0; i < 12000; ++i)
        lines.push_back(line("old", i, kNow - 10 * 86400, "ancient unicorn " + std::to_string(i)));
    lines.push_back(line("new", 1, kNow - 60, "recent unicorn"));
    commit_logs(
        *store, lines,
        {event("ssh.failed", "ssh:1", kNow - 10 * 86400, "user=a"), event("ssh.failed", "ssh:2", kNow, "user=b")});
    auto removed = store->prune_logs(kNow - 7 * 86400);
    REQUIRE(removed);
    CHECK(*removed == 12001);  // 12000 lines (more than two chunks of kPruneChunkRows) and an event
    CHECK(backend.count("log_lines") == 1);
    CHECK(backend.count("events") == 1);
    CHECK(texts(page_of(*store, query("unicorn"))) == std::vector<std::string>{"recent unicorn"});
    if (backend.name() == "SQLite") {
        // The index dropped the pruned lines with them.
        backend.exec("INSERT INTO log_lines_fts (log_lines_fts, rank) VALUES ('integrity-check', 1)");
    }
}
STORE_TEST("log lines and events older than the retention are pruned, index too", logs_pruned)

// Up to schema 7 SQLite's index was written by row triggers; schema 8 drops them (LogWriter
// writes a batch's rows in one statement). A store opened at 7 indexes every line once.
TEST_CASE("sqlite: a store of schema 7 loses its index triggers and indexes each line once", "[store][sqlite]") {
    auto backend = store_test::sqlite_backend();
    auto clock = clock_at();
    {
        auto store = backend->open(clock);
        commit_logs(*store, {line("auth", 1, kNow - 50, "indexed by schema seven")});
    }
    backend->exec(
        "CREATE TRIGGER log_lines_fts_insert AFTER INSERT ON log_lines BEGIN "
        "INSERT INTO log_lines_fts (rowid, line, host) VALUES "
        "(new.id, new.line, 'h' || hex(new.hostname) || 'x' || hex(new.instance)); END");
    backend->exec("UPDATE schema_version SET version = 7");
    auto store = backend->open(clock);
    CHECK(backend->query_int("SELECT version FROM schema_version") == niamd::store::sqlite_dialect().latest_version());
    CHECK(backend->query_int(
              "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'log_lines_fts%'") == 0);
    commit_logs(*store, {line("auth", 2, kNow - 40, "indexed by schema eight")});
    CHECK(page_of(*store, query("indexed")).lines.size() == 2);
    backend->exec("INSERT INTO log_lines_fts (log_lines_fts, rank) VALUES ('integrity-check', 1)");
}

}  // namespace
