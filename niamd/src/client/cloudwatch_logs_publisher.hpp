// CloudWatchLogsPublisher: the client's LOG records also go to CloudWatch Logs directly
// (CLOUDWATCH_LOGS group-template), one stream per source, with nothing lost while
// CloudWatch Logs is away. Every LOG record the sources made is offered and kept in an
// Outbox of its own (STATE_DIR/cwlogs.spool, its own bound; over it the oldest lines are
// dropped and counted); pump() drains it in PutLogEvents batches (awsrest::batch_log_events)
// and forgets a line only once CloudWatch Logs answered its batch. A failed batch stops the
// pump and is tried again after a backoff (1 s doubling to 5 min); lines CloudWatch refuses
// by time (rejectedLogEventsInfo) or as invalid (InvalidParameterException) are dropped and
// counted, since sending them again cannot help.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <awsrest/logs.hpp>

#include "client/client_identity.hpp"
#include "client/outbox.hpp"
#include "config/host_config.hpp"
#include "protocol/record.hpp"

namespace niamd::client {

// Lines taken from the spool per pump at most (the rest waits for the next round).
inline constexpr std::size_t kMaxLinesPerPump = 100000;
inline constexpr std::int64_t kMaxLogsBackoffSeconds = 300;

// The stream of a source: its name with ':' and '*' (which CloudWatch refuses) as '_',
// bytes that are not UTF-8 as '_', cut to 512 bytes; "_" for an empty name.
// "docker:web" -> "docker_web", "/var/log/syslog" -> "/var/log/syslog".
std::string log_stream_for(std::string_view source);
// The group of a host: the template with {instance_id} and {hostname} replaced, every
// character CloudWatch refuses in a group name ([.-_/#A-Za-z0-9]) as '_', cut to 512 bytes.
std::string log_group_for(std::string_view group_template, const ClientIdentity& identity);

struct CloudWatchLogsCounters {
    std::uint64_t offered = 0;     // LOG records kept in the spool
    std::uint64_t sent = 0;        // lines CloudWatch Logs accepted
    std::uint64_t rejected = 0;    // lines refused by time (too old, expired, too new)
    std::uint64_t refused = 0;     // lines of batches refused as invalid
    std::uint64_t unreadable = 0;  // spool entries that were not LOG records
    std::uint64_t requests = 0;    // PutLogEvents (and create) calls
    std::uint64_t failed_attempts = 0;
};

class CloudWatchLogsPublisher {
  public:
    // PutLogEvents, creating the group and the stream when missing (deliver_log_events).
    using Put = std::function<awsrest::Result<awsrest::PutLogEventsResult>(
        const std::string& group, const std::string& stream, const std::vector<awsrest::LogEvent>& batch,
        std::size_t* requests)>;

    CloudWatchLogsPublisher(Outbox& spool, Put put);

    // CLOUDWATCH_LOGS of the config: the group (none: off, offered records are then not
    // kept) and the spool's bound.
    void configure(const config::HostConfig& config, const ClientIdentity& identity);
    // The group lines go to ("" : off).
    void set_group(std::string group) { group_ = std::move(group); }
    const std::string& group() const noexcept { return group_; }

    // Keeps the LOG records among `records` in the spool (others are ignored).
    void offer(const std::vector<protocol::Record>& records);
    // When due (`now` Unix seconds): drains the spool, batch by batch, until it is empty, a
    // batch fails, or kMaxLinesPerPump lines were taken.
    void pump(std::int64_t now);

    const CloudWatchLogsCounters& counters() const noexcept { return counters_; }
    std::size_t spooled() const noexcept { return spool_.size(); }
    // Lines the spool dropped over its bound, over its file's life.
    std::uint64_t spool_dropped() const noexcept;

    // niamd.cwlogs.* METRIC records (docs/metrics.md): spooled, sent, dropped{reason=...}.
    std::vector<protocol::Record> metric_records(const ClientIdentity& identity, std::int64_t now) const;

  private:
    Outbox& spool_;
    Put put_;
    std::string group_;
    CloudWatchLogsCounters counters_;
    std::int64_t next_attempt_ = 0;
    std::int64_t backoff_ = 0;
};

}  // namespace niamd::client
