// LogIntake: puts the log lines (LOG) and events (EVENT) of a round into the store batch, the
// way metric samples go: bounded per host and per batch (store/log_rows.hpp), every drop
// counted (LogCounters, in /metrics). A line or event that does not read is counted, not kept.
#pragma once

#include <cstddef>
#include <map>

#include "master/master_snapshot.hpp"
#include "protocol/record.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

class LogIntake {
  public:
    // Adds the LOG or EVENT record of `host` to the batch (any other record: ignored).
    void add(store::Batch& batch, const store::HostKey& host, const protocol::Record& record, LogCounters& counters);
    // Counts the LOG or EVENT record of a host the master refused (MAX_HOSTS, new hosts a minute).
    static void refused(const protocol::Record& record, LogCounters& counters);
    // Whether the batch should be written before another message is applied: when one more
    // message (at most kMaxRecordsPerMessage records) could pass a bound, so a backlog (a
    // client's outage) is written in several batches, never dropped.
    bool nearly_full(const store::Batch& batch) const noexcept;
    // After the batch committed: counts what it stored and starts the next batch's bounds.
    void committed(const store::Batch& batch, LogCounters& counters);

  private:
    struct PerHost {
        std::size_t lines = 0;
        std::size_t events = 0;
    };
    std::map<store::HostKey, PerHost> in_batch_;
};

}  // namespace niamd::master
