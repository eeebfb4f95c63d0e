// Client: the monitored host's side of niam, sources → outbox → delivery. Each source
// (heartbeat and checks, and whatever else the role adds: client/source.hpp) collects on its
// own schedule; what it makes is appended to the outbox (on disk, synced). After a round in
// which the heartbeat collected, the outbox's own counts (its drops, and the backlog the
// last delivery left) are added and delivery drains the outbox, so in steady state one SendMessage per INTERVAL carries the records of every
// source. Every --config-refresh seconds, and on a reload request (SIGHUP), the config and
// scripts are re-read from S3. All waiting is on the Control's clock: the schedule runs on a
// ManualClock in tests.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "client/client_identity.hpp"
#include "client/cloudwatch_logs_publisher.hpp"
#include "client/config_source.hpp"
#include "client/delivery.hpp"
#include "client/outbox.hpp"
#include "client/outbox_metrics.hpp"
#include "client/script_sync.hpp"
#include "client/source.hpp"
#include "control/control.hpp"

namespace niamd::client {

struct RoundReport {
    std::size_t collected = 0;  // records the due sources made
    bool delivered = false;     // whether delivery ran in this round
    DeliveryReport delivery;    // its report when it did (or that of deliver_whole between heartbeats)
};

class Client {
  public:
    // scripts: null when scripts do not come from S3 (--config FILE). spool_max_override:
    // the outbox bound from --spool-max, 0 to follow SPOOL_MAX_MB of the config.
    Client(ClientIdentity identity, ConfigSource& config, ScriptSync* scripts, Outbox& outbox, Delivery& delivery,
           control::Control& control, int config_refresh_seconds, std::size_t spool_max_override = 0);

    // Sources collect in the order they were added (the heartbeat first).
    void add_source(std::unique_ptr<Source> source);
    // LOG records also go to CloudWatch Logs through `publisher` (CLOUDWATCH_LOGS); null: not.
    void set_log_publisher(CloudWatchLogsPublisher* publisher) { cwlogs_ = publisher; }

    // One round at the clock's time: each due source collects, then delivery runs when a
    // source that delivers at once collected (or `force`).
    RoundReport run_round(bool force = false);
    // Rounds until `control` is asked to stop; once: one round, delivered. Returns the last
    // delivery's report (for --once's exit status).
    DeliveryReport run(bool once);
    // Re-reads the config and syncs the scripts now.
    void reload();

  private:
    std::size_t outbox_bound() const;
    // The earliest time a source is due, in Unix seconds (Source::kNever when none is).
    std::int64_t next_due(std::int64_t now) const;

    ClientIdentity identity_;
    ConfigSource& config_;
    ScriptSync* scripts_;
    Outbox& outbox_;
    Delivery& delivery_;
    control::Control& control_;
    awsrest::Clock& clock_;
    int config_refresh_seconds_;
    std::size_t spool_max_override_;
    std::vector<std::unique_ptr<Source>> sources_;
    OutboxBacklog backlog_;  // what the last delivery left in the outbox
    CloudWatchLogsPublisher* cwlogs_ = nullptr;
};

}  // namespace niamd::client
