// Fuzzes format detection and the dispatch of metric-plugin output (niamd/src/metrics). The
// first byte picks a declared format (0-4) or detection (anything else).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "metrics/metric_output.hpp"
#include "metrics_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    using niamd::metrics::MetricFormat;
    constexpr MetricFormat kFormats[] = {MetricFormat::Graphite, MetricFormat::Perfdata, MetricFormat::Influx,
                                         MetricFormat::OpenTsdb, MetricFormat::Prometheus};
    const auto r = data[0] < 5 ? niamd::metrics::parse_metric_output(text, kFormats[data[0]])
                               : niamd::metrics::parse_metric_output(text);
    fuzz_support::check_parsed_metrics(r);
    return 0;
}
