// The outbox's own counts as METRIC records of the client, sent once per heartbeat
// (docs/metrics.md): niamd.outbox.dropped{kind=metric|check|ping} (totals over the outbox
// file's life), niamd.outbox.records and niamd.outbox.bytes (what it holds now).
#pragma once

#include <cstdint>
#include <vector>

#include "client/client_identity.hpp"
#include "client/outbox.hpp"
#include "protocol/record.hpp"

namespace niamd::client {

std::vector<protocol::Record> outbox_metric_records(const ClientIdentity& identity, const Outbox& outbox,
                                                    std::int64_t now);

}  // namespace niamd::client
