#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/retention_pruner.hpp"
#include "support/scripted_http.hpp"

using namespace niamd::store;

namespace {

// Records prune() calls; every other call answers empty.
class RecordingStore final : public HistoryStore {
  public:
    struct Log {
        std::mutex mutex;
        std::condition_variable called;
        std::vector<std::int64_t> befores;
    };
    explicit RecordingStore(Log& log, bool fail = false) : log_(log), fail_(fail) {}

    awsrest::Result<std::size_t> prune(std::int64_t before) override {
        {
            std::lock_guard lock(log_.mutex);
            log_.befores.push_back(before);
        }
        log_.called.notify_all();
        if (fail_) return awsrest::make_error(awsrest::ErrorKind::Network, "database away");
        return std::size_t{3};
    }
    awsrest::Result<void> commit(Batch&) override { return {}; }
    awsrest::Result<std::vector<HostRow>> load_hosts() override { return std::vector<HostRow>{}; }
    awsrest::Result<std::vector<CheckStateRow>> load_check_states() override { return std::vector<CheckStateRow>{}; }
    awsrest::Result<std::vector<AlertRow>> load_pending_alerts() override { return std::vector<AlertRow>{}; }
    awsrest::Result<std::vector<std::string>> load_message_ids(std::int64_t, std::size_t) override {
        return std::vector<std::string>{};
    }
    awsrest::Result<void> mark_alert_sent(std::int64_t, std::int64_t) override { return {}; }
    awsrest::Result<void> mark_alert_failed(std::int64_t, int, std::string_view) override { return {}; }
    awsrest::Result<std::vector<AlertRow>> alerts_since(std::int64_t, std::size_t) override {
        return std::vector<AlertRow>{};
    }
    awsrest::Result<std::vector<HeartbeatRow>> heartbeats(const HostKey&, std::int64_t, std::size_t) override {
        return std::vector<HeartbeatRow>{};
    }
    awsrest::Result<std::vector<CheckResultRow>> check_history(const std::string&, const std::string&, std::int64_t,
                                                               std::size_t) override {
        return std::vector<CheckResultRow>{};
    }

  private:
    Log& log_;
    bool fail_;
};

constexpr std::int64_t kNow = 1700000000;

}  // namespace

TEST_CASE("retention pruner: one pass prunes what is older than the retention", "[store]") {
    RecordingStore::Log log;
    test_support::ManualClock clock(awsrest::TimePoint{std::chrono::seconds{kNow}});
    RetentionPruner pruner(std::make_unique<RecordingStore>(log), clock);
    auto removed = pruner.prune_once();
    REQUIRE(removed.ok());
    CHECK(*removed == 3);
    clock.advance(std::chrono::hours(1));
    REQUIRE(pruner.prune_once().ok());
    REQUIRE(log.befores.size() == 2);
    CHECK(log.befores[0] == kNow - 30 * 24 * 3600);  // default: 30 days
    CHECK(log.befores[1] == kNow + 3600 - 30 * 24 * 3600);
}

TEST_CASE("retention pruner: a failing pass is reported, not fatal", "[store]") {
    RecordingStore::Log log;
    test_support::ManualClock clock(awsrest::TimePoint{std::chrono::seconds{kNow}});
    RetentionPruner pruner(std::make_unique<RecordingStore>(log, true), clock, std::chrono::hours(24));
    auto removed = pruner.prune_once();
    REQUIRE_FALSE(removed.ok());
    CHECK(removed.error().message == "database away");
    CHECK(log.befores == std::vector<std::int64_t>{kNow - 24 * 3600});
}

TEST_CASE("retention pruner: the background thread prunes at start and stops on request", "[store]") {
    RecordingStore::Log log;
    test_support::ManualClock clock(awsrest::TimePoint{std::chrono::seconds{kNow}});
    RetentionPruner pruner(std::make_unique<RecordingStore>(log), clock, std::chrono::hours(1), std::chrono::hours(1));
    pruner.start();
    {
        std::unique_lock lock(log.mutex);
        // Not a timing assertion: the bound only keeps a broken build from hanging.
        REQUIRE(log.called.wait_for(lock, std::chrono::seconds(30), [&] { return !log.befores.empty(); }));
        CHECK(log.befores.front() == kNow - 3600);
    }
    pruner.stop();  // returns at once although the next pass is an hour away
    const auto passes = log.befores.size();
    CHECK(passes == 1);
    pruner.stop();  // twice is fine
}
