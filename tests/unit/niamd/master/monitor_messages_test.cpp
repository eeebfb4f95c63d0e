// Queue messages: redelivery, malformed messages, signatures, and commits that fail.
#include <catch2/catch.hpp>

#include "monitor_fixture.hpp"
#include "protocol/message_signature.hpp"
#include "protocol/record_encoder.hpp"

using niamd::store::AlertKind;
using test_support::MonitorFixture;

TEST_CASE("messages: a redelivered message is not counted twice and never alerts twice", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const std::string body = niamd::protocol::encode_messages(
        {MonitorFixture::ping_record("web1", f.now()), MonitorFixture::check_record("web1", f.now(), 1)})[0];
    auto first = f.message(body, "same-id");
    f.deliver({first});
    auto committed = f.round();
    CHECK(committed.receipts == std::vector<std::string>{first.receipt_handle});
    // Delivered again (the delete was lost): same id, new receipt handle.
    auto again = f.message(body, "same-id");
    f.advance(1);
    f.deliver({again});
    committed = f.round();
    CHECK(committed.receipts == std::vector<std::string>{again.receipt_handle});  // deleted, not applied
    CHECK(f.monitor->counters().messages_received == 1);
    CHECK(f.monitor->counters().records_received == 2);
    CHECK(f.monitor->counters().duplicate_messages == 1);
    CHECK(f.count(AlertKind::CheckFailed) == 1);
    CHECK(f.store.results.size() == 1);
    // Even after a restart (the id comes from the store).
    f.restart();
    f.deliver({f.message(body, "same-id")});
    f.round();
    CHECK(f.monitor->counters().duplicate_messages == 1);
    CHECK(f.monitor->counters().messages_received == 0);
    // The same records under a new id change nothing either.
    f.deliver({f.message(body, "other-id")});
    f.round();
    CHECK(f.count(AlertKind::CheckFailed) == 1);
}

TEST_CASE("messages: a malformed message is counted and deleted and its good records apply", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const std::string good = niamd::protocol::encode_record(MonitorFixture::ping_record("web1", f.now()));
    auto bad = f.message(good + "\ni-1,web2,DNS,1,2,3,4\nnot a record");
    auto empty = f.message("\n\n");
    f.deliver({bad, empty});
    auto committed = f.round();
    CHECK(f.monitor->counters().malformed_messages == 2);
    CHECK(f.monitor->counters().records_received == 1);
    CHECK(f.monitor->hosts().size() == 1);
    CHECK(committed.receipts.size() == 2);
}

TEST_CASE("messages: with a dead-letter queue and malformed messages are left to it", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.monitor->set_dead_letter_queue(true);
    auto bad = f.message("garbage", "bad-1");
    auto good = f.message(niamd::protocol::encode_record(MonitorFixture::ping_record("web1", f.now())));
    f.deliver({bad, good});
    auto committed = f.round();
    CHECK(committed.receipts == std::vector<std::string>{good.receipt_handle});
    // Received again: still not deleted, not counted again.
    f.deliver({f.message("garbage", "bad-1")});
    committed = f.round();
    CHECK(committed.receipts.empty());
    CHECK(f.monitor->counters().malformed_messages == 1);
    // After a restart too: the id was not stored as applied, so it is left again.
    f.restart();
    f.monitor->set_dead_letter_queue(true);
    f.deliver({f.message("garbage", "bad-1")});
    committed = f.round();
    CHECK(committed.receipts.empty());
}

TEST_CASE("messages: a record stamped far ahead of the master's clock is refused, the rest apply", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const auto future = MonitorFixture::check_record("web1", f.now() + 400 * 24 * 3600, 1);
    const auto far = MonitorFixture::check_record("web1", INT64_MAX - 5, 1);
    const std::string body = niamd::protocol::encode_messages(
        {MonitorFixture::ping_record("web1", f.now()), future, far, MonitorFixture::ping_record("web2", INT64_MAX)})[0];
    f.deliver({f.message(body)});
    f.round();
    CHECK(f.monitor->counters().records_received == 1);
    CHECK(f.monitor->counters().malformed_messages == 1);
    CHECK(f.count(AlertKind::CheckFailed) == 0);
    CHECK(f.store.results.empty());
    // The check is not frozen: a failing result now still alerts.
    f.deliver({f.message(niamd::protocol::encode_record(MonitorFixture::check_record("web1", f.now(), 1)))});
    f.round();
    CHECK(f.count(AlertKind::CheckFailed) == 1);
    // And web1 still goes MISSING on time (its PING time was not pushed into the future).
    f.run_for(35);
    CHECK(f.count(AlertKind::Missing) == 1);
}

TEST_CASE("messages: with HMAC_KEY and unsigned and forged messages are dropped", "[master]") {
    auto config = test_support::short_timers(30, 60);
    config.hmac_key = "s3cret";
    MonitorFixture f(config);
    f.start();
    const std::string body = niamd::protocol::encode_record(MonitorFixture::ping_record("web1", f.now()));
    f.deliver({f.message(body), f.message(niamd::protocol::sign_message(body, "wrong")),
               f.message(niamd::protocol::sign_message(
                   niamd::protocol::encode_record(MonitorFixture::ping_record("web2", f.now())), "s3cret", f.now()))});
    auto committed = f.round();
    CHECK(f.monitor->counters().forged_messages == 2);
    CHECK(f.monitor->counters().messages_received == 1);
    CHECK(f.monitor->hosts().size() == 1);
    CHECK(f.monitor->hosts().find({"web2", "i-0000000000000001"}) != nullptr);
    CHECK(committed.receipts.size() == 3);  // forged ones are deleted too
}

TEST_CASE("messages: without HMAC_KEY a signature line is taken off and the records apply", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const std::string body = niamd::protocol::encode_record(MonitorFixture::ping_record("web1", f.now()));
    f.deliver(niamd::protocol::sign_message(body, "any"));
    f.round();
    CHECK(f.monitor->counters().malformed_messages == 0);
    CHECK(f.monitor->hosts().size() == 1);
}

TEST_CASE("messages: when the store fails nothing is deleted or alerted until a commit succeeds", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.store.fail_commits = 2;
    f.deliver({f.message(niamd::protocol::encode_record(MonitorFixture::check_record("web1", f.now(), 1)))});
    f.monitor->tick(f.now());
    CHECK_FALSE(f.monitor->commit());
    f.advance(1);
    f.check("web1", 1);
    CHECK_FALSE(f.monitor->commit());
    CHECK(f.monitor->uncommitted_messages() == 2);
    CHECK(f.store.alerts.empty());
    auto committed = f.round();
    CHECK(committed.receipts.size() == 2);
    REQUIRE(committed.alerts.size() == 2);  // with the STORE_UNAVAILABLE of the first failure
    CHECK(committed.alerts[0].id == 1);
    CHECK(committed.alerts[0].kind == AlertKind::CheckFailed);
    CHECK(committed.alerts[1].kind == AlertKind::StoreUnavailable);
    CHECK(f.store.results.size() == 2);
    CHECK(f.store.hosts.size() == 1);
    CHECK(f.store.check_states.size() == 1);
}
