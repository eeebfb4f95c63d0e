// Source: one kind of data the client collects on its own schedule (heartbeat and checks,
// system metrics, metric plugins, inventory, ...). The client's loop asks every source when
// it is due, waits (on the injected clock) until the earliest, calls collect() on each due
// source and appends what it returns to the outbox; delivery then drains the outbox in
// order, packing records of all sources into as few SQS messages as fit.
//
// Contract for an implementation:
// - name(): a short stable word for logs and counts ("heartbeat", "system-metrics",
//   "metric-plugins", "inventory"). Not empty; no spaces.
// - next_due(now): the Unix second at which collect() should run next, given the time now.
//   A source that has never collected returns `now` (or earlier) when it wants to run at
//   start. It is asked again after each collect() and after each config reload, so a schedule
//   read from the config (METRICS 60 → 10) takes effect at the next call: keep the time of
//   the last collection and return last + interval. kNever: off (METRICS 0); the loop then
//   does not wake for it. The loop may call next_due any number of times; it must not change
//   state.
// - collect(now): does the work and returns the records made, stamped with `now` (or their
//   own time), in the order they should reach the master; records may be METRIC, PROBLEM or
//   any other kind and carry the host's instance and hostname. It is called only when
//   now >= next_due(now). It must not throw for bad input from outside (a broken plugin, an
//   unreadable /proc file): such trouble becomes a PROBLEM record or a log line and the good
//   records are still returned. A source that runs processes takes a `std::function<bool()>
//   stop_requested` in its constructor (the client role passes the Control's) and abandons
//   its work when it turns true. collect() runs on the client's loop thread only.
// - delivers_now(): true only for the heartbeat. After a round in which a source with
//   delivers_now() collected, delivery runs (one SendMessage in steady state); records of the
//   other sources wait in the outbox and ride in the next heartbeat's message, so METRICS 60
//   with INTERVAL 30 costs no extra request.
// - Settings come from the config at each call (keep a `const ConfigSource&`, read
//   `config()`), not copied at construction, so a reload needs no new source.
// - kept(ok): after the records collect() returned were appended to the outbox: `ok` when
//   they are on disk. A source that remembers what it sent (the inventory's digest) commits
//   that memory here, not in collect().
//
// Registering: daemon/client_role.cpp builds the sources and hands them to the Client
// (client.add_source(std::make_unique<MySource>(...))); the Client owns them.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "protocol/record.hpp"

namespace niamd::client {

class Source {
  public:
    static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

    virtual ~Source() = default;

    virtual std::string_view name() const = 0;
    virtual std::int64_t next_due(std::int64_t now) const = 0;
    virtual std::vector<protocol::Record> collect(std::int64_t now) = 0;
    virtual bool delivers_now() const { return false; }
    virtual void kept(bool /*ok*/) {}
    // After the config was reloaded (SIGHUP, --config-refresh, a change of the monitoring-info
    // folder): a source that reads files of its own reads them again.
    virtual void reload() {}
};

}  // namespace niamd::client
