// RetentionPruner: deletes history older than the retention period (default 30 days) in
// the background — on its own thread and through its own store instance, so the master's
// rounds are never held up by it: once at start, then every `every`. Raw metric samples go
// after `samples_retention` (METRIC_RETENTION, at most `retention`). Pending alerts are
// never pruned (HistoryStore::prune).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include <awsrest/clock.hpp>
#include <awsrest/result.hpp>

#include "store/history_store.hpp"

namespace niamd::store {

inline constexpr std::chrono::seconds kDefaultRetention = std::chrono::hours(24 * 30);
inline constexpr std::chrono::seconds kDefaultPruneEvery = std::chrono::hours(1);
inline constexpr std::chrono::seconds kDefaultSamplesRetention = std::chrono::hours(24 * 7);
inline constexpr std::chrono::seconds kDefaultLogRetention = std::chrono::hours(24 * 7);

class RetentionPruner {
  public:
    // `clock` says what "now" is (it must outlive the pruner); the wait between passes is
    // real time, so that stop() can cut it short.
    RetentionPruner(std::unique_ptr<HistoryStore> store, const awsrest::Clock& clock,
                    std::chrono::seconds retention = kDefaultRetention, std::chrono::seconds every = kDefaultPruneEvery,
                    std::chrono::seconds samples_retention = kDefaultSamplesRetention,
                    std::chrono::seconds log_retention = kDefaultLogRetention);
    ~RetentionPruner();
    RetentionPruner(const RetentionPruner&) = delete;
    RetentionPruner& operator=(const RetentionPruner&) = delete;

    void start();  // no-op when running
    void stop();   // wakes the thread and joins it; no-op when stopped

    // One pass on the calling thread: prune_samples(now - samples retention),
    // prune_logs(now - log retention, LOG_RETENTION), then prune(now - retention). Logs what it removed or why it failed.
    awsrest::Result<std::size_t> prune_once();

  private:
    void loop();

    std::unique_ptr<HistoryStore> store_;
    const awsrest::Clock& clock_;
    std::chrono::seconds retention_;
    std::chrono::seconds every_;
    std::chrono::seconds samples_retention_;
    std::chrono::seconds log_retention_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace niamd::store
