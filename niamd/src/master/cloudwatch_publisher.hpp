// CloudWatchPublisher: the master's host metrics on their way to CloudWatch (CLOUDWATCH
// namespace [name-glob...], docs/config.md). offer() turns a sample into a datum (see
// cloudwatch_datum.hpp) and queues it; pump() sends the queue, oldest first and across hosts,
// in PutMetricData requests of up to 1,000 data and 1 MB (awsrest::batch_metric_data).
//
// Never lost within the bound: a request that fails keeps its data at the head of the queue
// and is sent again after 1, 2, 4 ... 60 s (kMaxRetryDelay), as long as CloudWatch fails.
// The queue holds at most `capacity` data (kMaxQueuedData: 10 minutes of 1,000 hosts sending
// 10 published series a minute); past that the oldest are dropped and counted. CloudWatch refusing a request as invalid (InvalidParameterValue, ...) halves the
// request until the datum at fault is alone, which is then dropped and counted as rejected:
// one bad datum never holds the others back.
//
// Thread-safe: offer() from the monitor's thread, pump() from one sending thread (the PutMetricData
// call blocks, so not the monitor's). Times passed in (Unix seconds).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <awsrest/cloudwatch.hpp>
#include <awsrest/result.hpp>

#include "config/host_config.hpp"
#include "master/master_snapshot.hpp"
#include "metrics/sample.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

inline constexpr std::size_t kMaxQueuedData = 100000;
inline constexpr std::int64_t kMaxRetryDelay = 60;  // seconds between attempts while CloudWatch fails
inline constexpr int kMaxRequestsPerPump = 20;      // then pump() returns, to be called again

// One PutMetricData call; awsrest::CloudWatchClient::put_metric_data in the master.
using PutMetricData = std::function<awsrest::Result<void>(const awsrest::PutMetricDataRequest&)>;

class CloudWatchPublisher {
  public:
    explicit CloudWatchPublisher(PutMetricData put, std::size_t capacity = kMaxQueuedData);

    // CLOUDWATCH of the config (again after a reload). Without it offer() takes nothing; what
    // is queued still goes out (to the namespace it was offered for).
    void configure(const config::HostConfig& config);
    bool active() const;

    // One sample of `host`, received at `now` (its time when it has none). Ignored when
    // CLOUDWATCH is off or no glob matches its name; counted as rejected when CloudWatch
    // could never take it.
    void offer(const store::HostKey& host, const metrics::Sample& sample, std::int64_t now);

    // Sends what is due at `now`: until the queue is empty, a request fails (the next attempt
    // then waits), or kMaxRequestsPerPump requests went. Call often (each second); it returns
    // at once when nothing is due. One caller at a time.
    void pump(std::int64_t now);

    // When pump() has something to do next (0: now, if anything is queued).
    std::int64_t next_attempt() const;
    std::size_t queued() const;
    CloudWatchCounters counters() const;

  private:
    struct Queued {
        std::uint64_t seq = 0;
        std::string name_space;
        awsrest::MetricDatum datum;
    };
    // Sends one request of `data`; true when it went through. On false, `invalid` tells
    // whether CloudWatch refused it as invalid (retry smaller) rather than failed.
    bool send(const std::string& name_space, const std::vector<awsrest::MetricDatum>& data, bool& invalid,
              std::string& error);
    void settle(std::uint64_t last_seq, std::size_t published);  // drops the data up to last_seq (sent)
    void reject(std::uint64_t seq, const std::string& why);      // drops one datum CloudWatch refused

    PutMetricData put_;
    const std::size_t capacity_;

    mutable std::mutex mutex_;  // everything below
    std::optional<config::CloudWatchConfig> config_;
    std::deque<Queued> queue_;
    std::uint64_t next_seq_ = 1;
    std::int64_t next_attempt_ = 0;
    int failures_ = 0;                                             // consecutive failed attempts
    std::size_t batch_limit_ = awsrest::kMaxMetricDataPerRequest;  // smaller while isolating an invalid datum
    bool dropping_logged_ = false;                                 // the queue is full: logged once until it empties
    CloudWatchCounters counters_;
};

}  // namespace niamd::master
