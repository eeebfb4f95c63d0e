// The leader lease of two masters on one MariaDB (store/leader_lease.hpp): one takes it, the
// other cannot until it expires (times from the injected clock), and a store fenced with a
// lease that another took writes nothing. SQLite has no lease and refuses a fence.
#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <string_view>

#include "store/leader_lease.hpp"
#include "store/mariadb_store.hpp"
#include "store/sql_connection.hpp"
#include "store_backend.hpp"
#include "store_rows.hpp"

using namespace store_test;
using niamd::store::Batch;

namespace {

std::unique_ptr<ns::LeaderLease> lease_for(const std::string& holder, const awsrest::Clock& clock) {
    auto lease = ns::open_mariadb_lease(mariadb_config(), holder, clock);
    REQUIRE(lease);
    return std::move(lease).value();
}

ns::WriterFence fence_of(const ns::LeaderLease& lease) {
    return ns::WriterFence{std::string(ns::kMasterLeaseName), lease.holder(), lease.epoch()};
}

Batch heartbeat_batch(std::int64_t time) {
    Batch batch;
    batch.heartbeats = {ns::HeartbeatRow{host("web1"), time}};
    batch.hosts = {host_row(host("web1"))};
    batch.alerts = {alert(time, ns::AlertKind::Recovered, host("web1"))};
    return batch;
}

}  // namespace

TEST_CASE("mariadb: one master takes the leader lease and the other cannot until it expires", "[store][mariadb]") {
    auto backend = mariadb_backend();
    auto clock = clock_at();
    auto a = lease_for("master-a", clock);
    auto b = lease_for("master-b", clock);

    auto taken = a->acquire(15);
    REQUIRE(taken);
    CHECK(taken->held);
    CHECK(taken->epoch == 1);
    CHECK(taken->expires == kNow + 15);

    auto refused = b->acquire(15);
    REQUIRE(refused);
    CHECK_FALSE(refused->held);
    CHECK(refused->holder == "master-a");
    CHECK(b->epoch() == 0);

    // Renewed within its length: same epoch, later expiry; still not the other's.
    clock.advance(std::chrono::seconds(10));
    auto renewed = a->acquire(15);
    REQUIRE(renewed);
    CHECK(renewed->held);
    CHECK(renewed->epoch == 1);
    CHECK(renewed->expires == kNow + 25);
    clock.advance(std::chrono::seconds(14));
    REQUIRE(b->acquire(15));
    CHECK(b->epoch() == 0);

    // Not renewed: at its expiry the other takes it, with the next epoch.
    clock.advance(std::chrono::seconds(1));
    auto took_over = b->acquire(15);
    REQUIRE(took_over);
    CHECK(took_over->held);
    CHECK(took_over->holder == "master-b");
    CHECK(took_over->epoch == 2);
    auto lost = a->acquire(15);
    REQUIRE(lost);
    CHECK_FALSE(lost->held);
    CHECK(lost->holder == "master-b");
    CHECK(a->epoch() == 0);
    CHECK(backend->query_int("SELECT epoch FROM leader_lease WHERE name = 'master'") == 2);
}

TEST_CASE("mariadb: a released leader lease is taken at once with the next epoch", "[store][mariadb]") {
    auto backend = mariadb_backend();
    auto clock = clock_at();
    auto a = lease_for("master-a", clock);
    auto b = lease_for("master-b", clock);
    REQUIRE(a->acquire(15));
    REQUIRE(a->epoch() == 1);
    REQUIRE(a->release());
    CHECK(a->epoch() == 0);
    auto taken = b->acquire(15);
    REQUIRE(taken);
    CHECK(taken->held);
    CHECK(taken->epoch == 2);
    // The old holder coming back takes nothing and, a fresh take later, gets a new epoch.
    auto back = a->acquire(15);
    REQUIRE(back);
    CHECK_FALSE(back->held);
}

