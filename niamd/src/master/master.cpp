#include "master/master.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <variant>
#include <vector>

#include "log/log.hpp"
#include "master/alert_log.hpp"
#include "master/alert_outbox.hpp"
#include "master/alert_script.hpp"
#include "master/alert_text.hpp"
#include "master/lane_governor.hpp"
#include "master/monitor.hpp"
#include "store/retention_pruner.hpp"

namespace niamd::master {
namespace {

using Steady = std::chrono::steady_clock;

constexpr auto kLoopWait = std::chrono::milliseconds(200);  // the tick is at most this late
constexpr std::size_t kMaxUnapplied = 5000;                 // messages received but not committed: stop receiving
constexpr std::size_t kMaxPendingDeletes = 20000;
constexpr std::size_t kDeleteBatchesPerTurn = 4;           // DeleteMessageBatch calls a lane makes before each receive
constexpr auto kLaneWindow = std::chrono::seconds(2);      // RECEIVERS auto looks at this long of receives
constexpr auto kParkedLaneWait = std::chrono::seconds(1);  // a lane not polling (nor deleting) looks again this often
constexpr std::int64_t kPruneEvery = 600;                  // seconds
constexpr std::int64_t kFirstPruneAfter = 60;
constexpr int kMaxReceiveBackoff = 10;  // seconds
// Once the stop began, no DeleteMessageBatch starts later than this: what is left is
// delivered again at the next start and recognised by its id (the round was committed).
constexpr auto kStopDeleteBudget = std::chrono::milliseconds(700);

std::int64_t unix_seconds(awsrest::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

// What the other threads tell run()'s thread.
struct Received {
    awsrest::SqsReceiveResult result;
};
// What a lane did, counted (LaneCounters).
struct LaneTally {
    std::atomic<std::uint64_t> receive_calls{0};
    std::atomic<std::uint64_t> full_receives{0};  // answered with the most messages a receive gives
    std::atomic<std::uint64_t> received{0};
    std::atomic<std::uint64_t> applied{0};
    std::atomic<std::uint64_t> delete_calls{0};
    std::atomic<std::uint64_t> deleted{0};
    std::atomic<std::uint64_t> delete_failures{0};
    std::atomic<std::uint64_t> delete_entries_failed{0};
    std::atomic<std::uint64_t> deletes_dropped{0};
    std::atomic<std::uint64_t> visibility_changes{0};
};
struct ReceiveFailed {
    awsrest::Error error;
};
struct DeadLetterQueue {
    bool present = false;
};
struct Published {
    std::int64_t id = 0;
    std::optional<awsrest::Error> error;  // empty: published
};
struct InstancesRead {
    std::optional<std::vector<awsrest::Ec2Instance>> instances;  // empty: failed
    awsrest::Error error;
};
using Event = std::variant<Received, ReceiveFailed, DeadLetterQueue, Published, InstancesRead>;

// What run()'s thread asks the outbound thread to do.
struct PublishJob {
    store::AlertRow alert;
    std::string topic;   // empty: nothing to publish
    std::string script;  // empty: no script to run
};
struct CrossCheckJob {};
using Job = std::variant<PublishJob, CrossCheckJob>;

}  // namespace

struct Master::Impl {
    Impl(MasterServices services_in, store::HistoryStore& store_in, awsrest::Clock& clock_in, SnapshotBoard& board_in,
         MasterPaths paths_in, const config::HostConfig& config_in)
        : services(std::move(services_in)),
          store(store_in),
          clock(clock_in),
          board(board_in),
          paths(std::move(paths_in)),
          config(config_in),
          monitor(store_in, config_in),
          alert_log(paths.log_dir / "alert.log") {
        monitor.set_silences(&board.silences());
    }

    std::int64_t now() const { return unix_seconds(clock.now()); }

