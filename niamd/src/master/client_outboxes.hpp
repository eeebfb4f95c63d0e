// ClientOutboxes: per host, what its client last said of its outbox in the samples
// niamd.outbox.dropped{kind}, niamd.outbox.records and niamd.outbox.bytes (docs/metrics.md,
// "The client's own samples").
//
// The drop counts are counters the client keeps in its spool file's header: they survive
// its restarts but start again from 0 when that file is lost. A count lower than the one
// before is taken as such a reset, as Prometheus takes a counter reset: the host's total
// keeps what was counted before it and grows by the new count. A sample not newer than the
// last one taken of its series (a message delivered late) changes nothing; so does a value
// that is no count (negative, or past 2^53). A few numbers per host the master knows,
// forgotten with the host.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>

#include "master/master_snapshot.hpp"
#include "metrics/sample.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

class ClientOutboxes {
  public:
    // Takes `sample` of `host` when it is one of the outbox's; any other sample is ignored.
    void apply(const store::HostKey& host, const metrics::Sample& sample);
    // What `host` reported (reported == false when nothing yet).
    ClientOutbox of_host(const store::HostKey& host) const;
    void forget(const store::HostKey& host);
    std::size_t size() const noexcept { return hosts_.size(); }

  private:
    static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
    struct Series {
        std::uint64_t last = 0;      // the value taken last
        std::int64_t time = kNever;  // its sample's time
    };
    struct Host {
        ClientOutbox shown;
        std::array<Series, kClientDropKinds.size()> dropped;
        Series records;
        Series bytes;
    };
    std::map<store::HostKey, Host> hosts_;
};

}  // namespace niamd::master