TEST_CASE("mariadb: a holder stopped inside a transaction that locked the lease row does not block the take-over",
          "[store][mariadb]") {
    // A leader stopped (SIGSTOP, a frozen VM, a cut link) in the middle of a fenced commit
    // holds the lock on the lease row. The server ends its session once it has been idle in
    // that transaction for kMariadbIdleTransactionTimeout; then the other master's acquire,
    // waiting for the lock, goes through. Without it the wait ends after innodb_lock_wait_timeout
    // (50 s) with an error, again at every try, for as long as the stopped session lives.
    auto backend = mariadb_backend();
    auto clock = clock_at();
    auto a = lease_for("master-a", clock);
    auto b = lease_for("master-b", clock);
    REQUIRE(a->acquire(15));
    auto stopped = ns::open_mariadb_connection(mariadb_config());
    REQUIRE(stopped);
    ns::SqlConnection& session = **stopped;
    REQUIRE(session.begin());
    const std::array<ns::SqlParam, 1> name{std::string_view(ns::kMasterLeaseName)};
    auto locked = session.query("SELECT holder FROM leader_lease WHERE name = ? FOR UPDATE", name);
    REQUIRE(locked);
    REQUIRE(locked->size() == 1);
    // From here the session sends nothing, like a process that was stopped.

    clock.advance(std::chrono::seconds(16));  // a's lease has expired
    const auto asked = std::chrono::steady_clock::now();
    auto took = b->acquire(15);
    const auto waited = std::chrono::steady_clock::now() - asked;
    INFO("acquire waited " << std::chrono::duration<double>(waited).count() << " s"
                           << (took ? std::string() : "; error: " + took.error().describe()));
    REQUIRE(took);
    CHECK(took->held);
    CHECK(took->holder == "master-b");
    CHECK(took->epoch == 2);
    // It did wait for the stopped session's lock, and no longer than the server's idle timeout.
    CHECK(waited >= ns::kMariadbIdleTransactionTimeout - std::chrono::seconds(1));
    CHECK(waited < ns::kMariadbIdleTransactionTimeout + std::chrono::seconds(10));

    // The stopped session, when it resumes, finds itself disconnected (its transaction rolled
    // back): what it sends is refused, and says the connection is reopened.
    auto late = session.execute("UPDATE leader_lease SET holder = 'stopped' WHERE name = ?", name);
    REQUIRE_FALSE(late);
    CHECK_THAT(late.error().message, Catch::Contains("reopened on the next call"));
    CHECK(session.lost());
    CHECK(backend->query_int("SELECT COUNT(*) FROM leader_lease WHERE holder = 'master-b' AND epoch = 2") == 1);
}

TEST_CASE("mariadb: a store fenced with a lease another master took writes nothing", "[store][mariadb]") {
    auto backend = mariadb_backend();
    auto clock = clock_at();
    auto a = lease_for("master-a", clock);
    auto b = lease_for("master-b", clock);
    auto store_a = backend->open(clock);
    auto store_b = backend->open(clock);

    REQUIRE(a->acquire(15));
    REQUIRE(store_a->fence_writes(fence_of(*a)));
    Batch first = heartbeat_batch(kNow);
    REQUIRE(store_a->commit(first));
    const std::int64_t first_alert = first.alerts.at(0).id;
    CHECK(backend->count("heartbeats") == 1);

    // A is paused past its lease; B takes over (epoch 2).
    clock.advance(std::chrono::seconds(16));
    REQUIRE(b->acquire(15));
    REQUIRE(b->epoch() == 2);
    REQUIRE(store_b->fence_writes(fence_of(*b)));

    Batch stale = heartbeat_batch(kNow + 16);
    auto refused = store_a->commit(stale);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ns::kLeaseLostCode);
    CHECK_THAT(refused.error().message, Catch::Contains("no longer this master's"));
    CHECK_THAT(refused.error().message, Catch::Contains("master-b (epoch 2)"));
    CHECK(backend->count("heartbeats") == 1);
    CHECK(backend->count("alerts") == 1);
    auto not_marked = store_a->mark_alert_sent(first_alert, kNow + 16);
    REQUIRE_FALSE(not_marked);
    CHECK(not_marked.error().code == ns::kLeaseLostCode);
    CHECK(backend->query_int("SELECT COUNT(*) FROM alerts WHERE delivery = 'pending'") == 1);
    REQUIRE_FALSE(store_a->mark_alert_failed(first_alert, 1, "x"));
    CHECK(backend->query_int("SELECT attempts FROM alerts") == 0);

    // The new leader writes, and publishes what the old one left pending.
    auto pending = store_b->load_pending_alerts();
    REQUIRE(pending);
    REQUIRE(pending->size() == 1);
    REQUIRE(store_b->mark_alert_sent(pending->at(0).id, kNow + 17));
    Batch fresh = heartbeat_batch(kNow + 17);
    REQUIRE(store_b->commit(fresh));
    CHECK(backend->count("heartbeats") == 2);
    CHECK(backend->query_int("SELECT COUNT(*) FROM alerts WHERE delivery = 'sent'") == 1);
}

TEST_CASE("mariadb: a store without a fence writes whatever the lease says", "[store][mariadb]") {
    auto backend = mariadb_backend();
    auto clock = clock_at();
    auto b = lease_for("master-b", clock);
    REQUIRE(b->acquire(15));
    auto single = backend->open(clock);  // one master, no LEADER_LEASE: not fenced
    Batch batch = heartbeat_batch(kNow);
    REQUIRE(single->commit(batch));
    CHECK(backend->count("heartbeats") == 1);
}

TEST_CASE("sqlite: a SQLite store refuses a writer fence", "[store][sqlite]") {
    auto backend = sqlite_backend();
    auto clock = clock_at();
    auto store = backend->open(clock);
    auto refused = store->fence_writes(ns::WriterFence{"master", "a", 1});
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("need MariaDB"));
}
