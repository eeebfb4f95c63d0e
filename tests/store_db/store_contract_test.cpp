// What every history store must do, run against a real SQLite file and a real MariaDB.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

#include "store/row_bounds.hpp"
#include "store/sql_dialect.hpp"
#include "store/sql_store.hpp"
#include "store_backend.hpp"
#include "store_rows.hpp"

using namespace store_test;
using niamd::store::AlertKind;
using niamd::store::Batch;
using niamd::store::Delivery;
using niamd::store::HostStatus;

namespace {

void must_commit(ns::HistoryStore& store, Batch& batch) {
    auto committed = store.commit(batch);
    if (!committed) FAIL("commit failed: " << committed.error().message);
}

template <class T>
T must(awsrest::Result<T> result) {
    if (!result) FAIL("store call failed: " << result.error().message);
    return std::move(result).value();
}

int latest_version(StoreBackend& backend) {
    return backend.name() == "SQLite" ? ns::sqlite_dialect().latest_version() : ns::mariadb_dialect().latest_version();
}

// ---------------------------------------------------------------------------------------

void schema_migration(StoreBackend& backend) {
    auto clock = clock_at();
    {
        auto store = backend.open(clock);
        CHECK(backend.query_int("SELECT version FROM schema_version") == latest_version(backend));
        CHECK(backend.count("schema_version") == 1);
        for (const char* table : {"hosts", "heartbeats", "check_results", "check_states", "alerts", "message_ids"}) {
            INFO(table);
            CHECK(backend.count(table) == 0);
        }
        Batch batch;
        batch.hosts.push_back(host_row(host("web-1")));
        must_commit(*store, batch);
    }
    // Re-opening an existing database: nothing migrated again, the data kept.
    auto again = backend.open(clock);
    CHECK(backend.query_int("SELECT version FROM schema_version") == latest_version(backend));
    CHECK(backend.count("schema_version") == 1);
    auto hosts = must(again->load_hosts());
    REQUIRE(hosts.size() == 1);
    CHECK(hosts[0].key.hostname == "web-1");
}
STORE_TEST("a fresh database gets the latest schema and re-opening keeps version and data", schema_migration)

void interrupted_migration(StoreBackend& backend) {
    auto clock = clock_at();
    {
        auto store = backend.open(clock);
        Batch batch;
        batch.hosts.push_back(host_row(host("web-1")));
        must_commit(*store, batch);
    }
    // As if a migration stopped after its statements but before recording the version
    // (MariaDB DDL is not transactional): running the steps again must do no harm.
    backend.exec("UPDATE schema_version SET version = 0");
    auto store = backend.open(clock);
    CHECK(backend.query_int("SELECT version FROM schema_version") == latest_version(backend));
    CHECK(must(store->load_hosts()).size() == 1);
}
STORE_TEST("migration steps run again over existing tables do no harm", interrupted_migration)

void concurrent_first_open(StoreBackend& backend) {
    auto clock = clock_at();
    std::string errors[2];
    std::thread threads[2];
    for (int i = 0; i < 2; ++i) {
        threads[i] = std::thread([&, i] {
            auto store = backend.try_open(clock);
            if (!store) errors[i] = store.error().message;
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(errors[0].empty());
    CHECK(errors[1].empty());
    CHECK(backend.count("schema_version") == 1);
    CHECK(backend.query_int("SELECT version FROM schema_version") == latest_version(backend));
}
STORE_TEST("two instances opening a fresh database at once both succeed", concurrent_first_open)

void newer_schema_refused(StoreBackend& backend) {
    auto clock = clock_at();
    { auto store = backend.open(clock); }
    backend.exec("UPDATE schema_version SET version = 99");
    auto store = backend.try_open(clock);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().kind == awsrest::ErrorKind::Parse);
    CHECK_THAT(store.error().message, Catch::Contains("schema version 99 is newer"));
    CHECK(backend.query_int("SELECT version FROM schema_version") == 99);  // untouched
}
STORE_TEST("a database with a newer schema version is refused, not touched", newer_schema_refused)

void round_trip(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const auto web = host("web-1");
    const auto db = host("db-1", "NOT-AWS");
    const auto lping = check(web, RecordKind::Lping, "db.internal", "5432");
    const auto http = check(web, RecordKind::Http, "web.internal", "443");
    const auto script = check(db, RecordKind::Script, "check_disk", "-w 10% -c 5%");

    Batch batch;
    batch.message_ids = {"m-1", "m-2"};
    batch.heartbeats = {{web, kNow - 30}, {web, kNow}, {db, kNow}};
    batch.results = {result(lping, kNow - 30, 0, "", 3), result(lping, kNow, 1, "timeout", std::nullopt),
                     result(http, kNow, 0, "HTTP 200", 45, 0),
                     result(script, kNow, 1, "DISK CRITICAL - / 97%", std::nullopt, 2)};
    batch.hosts = {host_row(web), host_row(db, HostStatus::InstanceGone, kNow - 10)};
    batch.check_states = {state_row(lping, 1, "timeout"), state_row(http), state_row(script, 1, "DISK CRITICAL")};
    batch.alerts = {alert(kNow, AlertKind::CheckFailed, web, "LPING db.internal:5432 failed")};
    must_commit(*store, batch);

    auto hosts = must(store->load_hosts());
    REQUIRE(hosts.size() == 2);
    CHECK(hosts[0].key == db);  // ordered by hostname
    CHECK(hosts[0].status == HostStatus::InstanceGone);
    CHECK(hosts[0].detail == "stopped");
    CHECK(hosts[0].last_ping == kNow - 10);
    CHECK(hosts[1].key == web);
    CHECK(hosts[1].first_seen == kNow - 3600);
    CHECK(hosts[1].status_since == kNow - 60);

    auto states = must(store->load_check_states());
    REQUIRE(states.size() == 3);
    CHECK(states[0].check == script);
    CHECK(states[0].nagios_code == 2);
    CHECK_FALSE(states[0].latency_ms.has_value());
    CHECK(states[0].last_notified == kNow - 100);
    const auto lping_state =
        std::find_if(states.begin(), states.end(), [&](const auto& s) { return s.check == lping; });
    REQUIRE(lping_state != states.end());
    CHECK(lping_state->status == 1);
    CHECK(lping_state->output == "timeout");
    CHECK(lping_state->since == kNow - 120);
    const auto http_state = std::find_if(states.begin(), states.end(), [&](const auto& s) { return s.check == http; });
    REQUIRE(http_state != states.end());
    CHECK(http_state->latency_ms == 7);
    CHECK_FALSE(http_state->nagios_code.has_value());

    auto pending = must(store->load_pending_alerts());
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].id == batch.alerts[0].id);
    CHECK(pending[0].kind == AlertKind::CheckFailed);
    CHECK(pending[0].host == web);
    CHECK(pending[0].detail == "LPING db.internal:5432 failed");
    CHECK(pending[0].subject == batch.alerts[0].subject);
    CHECK(pending[0].message == batch.alerts[0].message);
    CHECK(pending[0].delivery == Delivery::Pending);
    CHECK(pending[0].attempts == 0);
    CHECK(pending[0].sent_at == 0);
    CHECK(pending[0].last_error.empty());

    auto ids = must(store->load_message_ids(kNow - 1, 10));
    CHECK(ids == std::vector<std::string>{"m-1", "m-2"});
    CHECK(must(store->load_message_ids(kNow + 1, 10)).empty());

    auto beats = must(store->heartbeats(web, 0, 10));
    REQUIRE(beats.size() == 2);
    CHECK(beats[0].time == kNow - 30);  // newest last
    CHECK(beats[1].time == kNow);
    CHECK(beats[0].host == web);

    auto history = must(store->check_history("web-1", "", 0, 10));
    REQUIRE(history.size() == 3);
    CHECK(history[0].check == lping);
    CHECK(history[0].time == kNow - 30);
    CHECK(history[0].output.empty());
    CHECK(history[0].latency_ms == 3);
    const auto& failed = *std::find_if(history.begin(), history.end(),
                                       [&](const auto& r) { return r.check == lping && r.time == kNow; });
    CHECK(failed.status == 1);
    CHECK(failed.output == "timeout");
    CHECK_FALSE(failed.latency_ms.has_value());
    CHECK_FALSE(failed.nagios_code.has_value());
    auto db_history = must(store->check_history("db-1", "", 0, 10));
    REQUIRE(db_history.size() == 1);
    CHECK(db_history[0].check == script);
    CHECK(db_history[0].nagios_code == 2);
    CHECK(db_history[0].output == "DISK CRITICAL - / 97%");

    // Upserts replace the row of the same key.
    Batch update;
    auto missing = host_row(web, HostStatus::Missing, kNow - 200);
    update.hosts = {missing};
    update.check_states = {state_row(lping, 0, "back")};
    must_commit(*store, update);
    hosts = must(store->load_hosts());
    REQUIRE(hosts.size() == 2);
    CHECK(hosts[1].status == HostStatus::Missing);
    CHECK(hosts[1].last_ping == kNow - 200);
    states = must(store->load_check_states());
    REQUIRE(states.size() == 3);
    CHECK(std::find_if(states.begin(), states.end(), [&](const auto& s) {
              return s.check == lping && s.output == "back" && s.status == 0;
          }) != states.end());
}
STORE_TEST("commit then load returns every row and field and upserts replace", round_trip)

void empty_batch(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch batch;
    CHECK(batch.empty());
    CHECK(store->commit(batch).ok());
    batch.forgotten_hosts.push_back(host("x"));
    CHECK_FALSE(batch.empty());
}
STORE_TEST("an empty batch commits nothing", empty_batch)

void duplicates_ignored(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const auto web = host("web-1");
    const auto lping = check(web, RecordKind::Lping, "db", "5432");
    Batch first;
    first.message_ids = {"m-1", "m-1"};
    first.heartbeats = {{web, kNow}, {web, kNow}};
    first.results = {result(lping, kNow, 0, "first"), result(lping, kNow, 1, "same time again")};
    must_commit(*store, first);

    // A redelivered message: the same ids and records again, in a later commit.
    clock.advance(std::chrono::seconds(30));
    Batch again;
    again.message_ids = {"m-1", "m-2"};
    again.heartbeats = {{web, kNow}, {web, kNow + 30}};
    again.results = {result(lping, kNow, 1, "redelivered"), result(lping, kNow + 30)};
    must_commit(*store, again);

    CHECK(backend.count("message_ids") == 2);
    CHECK(backend.count("heartbeats") == 2);
    CHECK(backend.count("check_results") == 2);
    auto history = must(store->check_history("web-1", "", 0, 10));
    REQUIRE(history.size() == 2);
    CHECK(history[0].output == "first");  // the first one written stays
    CHECK(history[0].status == 0);
    // The applied time of m-1 is the first commit's.
    CHECK(must(store->load_message_ids(kNow + 1, 10)) == std::vector<std::string>{"m-2"});
    CHECK(must(store->load_message_ids(kNow, 10)) == std::vector<std::string>{"m-1", "m-2"});
    // A limit keeps the newest.
    CHECK(must(store->load_message_ids(kNow, 1)) == std::vector<std::string>{"m-2"});
}
STORE_TEST("duplicate heartbeats, results and message ids are ignored", duplicates_ignored)

void atomic_commit(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const auto web = host("web-1");
    Batch before;
    before.hosts = {host_row(host("old-host"))};
    must_commit(*store, before);

    backend.exec(backend.failing_alert_trigger());
    Batch batch;
    batch.message_ids = {"m-1"};
    batch.heartbeats = {{web, kNow}};
    batch.results = {result(check(web, RecordKind::Http, "web", "80"), kNow)};
    batch.hosts = {host_row(web)};
    batch.forgotten_hosts = {host("old-host")};
    batch.check_states = {state_row(check(web, RecordKind::Http, "web", "80"))};
    batch.alerts = {alert(kNow, AlertKind::Recovered, web, "fine"), alert(kNow, AlertKind::Missing, web, "boom")};
    auto committed = store->commit(batch);
    REQUIRE_FALSE(committed.ok());
    CHECK_THAT(committed.error().message, Catch::Contains("forced failure"));
    CHECK_THAT(committed.error().message, Catch::Contains(backend.name()));
    CHECK_THAT(committed.error().message, Catch::Contains("INSERT INTO alerts"));

    // Nothing of the batch was written, the forgotten host is still there, no ids set.
    CHECK(backend.count("message_ids") == 0);
    CHECK(backend.count("heartbeats") == 0);
    CHECK(backend.count("check_results") == 0);
    CHECK(backend.count("check_states") == 0);
    CHECK(backend.count("alerts") == 0);
    auto hosts = must(store->load_hosts());
    REQUIRE(hosts.size() == 1);
    CHECK(hosts[0].key.hostname == "old-host");
    CHECK(batch.alerts[0].id == 0);
    CHECK(batch.alerts[1].id == 0);

    // The same store goes on working; once the cause is gone the batch commits whole.
    backend.exec(backend.drop_failing_alert_trigger());
    must_commit(*store, batch);
    CHECK(backend.count("alerts") == 2);
    CHECK(backend.count("heartbeats") == 1);
    hosts = must(store->load_hosts());
    REQUIRE(hosts.size() == 1);
    CHECK(hosts[0].key == web);
}
STORE_TEST("a commit whose statement fails writes nothing at all", atomic_commit)

void alert_ids(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch first;
    first.alerts = {alert(kNow, AlertKind::Missing, host("a")), alert(kNow, AlertKind::Missing, host("b"))};
    must_commit(*store, first);
    Batch second;
    second.alerts = {alert(kNow + 1, AlertKind::QueueUnreachable, ns::HostKey{}, "ReceiveMessage failed")};
    must_commit(*store, second);

    CHECK(first.alerts[0].id > 0);
    CHECK(first.alerts[1].id > first.alerts[0].id);
    CHECK(second.alerts[0].id > first.alerts[1].id);
    auto pending = must(store->load_pending_alerts());
    REQUIRE(pending.size() == 3);
    CHECK(pending[0].id == first.alerts[0].id);
    CHECK(pending[0].host.hostname == "a");
    CHECK(pending[1].id == first.alerts[1].id);
    CHECK(pending[1].host.hostname == "b");
    CHECK(pending[2].id == second.alerts[0].id);
    CHECK(pending[2].kind == AlertKind::QueueUnreachable);
    CHECK(pending[2].host == ns::HostKey{});
}
STORE_TEST("alert ids are assigned on insert and written back into the batch", alert_ids)

void alert_delivery(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch batch;
    batch.alerts = {alert(kNow - 10, AlertKind::Missing, host("late")),
                    alert(kNow - 30, AlertKind::CheckFailed, host("oldest")),
                    alert(kNow - 20, AlertKind::InstanceGone, host("middle"))};
    must_commit(*store, batch);

    auto pending = must(store->load_pending_alerts());
    REQUIRE(pending.size() == 3);
    CHECK(pending[0].host.hostname == "oldest");  // oldest first
    CHECK(pending[1].host.hostname == "middle");
    CHECK(pending[2].host.hostname == "late");

    const auto oldest = batch.alerts[1].id;
    REQUIRE(store->mark_alert_failed(oldest, 1, "SNS: ThrottlingException").ok());
    REQUIRE(store->mark_alert_failed(oldest, 2, "network: connection refused").ok());
    pending = must(store->load_pending_alerts());
    REQUIRE(pending.size() == 3);
    CHECK(pending[0].id == oldest);
    CHECK(pending[0].attempts == 2);
    CHECK(pending[0].last_error == "network: connection refused");
    CHECK(pending[0].delivery == Delivery::Pending);

    REQUIRE(store->mark_alert_sent(oldest, kNow + 5).ok());
    pending = must(store->load_pending_alerts());
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].host.hostname == "middle");

    auto all = must(store->alerts_since(0, 10));
    REQUIRE(all.size() == 3);
    const auto& sent = all[0];  // newest last: the oldest alert comes first
    CHECK(sent.id == oldest);
    CHECK(sent.delivery == Delivery::Sent);
    CHECK(sent.sent_at == kNow + 5);
    CHECK(sent.attempts == 3);  // two failures and the publish that worked
    CHECK(sent.last_error.empty());

    auto unknown = store->mark_alert_sent(987654321, kNow);
    REQUIRE_FALSE(unknown.ok());
    CHECK_THAT(unknown.error().message, Catch::Contains("no alert with id 987654321"));
    CHECK_FALSE(store->mark_alert_failed(987654321, 1, "x").ok());

    // A very long delivery error is cut (at a character boundary), not refused.
    const std::string long_error(ns::kMaxTextBytes + 100, 'e');
    REQUIRE(store->mark_alert_failed(batch.alerts[0].id, 1, long_error).ok());
    auto late = must(store->alerts_since(kNow - 10, 1));
    REQUIRE(late.size() == 1);
    CHECK(late[0].last_error.size() == ns::kMaxTextBytes);
}
STORE_TEST("alerts are marked sent or failed and pending ones load oldest first", alert_delivery)

