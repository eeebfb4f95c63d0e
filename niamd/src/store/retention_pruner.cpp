#include "store/retention_pruner.hpp"

#include <algorithm>
#include <string>

#include "log/log.hpp"

namespace niamd::store {

RetentionPruner::RetentionPruner(std::unique_ptr<HistoryStore> store, const awsrest::Clock& clock,
                                 std::chrono::seconds retention, std::chrono::seconds every,
                                 std::chrono::seconds samples_retention, std::chrono::seconds log_retention)
    : store_(std::move(store)),
      clock_(clock),
      retention_(retention),
      every_(every),
      samples_retention_(std::min(samples_retention, retention)),
      log_retention_(log_retention) {}

RetentionPruner::~RetentionPruner() { stop(); }

void RetentionPruner::start() {
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { loop(); });
}

void RetentionPruner::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

awsrest::Result<std::size_t> RetentionPruner::prune_once() {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    const std::int64_t before = now - retention_.count();
    auto samples = store_->prune_samples(now - samples_retention_.count());
    if (!samples) {
        log::warning("store: pruning metric samples older than " + std::to_string(samples_retention_.count()) +
                     " s failed: " + samples.error().message);
    } else if (*samples > 0) {
        log::info("store: pruned " + std::to_string(*samples) + " metric samples older than " +
                  std::to_string(samples_retention_.count()) + " s");
    }
    auto logs = store_->prune_logs(now - log_retention_.count());
    if (!logs) {
        log::warning("store: pruning log lines and events older than " + std::to_string(log_retention_.count()) +
                     " s failed: " + logs.error().message);
    } else if (*logs > 0) {
        log::info("store: pruned " + std::to_string(*logs) + " log lines and events older than " +
                  std::to_string(log_retention_.count()) + " s");
    }
    auto removed = store_->prune(before);
    if (!removed) {
        log::warning("store: pruning history older than " + std::to_string(retention_.count()) +
                     " s failed: " + removed.error().message);
    } else if (*removed > 0) {
        log::info("store: pruned " + std::to_string(*removed) + " rows of history older than " +
                  std::to_string(retention_.count()) + " s");
    }
    return removed;
}

void RetentionPruner::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        (void)prune_once();
        lock.lock();
        wake_.wait_for(lock, every_, [this] { return stopping_; });
    }
}

}  // namespace niamd::store
