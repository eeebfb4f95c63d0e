// What a queue writer and bad luck can do to the master: a flood of new hosts, an alert
// storm, replayed and far-past records, a stalled master, one bad queue answer, a store
// that cannot be written. Manual clock, in-memory store.
#include <catch2/catch.hpp>

#include "monitor_fixture.hpp"
#include "protocol/message_signature.hpp"

using niamd::store::AlertKind;
using niamd::store::Delivery;
using niamd::store::HostKey;
using niamd::store::HostStatus;
using test_support::MonitorFixture;

namespace {

const HostKey kWeb1{"web1", "i-0000000000000001"};

std::string host_name(int i) { return "flood-" + std::to_string(i); }

// One message of `count` PINGs of new hosts, as a queue writer without the key could send.
std::string flood_body(int first, int count, std::int64_t time) {
    std::string body;
    for (int i = first; i < first + count; ++i) {
        if (!body.empty()) body += '\n';
        body += niamd::protocol::encode_record(MonitorFixture::ping_record(host_name(i), time));
    }
    return body;
}

std::size_t delivered_count(const std::vector<niamd::store::AlertRow>& alerts) {
    std::size_t n = 0;
    for (const auto& alert : alerts) {
        if (alert.delivery != Delivery::Folded) ++n;
    }
    return n;
}

std::size_t stored_count(const test_support::MemoryStore& store, AlertKind kind) {
    std::size_t n = 0;
    for (const auto& alert : store.alerts) n += alert.kind == kind ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("bounds: a flood of new hosts stops at the new hosts a minute, counted, with one HOSTS_REFUSED", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 120));
    f.start();
    for (int m = 0; m < 5; ++m) f.deliver(flood_body(m * 400, 400, f.now()));  // 2,000 new hosts
    f.round();
    CHECK(f.monitor->hosts().size() == niamd::master::kMaxNewHostsPerMinute);
    CHECK(f.monitor->counters().hosts_refused == 2000 - niamd::master::kMaxNewHostsPerMinute);
    REQUIRE(f.count(AlertKind::HostsRefused) == 1);
    CHECK(f.raised_of(AlertKind::HostsRefused)[0].detail.find("1000 new hosts in the last minute") !=
          std::string::npos);
    // A minute later new hosts are taken again; the refusals go on being counted, not alerted.
    f.advance(61);
    f.deliver(flood_body(5000, 1200, f.now()));
    f.round();
    CHECK(f.monitor->hosts().size() == 2 * niamd::master::kMaxNewHostsPerMinute);
    CHECK(f.count(AlertKind::HostsRefused) == 1);
}

TEST_CASE("bounds: MAX_NEW_HOSTS raises the new hosts a minute (a fleet's first start)", "[master]") {
    auto config = test_support::short_timers(30, 120);
    config.max_new_hosts = 5000;
    MonitorFixture f(config);
    f.start();
    for (int m = 0; m < 10; ++m) f.deliver(flood_body(m * 500, 500, f.now()));  // 5,000 new hosts
    f.deliver(flood_body(9000, 10, f.now()));                                   // 10 more: refused
    f.round();
    CHECK(f.monitor->hosts().size() == 5000);
    CHECK(f.monitor->counters().hosts_refused == 10);
    REQUIRE(f.count(AlertKind::HostsRefused) == 1);
    CHECK(f.raised_of(AlertKind::HostsRefused)[0].detail.find("5000 new hosts in the last minute (MAX_NEW_HOSTS)") !=
          std::string::npos);
}

TEST_CASE("bounds: beyond MAX_HOSTS new hosts are refused and a known host still pings", "[master]") {
    auto config = test_support::short_timers(30, 120);
    config.max_hosts = 3;
    MonitorFixture f(config);
    f.start();
    f.ping("web1");
    f.ping("web2");
    f.ping("web3");
    f.ping("web4");
    f.check("web5", 1);
    f.round();
    CHECK(f.monitor->hosts().size() == 3);
    CHECK(f.monitor->hosts().find({"web4", "i-0000000000000001"}) == nullptr);
    CHECK(f.monitor->counters().hosts_refused == 2);
    CHECK(f.count(AlertKind::HostsRefused) == 1);
    CHECK(f.count(AlertKind::CheckFailed) == 0);  // the refused host's check is not taken either
    f.advance(1);
    f.ping("web1");
    f.round();
    CHECK(f.store.hosts.at(kWeb1).last_ping == f.now());
}