void alerts_since_limit(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch batch;
    for (int i = 0; i < 5; ++i)
        batch.alerts.push_back(alert(kNow + i, AlertKind::Missing, host("h" + std::to_string(i))));
    must_commit(*store, batch);
    auto newest = must(store->alerts_since(0, 2));
    REQUIRE(newest.size() == 2);
    CHECK(newest[0].host.hostname == "h3");
    CHECK(newest[1].host.hostname == "h4");
    auto since = must(store->alerts_since(kNow + 3, 100));
    REQUIRE(since.size() == 2);
    CHECK(since[0].time == kNow + 3);
    CHECK(must(store->alerts_since(0, 0)).empty());
}
STORE_TEST("alerts_since returns the newest `limit` alerts since a time, newest last", alerts_since_limit)

void heartbeats_query(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const auto web = host("web-1");
    Batch batch;
    for (int i = 0; i < 10; ++i) batch.heartbeats.push_back({web, kNow + 30 * i});
    batch.heartbeats.push_back({host("web-1", "i-other"), kNow});
    batch.heartbeats.push_back({host("web-2"), kNow});
    must_commit(*store, batch);
    auto beats = must(store->heartbeats(web, kNow + 60, 3));
    REQUIRE(beats.size() == 3);
    CHECK(beats[0].time == kNow + 210);
    CHECK(beats[2].time == kNow + 270);
    CHECK(must(store->heartbeats(web, kNow + 60, 100)).size() == 8);
    CHECK(must(store->heartbeats(host("web-1", "i-other"), 0, 100)).size() == 1);
    CHECK(must(store->heartbeats(host("nobody"), 0, 100)).empty());
}
STORE_TEST("heartbeats of one host since a time, newest last, at most limit", heartbeats_query)