    void post(Event event) {
        {
            std::lock_guard lock(inbox_mutex);
            if (const auto* received = std::get_if<Received>(&event)) {
                unapplied += received->result.messages.size() + received->result.rejected.size();
            }
            inbox.push_back(std::move(event));
        }
        inbox_cv.notify_one();
    }

    void give(Job job) {
        {
            std::lock_guard lock(job_mutex);
            jobs.push_back(std::move(job));
        }
        job_cv.notify_one();
    }

    // Sleeps up to `duration` unless halted first. True when halted.
    void stop_threads() {
        {
            std::lock_guard lock(halt_mutex);
            halt = true;
        }
        halt_cv.notify_all();
        {
            std::lock_guard lock(job_mutex);  // the outbound thread checks halt under it
        }
        job_cv.notify_all();
    }

    bool halted_within(std::chrono::milliseconds duration) {
        std::unique_lock lock(halt_mutex);
        return halt_cv.wait_for(lock, duration, [&] { return halt.load(); });
    }

    // One receive lane on `sqs`; lane 0 also reads the queue's redrive policy.
    void receive_loop(awsrest::SqsClient& sqs, std::size_t lane);
    // Deletes what committed rounds left, through `sqs`, at most `max_batches` calls (0: all).
    void flush_deletes(awsrest::SqsClient& sqs, std::size_t max_batches);
    // Received at the stop, not applied: visible again at once, through the lane's own client
    // (only its receives carry the cancel flag).
    void release(awsrest::SqsClient& sqs, const awsrest::SqsReceiveResult& received);
    void start_lanes();
    void outbound_loop();
    void handle(Event& event);
    void round();
    void after_commit(Monitor::Committed committed);
    // Writes the round's batch (retried with back-off while the store fails).
    void commit_round(std::int64_t t);
    void deliver_unstored(std::int64_t t);
    void retry_alert_log(store::AlertRow& alert, std::int64_t t);
    bool has_topic() const { return services.sns != nullptr && !config.alert_topic.empty(); }
    // False once the leader lease is not ours (MasterServices::is_leader, or a fenced write).
    bool leading() {
        if (lease_lost) return false;
        if (!services.is_leader || services.is_leader()) return true;
        lease_lost = true;
        log::error(
            "master: the leader lease is no longer this master's: it applies, commits and publishes nothing "
            "more (the new leader publishes what is pending)");
        return false;
    }
    void publish_snapshot(bool force);
    LaneCounters lane_counters() const {
        LaneCounters lanes;
        lanes.lanes = static_cast<int>(receivers.size());
        lanes.active = std::min(lanes.lanes, active_lanes.load());
        lanes.full_receives = tally.full_receives;
        lanes.receive_calls = tally.receive_calls;
        lanes.received = tally.received;
        lanes.applied = tally.applied;
        lanes.delete_calls = tally.delete_calls;
        lanes.deleted = tally.deleted;
        lanes.delete_failures = tally.delete_failures;
        lanes.delete_entries_failed = tally.delete_entries_failed;
        lanes.deletes_dropped = tally.deletes_dropped;
        lanes.visibility_changes = tally.visibility_changes;
        return lanes;
    }

    MasterServices services;
    store::HistoryStore& store;
    awsrest::Clock& clock;
    SnapshotBoard& board;
    MasterPaths paths;

    std::mutex config_mutex;
    std::optional<config::HostConfig> new_config;  // under config_mutex
    std::atomic<bool> config_changed{false};
    config::HostConfig config;  // run()'s copy

    Monitor monitor;
    AlertOutbox outbox;
    AlertLog alert_log;

    std::mutex inbox_mutex;
    std::condition_variable inbox_cv;
    std::deque<Event> inbox;
    std::size_t unapplied = 0;                // messages in the inbox (under inbox_mutex)
    std::atomic<std::size_t> uncommitted{0};  // messages applied, round not yet committed