TEST_CASE("bounds: a burst of MISSING beyond the alert rate is folded into one summary", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 120));
    f.start();
    f.deliver(flood_body(0, 1000, f.now()));
    f.round();
    REQUIRE(f.monitor->hosts().size() == 1000);
    f.run_for(30);                                                           // every host silent for WARN_AFTER at once
    CHECK(stored_count(f.store, AlertKind::Missing) == 1000);                // every one is kept (alert page, API) ...
    CHECK(delivered_count(f.raised) == niamd::master::kMaxAlertsPerMinute);  // ... 20 go out on their own
    f.run_for(static_cast<int>(niamd::master::kFoldSeconds));
    // ... and the other 980 in one summary.
    REQUIRE(delivered_count(f.raised) == niamd::master::kMaxAlertsPerMinute + 1);
    const auto& summary = f.raised.back();
    CHECK(summary.kind == AlertKind::Missing);
    CHECK(summary.host.hostname.empty());
    CHECK(summary.subject == "niam: MISSING: 980 hosts");
    CHECK(summary.detail.rfind("980 hosts: flood-", 0) == 0);
    CHECK(f.monitor->counters().alerts_folded == 980);
    std::size_t folded_in_store = 0;
    for (const auto& alert : f.store.alerts) folded_in_store += alert.delivery == Delivery::Folded ? 1 : 0;
    CHECK(folded_in_store == 980);
    // And PURGED the same way: 20 on their own, one summary. 2 × 21 alerts sent, not 2 × 1000.
    f.run_for(120);
    CHECK(stored_count(f.store, AlertKind::Purged) == 1001);
    CHECK(delivered_count(f.raised) == 2 * (niamd::master::kMaxAlertsPerMinute + 1));
}

TEST_CASE("replay: a PING replayed after MISSING with its old TIME neither recovers nor refreshes the host",
          "[master]") {
    MonitorFixture f(test_support::short_timers(30, 600));
    f.start();
    const std::string captured = niamd::protocol::encode_record(MonitorFixture::ping_record("web1", f.now()));
    f.deliver(captured);
    f.round();
    f.run_for(30);
    REQUIRE(f.count(AlertKind::Missing) == 1);
    f.advance(210);  // four minutes after the capture
    f.deliver(captured);
    f.round();
    CHECK(f.count(AlertKind::Recovered) == 0);
    CHECK(f.store.hosts.at(kWeb1).status == HostStatus::Missing);
    CHECK(f.monitor->counters().stale_records == 1);
    // Nor a PING that is not newer than the newest one.
    f.ping("web1");
    f.round();
    REQUIRE(f.count(AlertKind::Recovered) == 1);
    f.run_for(20);
    f.deliver(niamd::protocol::encode_record(MonitorFixture::ping_record("web1", f.now() - 20)));
    f.round();
    f.run_for(10);  // 30 s after the last fresh PING
    CHECK(f.count(AlertKind::Missing) == 2);
}

TEST_CASE("replay: a signed message re-sent minutes later is refused and counted", "[master]") {
    auto config = test_support::short_timers(30, 600);
    config.hmac_key = "s3cret";
    MonitorFixture f(config);
    f.start();
    auto signed_ping = [&](std::int64_t time) {
        return niamd::protocol::sign_message(niamd::protocol::encode_record(MonitorFixture::ping_record("web1", time)),
                                             "s3cret", time);
    };
    const std::string captured = signed_ping(f.now());
    f.deliver(captured);
    f.round();
    for (int i = 0; i < 200; i += 10) {  // the client goes on for a while, then dies
        f.run_for(10);
        f.deliver(signed_ping(f.now()));
        f.round();
    }
    f.run_for(40);
    REQUIRE(f.count(AlertKind::Missing) == 1);
    f.deliver(captured);  // 240 s after it was signed
    f.round();
    CHECK(f.monitor->counters().replayed_messages == 1);
    CHECK(f.count(AlertKind::Recovered) == 0);
    // SQS's SentTimestamp tells a replay even to a master that has just started.
    f.restart();
    auto replay = f.message(captured);
    replay.attributes["SentTimestamp"] = std::to_string(f.now() * 1000);
    f.deliver(std::vector<awsrest::SqsMessage>{replay});
    f.round();
    CHECK(f.monitor->counters().replayed_messages == 1);
    CHECK(f.count(AlertKind::Recovered) == 0);
    // A message signed without a send time (the old form) is refused too; a fresh one applies.
    f.deliver(niamd::protocol::sign_message(
        niamd::protocol::encode_record(MonitorFixture::ping_record("web1", f.now())), "s3cret"));
    f.round();
    CHECK(f.monitor->counters().replayed_messages == 2);
    f.deliver(signed_ping(f.now()));
    f.round();
    CHECK(f.count(AlertKind::Recovered) == 1);
}