void check_history_filter(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const auto web = host("web-1");
    const auto lping = check(web, RecordKind::Lping, "db.internal", "5432");
    const auto http = check(web, RecordKind::Http, "web.internal", "443");
    const auto http80 = check(web, RecordKind::Http, "web.internal", "80");
    const auto script = check(web, RecordKind::Script, "check_load", "-w 5");
    const auto colon_a = check(web, RecordKind::Script, "a:b", "1");  // "a:b:1" ...
    const auto colon_b = check(web, RecordKind::Script, "a", "b:1");  // ... both ways
    const auto other_host = check(host("web-2"), RecordKind::Http, "web.internal", "443");
    Batch batch;
    for (int i = 0; i < 3; ++i) {
        for (const auto& key : {lping, http, http80, script, colon_a, colon_b, other_host}) {
            batch.results.push_back(result(key, kNow + 60 * i));
        }
    }
    must_commit(*store, batch);

    auto count = [&](const std::string& filter, std::int64_t since = 0) {
        return must(store->check_history("web-1", filter, since, 100)).size();
    };
    CHECK(count("") == 18);                 // every check of the host
    CHECK(count("web.internal") == 6);      // by target: both HTTP ports
    CHECK(count("web.internal:443") == 3);  // by TARGET:PORT
    CHECK(count("web.internal:8") == 0);    // no prefix matching
    CHECK(count("WEB.internal") == 0);      // exact bytes, no case folding
    CHECK(count("db.internal:5432") == 3);
    CHECK(count("check_load:-w 5") == 3);  // SCRIPT name:argument
    CHECK(count("check_load") == 3);
    CHECK(count("a:b:1") == 6);         // either split gives the same text
    CHECK(count("a:b") == 3);           // target "a:b" only
    CHECK(count("", kNow + 60) == 12);  // since
    CHECK(count("nothing") == 0);
    CHECK(must(store->check_history("web-2", "", 0, 100)).size() == 3);
    CHECK(must(store->check_history("web", "", 0, 100)).empty());  // hostname is exact

    auto newest = must(store->check_history("web-1", "web.internal:443", 0, 2));
    REQUIRE(newest.size() == 2);
    CHECK(newest[0].time == kNow + 60);  // the newest two, newest last
    CHECK(newest[1].time == kNow + 120);
    CHECK(newest[0].check == http);
}
STORE_TEST("check_history: all checks, by target, or by TARGET:PORT_OR_ARG", check_history_filter)

