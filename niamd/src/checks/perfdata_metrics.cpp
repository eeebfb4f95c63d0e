#include "checks/perfdata_metrics.hpp"

#include <atomic>
#include <charconv>

#include "metrics/perfdata.hpp"
#include "metrics/sample.hpp"
#include "protocol/metric_record.hpp"

namespace niamd::checks {
namespace {

struct Totals {
    std::atomic<std::uint64_t> samples{0}, bad_items{0}, undetermined{0}, dropped{0};
};
Totals g_totals;

std::string number_text(double value) {
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return error == std::errc() ? std::string(buffer, end) : std::string();
}

// "warn;crit;min;max" with any part empty; "" when all are.
std::string limits_text(const metrics::PerfdataItem& item) {
    if (item.warn.empty() && item.crit.empty() && !item.min && !item.max) return {};
    std::string text = item.warn + ";" + item.crit + ";";
    if (item.min) text += number_text(*item.min);
    text += ";";
    if (item.max) text += number_text(*item.max);
    return text;
}

// SCRIPT and SERVICE: "<name>.<label>"; HTTP and PING: "http.<label>", "ping.<label>" (the
// target and port are tags, so one THRESHOLD can cover every such check or select one).
std::string metric_name(const protocol::Record& check, const std::string& label) {
    if (check.kind == protocol::RecordKind::Http) return "http." + label;
    if (check.kind == protocol::RecordKind::Lping) return "ping." + label;
    return check.target + "." + label;
}

}  // namespace

std::vector<protocol::Record> perfdata_metric_records(const protocol::Record& check, std::string_view perfdata,
                                                      PerfdataMetricCounts& counts) {
    std::vector<protocol::Record> records;
    if (perfdata.empty()) return records;
    const auto parsed = metrics::parse_perfdata(perfdata);
    PerfdataMetricCounts these;
    these.bad_items = parsed.bad;
    these.undetermined = parsed.undetermined;
    these.dropped = parsed.dropped;
    records.reserve(parsed.items.size());
    for (const auto& item : parsed.items) {
        metrics::Sample sample;
        sample.name = metric_name(check, item.label);
        if (check.kind == protocol::RecordKind::Http || check.kind == protocol::RecordKind::Lping) {
            sample.tags = {{"target", check.target}, {"port", check.port_or_arg}};
        }
        if (sample.name.size() > metrics::kMaxNameBytes) {
            ++these.dropped;
            continue;
        }
        sample.unit = item.unit;
        sample.value = item.value;
        auto record = protocol::metric_record(check.instance, check.hostname, sample, check.time);
        record.limits = limits_text(item);
        records.push_back(std::move(record));
    }
    these.samples = records.size();
    counts.samples += these.samples;
    counts.bad_items += these.bad_items;
    counts.undetermined += these.undetermined;
    counts.dropped += these.dropped;
    g_totals.samples += these.samples;
    g_totals.bad_items += these.bad_items;
    g_totals.undetermined += these.undetermined;
    g_totals.dropped += these.dropped;
    return records;
}

PerfdataMetricCounts perfdata_metric_totals() noexcept {
    PerfdataMetricCounts totals;
    totals.samples = g_totals.samples.load();
    totals.bad_items = g_totals.bad_items.load();
    totals.undetermined = g_totals.undetermined.load();
    totals.dropped = g_totals.dropped.load();
    return totals;
}

}  // namespace niamd::checks
