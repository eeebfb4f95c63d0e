// Fuzzes a SCRIPT plugin's output through to its METRIC records (niamd/src/checks/
// perfdata_metrics.cpp): every record made is one the master's decoder reads back unchanged.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "checks/perfdata_metrics.hpp"
#include "metrics/plugin_output.hpp"
#include "metrics/perfdata.hpp"
#include "metrics/sample.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto plugin = metrics::parse_plugin_output(0, text);
    protocol::Record check;
    check.instance = "NOT-AWS";
    check.hostname = "web1";
    check.kind = protocol::RecordKind::Script;
    check.target = "check_fuzz";
    check.time = 1700000000;
    checks::PerfdataMetricCounts counts;
    const auto records = checks::perfdata_metric_records(check, plugin.perfdata, counts);
    if (records.size() != counts.samples || records.size() > metrics::kMaxPerfdataItems) __builtin_trap();
    for (const auto& record : records) {
        if (record.kind != protocol::RecordKind::Metric || !std::isfinite(record.value)) __builtin_trap();
        if (record.target.size() > metrics::kMaxNameBytes || record.target.rfind("check_fuzz.", 0) != 0)
            __builtin_trap();
    }
    if (records.empty()) return 0;
    const auto messages = protocol::encode_messages(records, protocol::kMaxMessageBytes);
    std::size_t index = 0;
    for (const auto& message : messages) {
        const auto decoded = protocol::decode_message(message);
        if (!decoded.errors.empty()) __builtin_trap();
        for (const auto& record : decoded.records) {
            if (index >= records.size() || !(record == records[index])) __builtin_trap();
            ++index;
        }
    }
    if (index != records.size()) __builtin_trap();
    return 0;
}