void prune_rows(StoreBackend& backend) {
    auto clock = clock_at(kNow - 1000);
    auto store = backend.open(clock);
    const auto web = host("web-1");
    const auto lping = check(web, RecordKind::Lping, "db", "5432");
    Batch old;
    old.message_ids = {"old-message"};
    old.heartbeats = {{web, kNow - 1000}, {web, kNow - 900}};
    old.results = {result(lping, kNow - 1000)};
    old.hosts = {host_row(web, HostStatus::Ok, kNow - 1000)};
    old.check_states = {state_row(lping)};
    old.alerts = {alert(kNow - 1000, AlertKind::Missing, web, "sent long ago"),
                  alert(kNow - 1000, AlertKind::Missing, web, "never delivered")};
    must_commit(*store, old);
    REQUIRE(store->mark_alert_sent(old.alerts[0].id, kNow - 999).ok());

    clock.advance(std::chrono::seconds(1000));
    Batch fresh;
    fresh.message_ids = {"new-message"};
    fresh.heartbeats = {{web, kNow}};
    fresh.results = {result(lping, kNow)};
    fresh.alerts = {alert(kNow, AlertKind::Recovered, web, "sent just now")};
    must_commit(*store, fresh);
    REQUIRE(store->mark_alert_sent(fresh.alerts[0].id, kNow).ok());

    // 2 heartbeats + 1 result + 1 sent alert + 1 message id.
    CHECK(must(store->prune(kNow - 500)) == 5);
    CHECK(backend.count("heartbeats") == 1);
    CHECK(backend.count("check_results") == 1);
    CHECK(backend.count("message_ids") == 1);
    auto alerts = must(store->alerts_since(0, 10));
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[0].detail == "never delivered");  // pending: never pruned
    CHECK(alerts[1].detail == "sent just now");
    CHECK(must(store->load_pending_alerts()).size() == 1);
    // Hosts and check states are the present, not history: kept.
    CHECK(must(store->load_hosts()).size() == 1);
    CHECK(must(store->load_check_states()).size() == 1);
    CHECK(must(store->prune(kNow - 500)) == 0);
    // Pruning everything still keeps the pending alert.
    CHECK(must(store->prune(kNow + 1)) == 4);
    CHECK(must(store->load_pending_alerts()).size() == 1);
}
STORE_TEST("prune removes old history and sent alerts, never pending alerts", prune_rows)

