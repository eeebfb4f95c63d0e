// Master: the niamd master role. It reads the SQS queue, keeps every host's liveness and
// every check's state, cross-checks silent hosts with EC2, raises alerts (SNS, alert.log,
// optional ALERT_SCRIPT), keeps history through a HistoryStore, and publishes a snapshot
// after every round and tick for the web interface. See docs/master.md.
//
// Threads (all started by run(), joined by ~Master):
//   - run()'s own thread: the Monitor, the store, alert.log, the snapshot, timers. Every
//     HistoryStore call happens here (and in start(), which must be called on it too).
//   - receive lanes (RECEIVERS of them, read at run()'s start): each its own SqsClient —
//     ReceiveMessage (long poll, 10 a call), handed to run()'s thread through the inbox
//     (bounded: a lane waits while kMaxUnapplied messages are received but not committed),
//     and, before each receive, up to kDeleteBatchesPerTurn DeleteMessageBatch calls of
//     what committed rounds may delete. Lanes interleave: the Monitor takes a host's PING or
//     a check's result older than the newest it applied as old news (state never goes back).
//   - outbound: SnsClient (Publish), Ec2Client (DescribeInstances) and the ALERT_SCRIPT.
// So `sqs` and each of `more_receivers` must not share an AwsClient/HttpClient with any other
// (an AwsClient makes one call at a time); sns and ec2 may share one.
//
// Stopping: run() returns within 2 s of `stop` being set, after a last commit. The lanes'
// long polls are cancelled at once (SqsReceiveOptions::cancel: ended within 100 ms), then each
// lane sends what is left to delete on its own client (no call starts later than 700 ms
// after the stop began). ~Master waits for the lanes, so destroy the Master before the
// clients it was given. Messages received but not applied are made visible again at once.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <awsrest/clock.hpp>
#include <awsrest/cloudwatch.hpp>
#include <awsrest/ec2.hpp>
#include <awsrest/result.hpp>
#include <awsrest/sns.hpp>
#include <awsrest/sqs.hpp>

#include "config/host_config.hpp"
#include "master/master_snapshot.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

struct MasterServices {
    awsrest::SqsClient& sqs;
    std::string queue_url;
    awsrest::SnsClient* sns = nullptr;  // null: no SNS (alerts only in alert.log / ALERT_SCRIPT)
    awsrest::Ec2Client* ec2 = nullptr;  // null: no EC2 cross-check (nor NO_AGENT)
    // null: no CLOUDWATCH publishing; else pumped from a thread of its own (PutMetricData blocks).
    awsrest::CloudWatchClient* cloudwatch = nullptr;
    int wait_time_seconds = 20;  // ReceiveMessage long poll, 0-20 (tests use less)
    // Opens another instance of the history store for the background retention pruner
    // (store::RetentionPruner on its own thread, RETENTION days, hourly); null result or
    // empty function: the master prunes through its own store on its thread every 10 min.
    std::function<std::unique_ptr<store::HistoryStore>()> open_pruning_store;
    // Receive lanes beyond `sqs`, each on a connection of its own: the master receives on
    // `sqs` and the first RECEIVERS - 1 of these (fewer when fewer are given).
    std::vector<awsrest::SqsClient*> more_receivers = {};
    // Two masters on one MariaDB (docs/master.md, "Two masters"): false once this master may no
    // longer act as the leader (its lease ran out unrenewed, or another took it). From then on
    // it applies, commits, publishes and cross-checks nothing; a write refused by the store's
    // fence (kLeaseLostCode) does the same. Called from several threads. Empty: always leader.
    std::function<bool()> is_leader = {};
};

struct MasterPaths {
    std::filesystem::path state_dir;  // not written by the master itself (the store's file lives there)
    std::filesystem::path log_dir;    // alert.log is appended here
};

class Master {
  public:
    // All references must outlive the Master. `config` is copied.
    Master(MasterServices services, store::HistoryStore& store, awsrest::Clock& clock, SnapshotBoard& board,
           MasterPaths paths, const config::HostConfig& config);
    ~Master();
    Master(const Master&) = delete;
    Master& operator=(const Master&) = delete;

    // Reloads hosts, check states, pending alerts and recent message ids from the store,
    // publishes a first snapshot. Every known host gets the grace of a full WARN_AFTER of
    // queue reading before it can be reported MISSING. Call once, before run().
    awsrest::Result<void> start();

    // New WARN_AFTER/PURGE_AFTER, RENOTIFY, ALERT_TOPIC, HMAC_KEY, EC2_CHECK, NO_AGENT,
    // RETENTION, ALERT_SCRIPT; applied by run() within 250 ms. Thread-safe (SIGHUP, S3 change).
    void apply_config(const config::HostConfig& config);

    // Runs until `stop` is set; returns within 2 s of that. Call once.
    void run(const std::atomic<bool>& stop);

    // True once this master stopped acting as the leader, for good (MasterServices::is_leader
    // said no once, or the store's fence refused a write): its owner should stop it. Thread-safe.
    bool stopped_leading() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace niamd::master
