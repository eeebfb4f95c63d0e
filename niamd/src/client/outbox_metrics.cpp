#include "client/outbox_metrics.hpp"

#include "protocol/metric_record.hpp"

namespace niamd::client {

std::vector<protocol::Record> outbox_metric_records(const ClientIdentity& identity, const Outbox& outbox,
                                                    const OutboxBacklog& backlog, std::int64_t now) {
    std::vector<protocol::Record> records;
    auto add = [&](const char* name, std::vector<metrics::Tag> tags, const char* unit, double value) {
        metrics::Sample sample{name, std::move(tags), unit, value, now};
        records.push_back(protocol::metric_record(identity.instance, identity.hostname, sample, now));
    };
    const auto& dropped = outbox.dropped();
    add("niamd.outbox.dropped", {{"kind", "metric"}}, "c", static_cast<double>(dropped.metric));
    add("niamd.outbox.dropped", {{"kind", "check"}}, "c", static_cast<double>(dropped.check));
    add("niamd.outbox.dropped", {{"kind", "ping"}}, "c", static_cast<double>(dropped.ping));
    add("niamd.outbox.dropped", {{"kind", "log"}}, "c", static_cast<double>(dropped.log));
    add("niamd.outbox.records", {}, "", static_cast<double>(backlog.records));
    add("niamd.outbox.bytes", {}, "B", static_cast<double>(backlog.bytes));
    return records;
}

std::vector<protocol::Record> delivery_metric_records(const ClientIdentity& identity, const DeliveryTotals& totals,
                                                      std::int64_t now) {
    std::vector<protocol::Record> records;
    for (const auto& [name, value] : {std::pair{"niamd.delivery.failed_entries", totals.failed_entries},
                                      std::pair{"niamd.delivery.refused_records", totals.refused_records}}) {
        metrics::Sample sample{name, {}, "c", static_cast<double>(value), now};
        records.push_back(protocol::metric_record(identity.instance, identity.hostname, sample, now));
    }
    return records;
}

}  // namespace niamd::client