void folded_alerts(StoreBackend& backend) {
    auto clock = clock_at(kNow - 1000);
    auto store = backend.open(clock);
    const auto web = host("web-1");
    Batch batch;
    batch.alerts = {alert(kNow - 1000, AlertKind::Missing, web, "one of a burst"),
                    alert(kNow - 1000, AlertKind::HostsRefused, {}, "new hosts refused"),
                    alert(kNow - 1000, AlertKind::StoreUnavailable, {}, "cannot write history")};
    batch.alerts[0].delivery = Delivery::Folded;
    must_commit(*store, batch);
    auto alerts = must(store->alerts_since(0, 10));
    REQUIRE(alerts.size() == 3);
    CHECK(alerts[0].delivery == Delivery::Folded);
    CHECK(alerts[1].kind == AlertKind::HostsRefused);
    CHECK(alerts[2].kind == AlertKind::StoreUnavailable);
    CHECK(must(store->load_pending_alerts()).size() == 2);  // a folded one is not waiting to be sent
    CHECK(must(store->prune(kNow)) == 1);                   // and is pruned like a sent one
    CHECK(must(store->alerts_since(0, 10)).size() == 2);
}
STORE_TEST("folded alerts are kept, never pending, pruned like sent ones, the new kinds round-trip", folded_alerts)

