#include "client/system_metrics_source.hpp"

#include "log/log.hpp"
#include "protocol/metric_record.hpp"

namespace niamd::client {

SystemMetricsSource::SystemMetricsSource(ClientIdentity identity, const ConfigSource& config,
                                         metrics::SystemSources sources)
    : identity_(std::move(identity)), config_(config), collector_(std::move(sources)) {}

std::int64_t SystemMetricsSource::next_due(std::int64_t now) const {
    const int interval = config_.config().metrics;
    if (interval <= 0) return kNever;
    if (!collected_) return now;
    return last_ + interval;
}

std::vector<protocol::Record> SystemMetricsSource::collect(std::int64_t now) {
    last_ = now;
    collected_ = true;
    const auto samples = collector_.collect(static_cast<double>(now));
    std::vector<protocol::Record> records;
    records.reserve(samples.size());
    for (const auto& sample : samples) {
        records.push_back(protocol::metric_record(identity_.instance, identity_.hostname, sample, now));
    }
    const auto& counts = collector_.counts();
    if (!counts.last_error.empty() && counts.last_error != last_error_logged_) {
        log::warning("system metrics: " + counts.last_error + " (" + std::to_string(counts.read_errors) +
                     " read error(s) since start; the other metrics are still sent)");
        last_error_logged_ = counts.last_error;
    }
    return records;
}

}  // namespace niamd::client
