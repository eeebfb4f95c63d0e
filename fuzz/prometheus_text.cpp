// Fuzzes the reader of Prometheus text exposition that metric plugins print (niamd/src/metrics).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "metrics/prometheus_text.hpp"
#include "metrics_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    fuzz_support::check_parsed_metrics(niamd::metrics::parse_prometheus(text));
    return 0;
}