void prune_in_chunks(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch batch;
    const std::int64_t rows = ns::kPruneChunkRows * 2 + 7;
    for (std::int64_t i = 0; i < rows; ++i) batch.heartbeats.push_back({host("web-1"), i});
    must_commit(*store, batch);
    CHECK(must(store->prune(rows)) == static_cast<std::size_t>(rows));
    CHECK(backend.count("heartbeats") == 0);
}
STORE_TEST("prune deletes more rows than one chunk", prune_in_chunks)

void forgotten_hosts(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const auto gone = host("gone");
    const auto stays = host("stays");
    const auto same_name_other_instance = host("gone", "i-new");
    Batch batch;
    batch.hosts = {host_row(gone), host_row(stays), host_row(same_name_other_instance)};
    batch.check_states = {state_row(check(gone, RecordKind::Http, "x", "80")),
                          state_row(check(gone, RecordKind::Lping, "y", "22")),
                          state_row(check(stays, RecordKind::Http, "x", "80")),
                          state_row(check(same_name_other_instance, RecordKind::Http, "x", "80"))};
    batch.heartbeats = {{gone, kNow}};
    must_commit(*store, batch);

    Batch purge;
    purge.hosts = {host_row(gone, HostStatus::Purged)};  // the final state, then forgotten
    purge.forgotten_hosts = {gone};
    purge.alerts = {alert(kNow, AlertKind::Purged, gone, "forgotten after 600 s")};
    must_commit(*store, purge);

    auto hosts = must(store->load_hosts());
    REQUIRE(hosts.size() == 2);
    CHECK(hosts[0].key == same_name_other_instance);
    CHECK(hosts[1].key == stays);
    CHECK(backend.count("hosts") == 2);
    auto states = must(store->load_check_states());
    REQUIRE(states.size() == 2);
    CHECK(states[0].check.host == same_name_other_instance);
    CHECK(states[1].check.host == stays);
    CHECK(must(store->heartbeats(gone, 0, 10)).size() == 1);  // history stays until pruned
}
STORE_TEST("forgotten hosts are deleted with their check states, other hosts kept", forgotten_hosts)

