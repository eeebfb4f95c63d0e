// Master scenarios around where alerts go: with no ALERT_TOPIC, alert.log is the only sink,
// and an alert it did not take is not "sent".
#include <catch2/catch.hpp>

#include <filesystem>

#include "local_stack.hpp"
#include "master_scenario.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

TEST_CASE("master: without ALERT_TOPIC an alert that alert.log cannot take stays pending and is retried",
          "[integration][master]") {
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    MasterScenario s;
    s.config.warn_after = 30;
    s.config.purge_after = 60;
    s.config.alert_topic.clear();
    std::filesystem::create_directories(s.dir / "alert.log");  // cannot be opened for writing (even by root)
    s.start_master();
    s.send({MasterScenario::http_check("web1", "i-0f00000000000001", 1)});
    auto pending_alerts = [&] {
        auto pending = s.store()->load_pending_alerts();
        REQUIRE(pending);
        return *pending;
    };
    REQUIRE(MasterScenario::wait_until(
        [&] {
            const auto pending = pending_alerts();
            return pending.size() == 1 && pending[0].attempts >= 1;
        },
        10s));
    const auto pending = pending_alerts();
    CHECK(pending[0].kind == niamd::store::AlertKind::CheckFailed);
    CHECK(pending[0].last_error == "no ALERT_TOPIC and alert.log cannot be written");
    CHECK(pending[0].sent_at == 0);
    // alert.log can be written again: the retry (5 s after the failure) writes the line and
    // only then is the alert sent.
    std::filesystem::remove(s.dir / "alert.log");
    REQUIRE(MasterScenario::wait_until([&] { return pending_alerts().empty(); }, 15s));
    CHECK(s.log_count("CHECK_FAILED", "web1") == 1);
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}