    std::mutex delete_mutex;
    std::deque<std::string> to_delete;  // receipt handles
    // Raised at the stop: ends the lanes' long polls in flight within 100 ms (the receive's own
    // cancel flag), while the deletes after them still go out on the same clients.
    std::atomic<bool> cancel_receives{false};
    LaneTally tally;
    std::atomic<int> active_lanes{1};      // lanes 0..active_lanes-1 poll (LaneGovernor)
    std::atomic<bool> held_back{false};    // a lane paused for applying since the governor last looked
    std::optional<LaneGovernor> governor;  // run()'s
    Steady::time_point governed_at{};
    std::uint64_t governed_calls = 0;
    std::uint64_t governed_full = 0;
    void govern_lanes();
    std::atomic<bool> stopping{false};    // run() saw `stop`; stop_began is set
    std::atomic<bool> lease_lost{false};  // leading() said no once: for good
    Steady::time_point stop_began{};

    std::mutex job_mutex;
    std::condition_variable job_cv;
    std::deque<Job> jobs;

    std::atomic<bool> halt{false};
    std::mutex halt_mutex;
    std::condition_variable halt_cv;
    std::vector<std::thread> receivers;
    std::thread outbound;
    std::unique_ptr<CloudWatchPublisher> publisher;  // with services.cloudwatch
    std::thread publishing;

    std::unique_ptr<store::RetentionPruner> pruner;  // when services.open_pruning_store gives a store
    int pruner_days = 0;
    int pruner_metric_days = 0;
    int pruner_log_days = 0;

    void start_pruner() {
        if (!services.open_pruning_store) return;
        if (pruner && pruner_days == config.retention_days && pruner_metric_days == config.metric_retention_days &&
            pruner_log_days == config.log_retention_days) {
            return;
        }
        if (pruner) pruner->stop();
        pruner.reset();
        auto own = services.open_pruning_store();
        if (!own) {
            log::warning("master: no store for the background pruner; pruning on the master's thread");
            return;
        }
        pruner_days = config.retention_days;
        pruner_metric_days = config.metric_retention_days;
        pruner_log_days = config.log_retention_days;
        pruner = std::make_unique<store::RetentionPruner>(
            std::move(own), clock, std::chrono::hours(24) * config.retention_days, store::kDefaultPruneEvery,
            std::chrono::hours(24) * config.metric_retention_days, std::chrono::hours(24) * config.log_retention_days);
        pruner->start();
    }