void purged_not_loaded(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch batch;
    batch.hosts = {host_row(host("a")), host_row(host("b"), HostStatus::Purged),
                   host_row(host("c"), HostStatus::Missing)};
    must_commit(*store, batch);
    auto hosts = must(store->load_hosts());
    REQUIRE(hosts.size() == 2);
    CHECK(hosts[0].key.hostname == "a");
    CHECK(hosts[1].key.hostname == "c");
    CHECK(hosts[1].status == HostStatus::Missing);
}
STORE_TEST("load_hosts leaves out purged hosts", purged_not_loaded)

void second_reader(StoreBackend& backend) {
    auto clock = clock_at();
    auto master = backend.open(clock);
    auto web = backend.open(clock);  // the web interface's own instance
    Batch batch;
    batch.hosts = {host_row(host("web-1"))};
    batch.alerts = {alert(kNow, AlertKind::Missing, host("web-1"))};
    must_commit(*master, batch);
    CHECK(must(web->load_hosts()).size() == 1);
    CHECK(must(web->alerts_since(0, 10)).size() == 1);

    // A write transaction held open elsewhere: the reader neither waits for it nor sees it.
    backend.begin_raw();
    backend.exec(
        "INSERT INTO hosts (hostname, instance, status, first_seen, last_ping, "
        "status_since, detail) VALUES ('uncommitted', 'i', 'OK', 0, 0, 0, '')");
    CHECK(must(web->load_hosts()).size() == 1);
    backend.exec("ROLLBACK");
}
STORE_TEST("a second instance reads what the first committed, past an open write", second_reader)

void concurrent_writer_and_reader(StoreBackend& backend) {
    auto clock = clock_at();
    auto writer = backend.open(clock);
    auto reader = backend.open(clock);
    constexpr int kCommits = 40;
    std::atomic<bool> writing{true};
    std::string writer_error;
    std::thread thread([&] {
        for (int i = 0; i < kCommits && writer_error.empty(); ++i) {
            Batch batch;
            for (int j = 0; j < 50; ++j) batch.heartbeats.push_back({host("web-1"), i * 50 + j});
            batch.hosts = {host_row(host("host-" + std::to_string(i)))};
            if (auto committed = writer->commit(batch); !committed) writer_error = committed.error().message;
        }
        writing = false;
    });
    std::size_t reads = 0;
    std::string reader_error;
    std::size_t last_seen = 0;
    bool monotonic = true;
    while (writing && reader_error.empty()) {
        auto hosts = reader->load_hosts();
        if (!hosts) {
            reader_error = hosts.error().message;
            break;
        }
        monotonic = monotonic && hosts->size() >= last_seen;
        last_seen = hosts->size();
        ++reads;
    }
    thread.join();
    INFO("reads while writing: " << reads);
    CHECK(writer_error.empty());
    CHECK(reader_error.empty());
    CHECK(monotonic);
    CHECK(must(reader->load_hosts()).size() == kCommits);
    CHECK(must(reader->heartbeats(host("web-1"), 0, 100000)).size() == kCommits * 50);
}
STORE_TEST("one instance writes while another reads, both without errors", concurrent_writer_and_reader)

