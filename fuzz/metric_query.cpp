// Fuzzes what /api/metrics reads from a request and from the store: `tag=key=value`
// parameters (web/metrics_json.hpp) matched against series whose tags text came from
// clients (protocol/metric_record.hpp), and the JSON written of them. Input: lines; the
// first half are tag parameters, the rest stored tags texts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/metric_record.hpp"
#include "web/metrics_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= input.size() && lines.size() < 64;) {
        const std::size_t end = std::min(input.find('\n', start), input.size());
        lines.emplace_back(input.substr(start, end - start));
        start = end + 1;
    }
    const std::size_t half = lines.size() / 2;
    const std::vector<std::string> params(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(half));

    std::vector<niamd::store::MetricSeriesRow> series;
    for (std::size_t i = half; i < lines.size(); ++i) {
        niamd::store::MetricSeriesRow row;
        row.name = "m";
        row.tags = lines[i];
        series.push_back(std::move(row));
        // What decodes encodes back to a text that decodes to the same tags.
        if (const auto tags = niamd::protocol::decode_tags(lines[i])) {
            const auto again = niamd::protocol::decode_tags(niamd::protocol::encode_tags(*tags));
            if (!again || *again != *tags) __builtin_trap();
        }
    }
    const auto tags = niamd::web::parse_tag_params(params);
    if (tags) {
        for (const auto& tag : *tags) {
            if (tag.key.empty()) __builtin_trap();
        }
        const auto* found = niamd::web::find_series(series, "m", *tags);
        if (found != nullptr && found->name != "m") __builtin_trap();
    }
    const niamd::store::HostKey host{"h", "i"};
    const std::string json = niamd::web::latest_metrics_json(host, series);
    if (json.empty() || json.front() != '{' || json.back() != '}') __builtin_trap();
    return 0;
}