    // run()'s timers, in Unix seconds.
    bool cross_check_running = false;
    std::int64_t next_cross_check = 0;
    std::int64_t next_prune = 0;
    std::int64_t next_commit = 0;
    int commit_failures = 0;
    std::int64_t next_memory_id = -1;  // alerts delivered from memory (not stored yet) have ids below 0
    Steady::time_point last_snapshot{};
    bool snapshot_dirty = false;
};

void Master::Impl::start_lanes() {
    std::vector<awsrest::SqsClient*> lanes{&services.sqs};
    const auto wanted = static_cast<std::size_t>(config::lanes_wanted(config));
    for (auto* more : services.more_receivers) {
        if (lanes.size() >= wanted) break;
        if (more != nullptr) lanes.push_back(more);
    }
    if (lanes.size() < wanted && config.receivers != config::kAutoReceivers) {
        log::warning("master: RECEIVERS " + std::to_string(wanted) + " but only " + std::to_string(lanes.size()) +
                     " receive lane(s) available");
    }
    governor.emplace(static_cast<int>(lanes.size()), config.receivers == config::kAutoReceivers);
    active_lanes = governor->active();
    governed_at = Steady::now();
    if (config.receivers == config::kAutoReceivers) {
        log::info("master: receiving on " + std::to_string(governor->active()) + " of " + std::to_string(lanes.size()) +
                  " lane(s), as many as the queue needs (RECEIVERS auto)");
    } else {
        log::info("master: receiving on " + std::to_string(lanes.size()) + " lane(s)");
    }
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        awsrest::SqsClient* sqs = lanes[i];
        receivers.emplace_back([this, sqs, i] { receive_loop(*sqs, i); });
    }
}

void Master::Impl::receive_loop(awsrest::SqsClient& sqs, std::size_t lane) {
    if (lane == 0) {
        // A queue with a redrive policy sends messages we leave alone to its dead-letter queue.
        auto attributes = sqs.get_queue_attributes(services.queue_url, {"RedrivePolicy"});
        if (attributes) {
            const auto it = attributes->find("RedrivePolicy");
            post(DeadLetterQueue{it != attributes->end() && !it->second.empty()});
        } else {
            log::debug("master: cannot read the queue's redrive policy: " + attributes.error().describe());
        }
    }
    int failures = 0;
    while (!halt) {
        if (!leading()) {  // what it would receive is the new leader's
            if (halted_within(std::chrono::milliseconds(500))) break;
            continue;
        }
        if (lane >= static_cast<std::size_t>(active_lanes.load())) {  // not needed now (RECEIVERS auto)
            if (halted_within(kParkedLaneWait)) break;
            continue;
        }
        flush_deletes(sqs, kDeleteBatchesPerTurn);
        std::size_t waiting = 0;
        {
            std::lock_guard lock(inbox_mutex);
            waiting = unapplied;
        }
        if (waiting + uncommitted.load() > kMaxUnapplied) {
            held_back = true;
            if (halted_within(std::chrono::milliseconds(100))) break;
            continue;
        }
        awsrest::SqsReceiveOptions options;
        options.max_messages = awsrest::kSqsMaxReceiveMessages;
        options.wait_time_seconds = std::clamp(services.wait_time_seconds, 0, awsrest::kSqsMaxWaitTimeSeconds);
        options.attribute_names = {"SentTimestamp"};  // signed messages: tells a replay from a late message
        options.cancel = &cancel_receives;
        auto received = sqs.receive_message(services.queue_url, options);
        if (halt || cancel_receives) {
            if (received) release(sqs, *received);
            break;
        }
        if (received) {
            failures = 0;
            ++tally.receive_calls;
            const std::size_t count = received->messages.size() + received->rejected.size();
            if (count >= static_cast<std::size_t>(options.max_messages)) ++tally.full_receives;
            tally.received += count;
            post(Received{std::move(received).value()});
            continue;
        }
        post(ReceiveFailed{std::move(received).error()});
        failures = std::min(failures + 1, 4);
        const int backoff = std::min(1 << (failures - 1), kMaxReceiveBackoff);
        if (halted_within(std::chrono::seconds(backoff))) break;
    }
    // Stopping: halt comes after run()'s last round, whose deletes go out now, on every lane
    // at once (within kStopDeleteBudget of the stop).
    while (!halted_within(std::chrono::seconds(1))) {
    }
    flush_deletes(sqs, 0);
}

void Master::Impl::release(awsrest::SqsClient& sqs, const awsrest::SqsReceiveResult& received) {
    for (const auto& message : received.messages) {
        if (sqs.change_message_visibility(services.queue_url, message.receipt_handle, 0)) ++tally.visibility_changes;
    }
}

void Master::Impl::flush_deletes(awsrest::SqsClient& sqs, std::size_t max_batches) {
    std::vector<std::string> retry;
    std::size_t calls = 0;
    while (max_batches == 0 || calls < max_batches) {
        if (stopping && Steady::now() - stop_began > kStopDeleteBudget) {
            std::lock_guard lock(delete_mutex);
            if (!to_delete.empty()) {
                log::info("master: stopping: " + std::to_string(to_delete.size()) +
                          " message(s) not deleted in time; delivered again at the next start and recognised");
            }
            break;
        }
        std::vector<awsrest::SqsDeleteEntry> entries;
        {
            std::lock_guard lock(delete_mutex);
            while (!to_delete.empty() && entries.size() < awsrest::kSqsMaxBatchEntries) {
                entries.push_back({"m" + std::to_string(entries.size()), std::move(to_delete.front())});
                to_delete.pop_front();
            }
        }
        if (entries.empty()) break;
        ++calls;
        auto deleted = sqs.delete_message_batch(services.queue_url, entries);
        if (!deleted) {
            // Kept for a later turn; a message delivered again meanwhile is recognised.
            ++tally.delete_failures;
            log::warning("master: DeleteMessageBatch failed: " + deleted.error().describe());
            for (auto& entry : entries) retry.push_back(std::move(entry.receipt_handle));
            continue;
        }
        ++tally.delete_calls;
        tally.deleted += deleted->successful.size();
        tally.delete_entries_failed += deleted->failed.size();
        for (const auto& failure : deleted->failed) {
            log::warning("master: could not delete a message (" + failure.code + ": " + failure.message +
                         "); it will be delivered again and ignored");
        }
    }
    if (retry.empty()) return;
    std::lock_guard lock(delete_mutex);
    if (to_delete.size() + retry.size() <= kMaxPendingDeletes) {
        to_delete.insert(to_delete.end(), std::make_move_iterator(retry.begin()), std::make_move_iterator(retry.end()));
    } else {
        tally.deletes_dropped += retry.size();
    }
}

void Master::Impl::outbound_loop() {
    while (true) {
        Job job;
        {
            std::unique_lock lock(job_mutex);
            job_cv.wait(lock, [&] { return halt.load() || !jobs.empty(); });
            if (halt) return;
            job = std::move(jobs.front());
            jobs.pop_front();
        }
        if (auto* publish = std::get_if<PublishJob>(&job)) {
            if (!leading()) continue;  // left pending in the store: the new leader publishes it
            if (!publish->script.empty()) {
                auto ran = run_alert_script(publish->script, publish->alert.subject, publish->alert.message);
                if (!ran) log::warning("master: " + ran.error().describe());
            }
            if (publish->topic.empty() || services.sns == nullptr) continue;  // a script-only job
            awsrest::SnsPublishRequest request;
            request.topic_arn = publish->topic;
            request.subject = publish->alert.subject;
            request.message = publish->alert.message;
            // The store's id of the alert: a subscriber drops a second delivery of the same id
            // (one published again by a new leader after the old one died before marking it sent).
            if (publish->alert.id > 0) request.message_attributes["niam_alert_id"] = std::to_string(publish->alert.id);
            auto published = services.sns->publish(request);
            post(Published{publish->alert.id,
                           published ? std::nullopt : std::optional<awsrest::Error>(std::move(published).error())});
        } else if (services.ec2 != nullptr) {
            auto instances = services.ec2->describe_instances();
            InstancesRead read;
            if (instances) {
                read.instances = std::move(instances).value();
            } else {
                read.error = std::move(instances).error();
            }
            post(std::move(read));
        }
    }
}

void Master::Impl::commit_round(std::int64_t t) {
    auto committed = monitor.commit();
    if (committed) {
        commit_failures = 0;
        after_commit(std::move(committed).value());
    } else if (committed.error().code == store::kLeaseLostCode) {
        if (!lease_lost.exchange(true)) {
            log::error("master: " + committed.error().message + "; this master stops acting as the leader");
        }
    } else {
        commit_failures = std::min(commit_failures + 1, 5);
        next_commit = t + (std::int64_t{1} << (commit_failures - 1));
    }
}

void Master::Impl::handle(Event& event) {
    const std::int64_t t = now();
    if (auto* received = std::get_if<Received>(&event)) {
        monitor.queue_read(t);
        tally.applied += received->result.messages.size() + received->result.rejected.size();
        // One message at a time: a backlog of log lines (a client's outage) fills the round's
        // batch, which is then written at once rather than over its bound.
        const auto& messages = received->result.messages;
        for (std::size_t i = 0; i < messages.size(); ++i) {
            monitor.apply(std::span(&messages[i], 1), t);
            if (monitor.log_batch_full() && t >= next_commit) commit_round(t);
        }
        for (const auto& rejected : received->result.rejected) monitor.reject(rejected, t);
    } else if (auto* failed = std::get_if<ReceiveFailed>(&event)) {
        monitor.queue_failed(failed->error, t);
    } else if (auto* dead_letters = std::get_if<DeadLetterQueue>(&event)) {
        monitor.set_dead_letter_queue(dead_letters->present);
        if (dead_letters->present)
            log::info("master: the queue has a dead-letter queue; malformed messages are left to it");
    } else if (auto* published = std::get_if<Published>(&event)) {
        if (!outbox.contains(published->id)) return;
        if (!published->error) {
            outbox.delivered(published->id);
            if (published->id < 0) return;  // delivered from memory: stored as sent with its round
            auto marked = store.mark_alert_sent(published->id, t);
            if (!marked)
                log::error("master: cannot mark alert " + std::to_string(published->id) +
                           " sent: " + marked.error().describe());
            return;
        }
        ++monitor.counters().sns_publish_failures;
        const int attempts = outbox.failed(published->id, t);
        log::warning("master: SNS publish of alert " + std::to_string(published->id) + " failed (attempt " +
                     std::to_string(attempts) + ", next in " + std::to_string(publish_backoff(attempts)) +
                     " s): " + published->error->describe());
        if (published->id < 0) return;
        auto marked = store.mark_alert_failed(published->id, attempts, published->error->describe());
        if (!marked) log::error("master: cannot record the failed publish: " + marked.error().describe());
    } else if (auto* read = std::get_if<InstancesRead>(&event)) {
        cross_check_running = false;
        if (read->instances) {
            monitor.apply_instances(*read->instances, t);
        } else {
            log::warning("master: EC2 cross-check failed: " + read->error.describe());
        }
    }
}

void Master::Impl::after_commit(Monitor::Committed committed) {
    if (!committed.receipts.empty()) {
        {
            std::lock_guard lock(delete_mutex);
            to_delete.insert(to_delete.end(), std::make_move_iterator(committed.receipts.begin()),
                             std::make_move_iterator(committed.receipts.end()));
        }
    }
    const std::int64_t t = now();
    for (auto& alert : committed.alerts) {
        log::info("alert: " + alert_log_line(alert));
        const bool logged = alert_log.append(alert);
        if (!config.alert_script.empty()) give(PublishJob{alert, {}, config.alert_script});
        if (has_topic()) {
            outbox.add(std::move(alert), t);
            continue;
        }
        // alert.log is the only sink: sent when it took the line, else pending and retried.
        const std::int64_t id = alert.id;
        if (logged) {
            auto marked = store.mark_alert_sent(id, t);
            if (!marked) log::error("master: cannot mark alert sent: " + marked.error().describe());
            continue;
        }
        outbox.add(std::move(alert), t);
        const int attempts = outbox.failed(id, t);
        auto marked = store.mark_alert_failed(id, attempts, "no ALERT_TOPIC and alert.log cannot be written");
        if (!marked) log::error("master: cannot record the failed delivery: " + marked.error().describe());
    }
}

void Master::Impl::deliver_unstored(std::int64_t t) {
    for (auto& alert : monitor.take_unstored_alerts(t)) {
        alert.id = next_memory_id--;
        log::info("alert (not yet stored): " + alert_log_line(alert));
        const bool logged = alert_log.append(alert);
        if (!config.alert_script.empty()) give(PublishJob{alert, {}, config.alert_script});
        if (has_topic() || !logged) outbox.add(std::move(alert), t);
    }
}

void Master::Impl::retry_alert_log(store::AlertRow& alert, std::int64_t t) {
    if (alert_log.append(alert)) {
        outbox.delivered(alert.id);
        if (alert.id < 0) return;
        auto marked = store.mark_alert_sent(alert.id, t);
        if (!marked) log::error("master: cannot mark alert sent: " + marked.error().describe());
        return;
    }
    const int attempts = outbox.failed(alert.id, t);
    if (alert.id < 0) return;
    auto marked = store.mark_alert_failed(alert.id, attempts, "no ALERT_TOPIC and alert.log cannot be written");
    if (!marked) log::error("master: cannot record the failed delivery: " + marked.error().describe());
}

void Master::Impl::round() {
    const std::int64_t t = now();
    // Configuration.
    {
        std::lock_guard lock(config_mutex);
        if (new_config) {
            config = std::move(*new_config);
            new_config.reset();
            config_changed = false;
            monitor.configure(config);
            if (publisher) publisher->configure(config);
            start_pruner();
            log::info("master: configuration applied");
        }
    }
    // Everything the other threads said.
    std::deque<Event> events;
    {
        std::lock_guard lock(inbox_mutex);
        events.swap(inbox);
        unapplied = 0;
    }
    if (!leading()) {
        // Received messages are not deleted: visible again, the leader receives them.
        publish_snapshot(false);
        return;
    }
    for (auto& event : events) handle(event);
    govern_lanes();

    monitor.tick(t);

    // EC2 cross-check, on its own timer.
    if (services.ec2 != nullptr && config.ec2_check > 0 && !cross_check_running && t >= next_cross_check) {
        cross_check_running = true;
        next_cross_check = t + config.ec2_check;
        give(CrossCheckJob{});
    }

    // Commit the round (retried with back-off while the store fails).
    if (t >= next_commit) commit_round(t);
    if (lease_lost) return;
    if (commit_failures > 0) deliver_unstored(t);  // alerts do not wait for the store to come back
    uncommitted = monitor.uncommitted_messages();

    // Alerts to (re)publish.
    for (auto& alert : outbox.due(t)) {
        if (!has_topic()) {
            retry_alert_log(alert, t);  // alert.log is the only sink
            continue;
        }
        give(PublishJob{std::move(alert), config.alert_topic, {}});
    }

    // Retention, when there is no background pruner: after the first minute, then every 10 min.
    if (!pruner && t >= next_prune) {
        next_prune = t + kPruneEvery;
        const int sample_days = std::min(config.metric_retention_days, config.retention_days);
        if (auto samples = store.prune_samples(t - std::int64_t{sample_days} * 86400); !samples) {
            log::warning("master: metric sample prune failed: " + samples.error().describe());
        }
        if (auto logs = store.prune_logs(t - std::int64_t{config.log_retention_days} * 86400); !logs) {
            log::warning("master: log line prune failed: " + logs.error().describe());
        }
        auto pruned = store.prune(t - std::int64_t{config.retention_days} * 86400);
        if (!pruned) {
            log::warning("master: history prune failed: " + pruned.error().describe());
        } else if (*pruned > 0) {
            log::info("master: pruned " + std::to_string(*pruned) + " history rows older than " +
                      std::to_string(config.retention_days) + " days");
        }
    }
    publish_snapshot(!events.empty());
}

void Master::Impl::govern_lanes() {
    if (!governor) return;
    const auto now_steady = Steady::now();
    if (now_steady - governed_at < kLaneWindow) return;
    const std::uint64_t calls = tally.receive_calls;
    const std::uint64_t full = tally.full_receives;
    const int before = governor->active();
    const int after = governor->adjust(calls - governed_calls, full - governed_full, held_back.exchange(false));
    governed_at = now_steady;
    governed_calls = calls;
    governed_full = full;
    if (after == before) return;
    active_lanes = after;
    log::debug("master: " + std::to_string(after) + " receive lane(s) polling (were " + std::to_string(before) + ")");
}

void Master::Impl::publish_snapshot(bool something_happened) {
    // Copying every host costs O(hosts): at most every 250 ms (slower for very many
    // hosts) after a change, and once a second anyway so that taken_at moves.
    snapshot_dirty = snapshot_dirty || something_happened;
    const auto interval = std::chrono::milliseconds(std::clamp<std::size_t>(monitor.hosts().size() / 100, 250, 5000));
    const auto now_steady = Steady::now();
    const auto since = now_steady - last_snapshot;
    if (!(snapshot_dirty && since >= interval) &&
        since < std::max<Steady::duration>(interval, std::chrono::seconds(1))) {
        return;
    }
    snapshot_dirty = false;
    last_snapshot = now_steady;
    auto snapshot = monitor.snapshot(now());
    snapshot->lanes = lane_counters();
    board.publish(std::move(snapshot));
}

Master::Master(MasterServices services, store::HistoryStore& store, awsrest::Clock& clock, SnapshotBoard& board,
               MasterPaths paths, const config::HostConfig& config)
    : impl_(std::make_unique<Impl>(std::move(services), store, clock, board, std::move(paths), config)) {
    if (auto* cloudwatch = impl_->services.cloudwatch) {
        impl_->publisher =
            std::make_unique<CloudWatchPublisher>([cloudwatch](const awsrest::PutMetricDataRequest& request) {
                return cloudwatch->put_metric_data(request);
            });
        impl_->publisher->configure(config);
        impl_->monitor.set_cloudwatch(impl_->publisher.get());
    }
}

Master::~Master() {
    impl_->stop_threads();
    for (auto& receiver : impl_->receivers) {
        if (receiver.joinable()) receiver.join();
    }
    if (impl_->outbound.joinable()) impl_->outbound.join();
    if (impl_->publishing.joinable()) impl_->publishing.join();
}

awsrest::Result<void> Master::start() {
    const std::int64_t t = impl_->now();
    auto pending = impl_->monitor.load(t);
    if (!pending) return std::move(pending).error();
    for (auto& alert : *pending) impl_->outbox.add(std::move(alert), t);
    impl_->next_prune = t + kFirstPruneAfter;
    impl_->board.publish(impl_->monitor.snapshot(t));
    return {};
}

void Master::apply_config(const config::HostConfig& config) {
    {
        std::lock_guard lock(impl_->config_mutex);
        impl_->new_config = config;
        impl_->config_changed = true;
    }
    impl_->inbox_cv.notify_one();
}

bool Master::stopped_leading() const noexcept { return impl_->lease_lost; }

void Master::run(const std::atomic<bool>& stop) {
    Impl& impl = *impl_;
    if (impl.receivers.empty()) impl.start_lanes();
    if (!impl.outbound.joinable()) impl.outbound = std::thread([&impl] { impl.outbound_loop(); });
    if (impl.publisher && !impl.publishing.joinable()) {
        impl.publishing = std::thread([&impl] {
            do {
                impl.publisher->pump(impl.now());
            } while (!impl.halted_within(std::chrono::seconds(1)));
        });
    }
    impl.start_pruner();
    while (!stop) {
        {
            std::unique_lock lock(impl.inbox_mutex);
            impl.inbox_cv.wait_for(lock, kLoopWait, [&] { return !impl.inbox.empty() || impl.config_changed.load(); });
        }
        impl.round();
    }
    impl.cancel_receives = true;  // first: the long polls end while the last round runs
    impl.stop_began = Steady::now();
    impl.stopping = true;
    // A last commit so that applied messages are deleted and alerts logged; then the
    // other threads are told to stop (the lanes send the last deletes; the outbound
    // thread's call in flight ends on its own).
    impl.next_commit = 0;
    impl.round();
    impl.stop_threads();
    if (impl.pruner) impl.pruner->stop();
}

}  // namespace niamd::master