void verbatim_text(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const std::vector<std::string> names = {
        "O'Brien \"quoted\" host",
        "<script>alert('x')</script>",
        "Robert'); DROP TABLE hosts;--",
        "back\\slash and 100% _wildcards_",
        "ñandú-🦀-東京",
        "web",
        "Web",   // case differs: another host
        "web ",  // trailing space: another host
        std::string("nul\0byte", 8),
        "\xff\xfe not UTF-8",
    };
    Batch batch;
    for (const auto& name : names) {
        const auto key = host(name, "i-" + name);
        batch.hosts.push_back(host_row(key));
        batch.heartbeats.push_back({key, kNow});
        batch.results.push_back(result(check(key, RecordKind::Script, name, name), kNow, 1, name));
        batch.alerts.push_back(alert(kNow, AlertKind::CheckFailed, key, name));
    }
    batch.message_ids = names;
    must_commit(*store, batch);

    auto hosts = must(store->load_hosts());
    REQUIRE(hosts.size() == names.size());
    std::vector<std::string> loaded;
    for (const auto& row : hosts) {
        CHECK(row.key.instance == "i-" + row.key.hostname);
        loaded.push_back(row.key.hostname);
    }
    auto expected = names;
    std::sort(expected.begin(), expected.end());
    std::sort(loaded.begin(), loaded.end());
    CHECK(loaded == expected);
    for (const auto& name : names) {
        INFO("name: " << name);
        auto history = must(store->check_history(name, name, 0, 10));
        REQUIRE(history.size() == 1);
        CHECK(history[0].check.target == name);
        CHECK(history[0].check.port_or_arg == name);
        CHECK(history[0].output == name);
        CHECK(must(store->heartbeats(host(name, "i-" + name), 0, 10)).size() == 1);
    }
    auto alerts = must(store->load_pending_alerts());
    REQUIRE(alerts.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        CHECK(alerts[i].detail == names[i]);
        CHECK(alerts[i].host.hostname == names[i]);
    }
    auto ids = must(store->load_message_ids(0, 10));
    std::sort(ids.begin(), ids.end());
    CHECK(ids == expected);
    CHECK(backend.count("hosts") == static_cast<std::int64_t>(names.size()));  // nothing dropped
}
STORE_TEST("quotes, markup, SQL, unicode, NUL and non-UTF-8 bytes are stored verbatim", verbatim_text)

void bounds(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch batch;
    batch.heartbeats = {{host("fine"), kNow}};
    batch.results = {result(check(host("fine"), RecordKind::Http, std::string(ns::kMaxKeyBytes + 1, 't'), "80"), kNow)};
    auto committed = store->commit(batch);
    REQUIRE_FALSE(committed.ok());
    CHECK(committed.error().kind == awsrest::ErrorKind::InvalidArgument);
    CHECK_THAT(committed.error().message, Catch::Contains("check result #1: target is 1025 bytes"));
    CHECK(backend.count("heartbeats") == 0);

    // At the limits everything fits, on both databases.
    Batch largest;
    const std::string key(ns::kMaxKeyBytes, 'k');
    largest.results = {result(check(host(key, key), RecordKind::Script, key, key), kNow, 0, std::string(70000, 'o'))};
    largest.check_states = {state_row(check(host(key, key), RecordKind::Script, key, key))};
    largest.hosts = {host_row(host(key, key))};
    largest.hosts[0].detail = std::string(ns::kMaxTextBytes, 'd');
    largest.heartbeats = {{host(key, key), kNow}};
    largest.message_ids = {key};
    largest.alerts = {alert(kNow, AlertKind::Missing, host(key, key), std::string(ns::kMaxTextBytes, 'a'))};
    must_commit(*store, largest);
    auto history = must(store->check_history(key, key + ":" + key, 0, 1));
    REQUIRE(history.size() == 1);
    CHECK(history[0].output.size() == 70000);
    CHECK(must(store->load_hosts())[0].detail.size() == ns::kMaxTextBytes);
}
STORE_TEST("values longer than a column are refused before writing and values at the limit fit", bounds)

}  // namespace