TEST_CASE("far past: PINGs with TIME 0 or 1 or older than PURGE_AFTER create no host and are counted", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 600));
    f.start();
    f.deliver(niamd::protocol::encode_record(MonitorFixture::ping_record("zero", 0)));
    f.deliver(niamd::protocol::encode_record(MonitorFixture::ping_record("one", 1)));
    f.deliver(niamd::protocol::encode_record(MonitorFixture::check_record("old", f.now() - 601, 1)));
    f.round();
    CHECK(f.monitor->hosts().size() == 0);
    CHECK(f.store.beats.empty());
    CHECK(f.store.results.empty());
    CHECK(f.raised.empty());
    CHECK(f.monitor->counters().stale_records == 3);
    CHECK(f.monitor->counters().malformed_messages == 3);
}

TEST_CASE("stall: after a 45 s gap in its clock the master reads the queue before judging hosts", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 120));
    f.start();
    for (int i = 0; i < 10; ++i) {
        f.ping("web1");
        f.ping("web2");
        f.run_for(1);
    }
    f.advance(45);  // SIGSTOP: the clients went on writing into the queue meanwhile
    f.round();
    CHECK(f.count(AlertKind::Missing) == 0);
    CHECK(f.monitor->counters().clock_gaps == 1);
    for (int i = 0; i < 35; ++i) {  // the queue read again: the backlog and fresh PINGs
        f.ping("web1");
        f.ping("web2");
        f.run_for(1);
    }
    CHECK(f.raised.empty());  // neither MISSING nor RECOVERED
    f.run_for(30);
    CHECK(f.count(AlertKind::Missing) == 2);  // still judged once the grace is over
}

TEST_CASE("queue: one bad answer raises nothing, failing for WARN_AFTER / 2 raises QUEUE_UNREACHABLE", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 120));
    f.start();
    f.monitor->queue_failed(awsrest::make_error(awsrest::ErrorKind::Parse, "malformed ReceiveMessage answer"), f.now());
    f.round();
    f.run_for(5);
    f.deliver(std::vector<awsrest::SqsMessage>{});
    f.round();
    CHECK(f.raised.empty());
    f.advance(1);
    for (int i = 0; i <= 15; ++i) {
        f.monitor->queue_failed(awsrest::make_error(awsrest::ErrorKind::Network, "could not connect"), f.now());
        f.round();
        CHECK(f.count(AlertKind::QueueUnreachable) == (i < 15 ? 0U : 1U));
        f.advance(1);
    }
    REQUIRE(f.count(AlertKind::QueueUnreachable) == 1);
    CHECK(f.raised_of(AlertKind::QueueUnreachable)[0].detail.rfind("cannot read the queue for 15 s: ", 0) == 0);
}

TEST_CASE("store: a commit that fails hands its alerts out from memory with one STORE_UNAVAILABLE", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 120));
    f.start();
    f.store.fail_commits = 3;
    f.check("web1", 1);
    f.monitor->tick(f.now());
    REQUIRE_FALSE(f.monitor->commit());
    auto unstored = f.monitor->take_unstored_alerts(f.now());
    REQUIRE(unstored.size() == 2);
    CHECK(unstored[0].kind == AlertKind::CheckFailed);
    CHECK(unstored[0].message.find("Stored: not yet") != std::string::npos);
    CHECK(unstored[1].kind == AlertKind::StoreUnavailable);
    f.advance(1);
    f.check("web2", 1);
    f.monitor->tick(f.now());
    REQUIRE_FALSE(f.monitor->commit());
    unstored = f.monitor->take_unstored_alerts(f.now());
    REQUIRE(unstored.size() == 1);  // only what is new: one STORE_UNAVAILABLE per outage
    CHECK(unstored[0].host.hostname == "web2");
    f.advance(1);
    f.monitor->tick(f.now());
    REQUIRE_FALSE(f.monitor->commit());
    CHECK(f.monitor->take_unstored_alerts(f.now()).empty());
    // The store is back: the alerts are stored as sent and not handed out a second time.
    auto committed = f.monitor->commit();
    REQUIRE(committed);
    CHECK(committed->alerts.empty());
    REQUIRE(f.store.alerts.size() == 3);
    for (const auto& alert : f.store.alerts) CHECK(alert.delivery == Delivery::Sent);
}

TEST_CASE("store: a commit refused by the lease fence raises nothing and hands nothing out from memory", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 120));
    f.start();
    f.store.lease_lost = true;
    f.check("web1", 1);
    f.monitor->tick(f.now());
    auto refused = f.monitor->commit();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == niamd::store::kLeaseLostCode);
    // Another master leads: no STORE_UNAVAILABLE, no CHECK_FAILED from memory, and the round is dropped.
    CHECK(f.monitor->take_unstored_alerts(f.now()).empty());
    CHECK(f.monitor->uncommitted_messages() == 0);
    f.store.lease_lost = false;
    auto next = f.monitor->commit();
    REQUIRE(next);
    CHECK(next->alerts.empty());
    CHECK(f.store.alerts.empty());
}
