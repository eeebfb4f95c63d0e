// The outbox's own counts as METRIC records of the client, sent once per heartbeat
// (docs/metrics.md): niamd.outbox.dropped{kind=metric|check|ping|log} (totals over the outbox
// file's life), niamd.outbox.records and niamd.outbox.bytes (the backlog: what the last
// delivery left in it, the records of the round being sent not counted); and the delivery's:
// niamd.delivery.failed_entries and niamd.delivery.refused_records (since niamd started).
#pragma once

#include <cstdint>
#include <vector>

#include "client/client_identity.hpp"
#include "client/delivery.hpp"
#include "client/outbox.hpp"
#include "protocol/record.hpp"

namespace niamd::client {

// What the queue has not taken yet: the outbox's size after the last delivery (at start,
// what the previous run left).
struct OutboxBacklog {
    std::size_t records = 0;
    std::size_t bytes = 0;
};

std::vector<protocol::Record> outbox_metric_records(const ClientIdentity& identity, const Outbox& outbox,
                                                    const OutboxBacklog& backlog, std::int64_t now);
std::vector<protocol::Record> delivery_metric_records(const ClientIdentity& identity, const DeliveryTotals& totals,
                                                      std::int64_t now);

}  // namespace niamd::client
