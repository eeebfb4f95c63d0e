#include "master/client_outboxes.hpp"

#include <cmath>
#include <optional>

namespace niamd::master {
namespace {

constexpr double kMaxCount = 9007199254740992.0;  // 2^53: past it a double no longer holds every whole number

std::optional<std::uint64_t> count_of(double value) {
    if (!(value >= 0) || value > kMaxCount) return std::nullopt;
    return static_cast<std::uint64_t>(std::floor(value));
}

// The index of `kind` in kClientDropKinds; size() when it is none of them.
std::size_t drop_kind_index(const metrics::Sample& sample) {
    if (sample.tags.size() != 1 || sample.tags[0].key != "kind") return kClientDropKinds.size();
    std::size_t i = 0;
    while (i < kClientDropKinds.size() && kClientDropKinds[i] != sample.tags[0].value) ++i;
    return i;
}

}  // namespace

void ClientOutboxes::apply(const store::HostKey& host, const metrics::Sample& sample) {
    const bool dropped = sample.name == "niamd.outbox.dropped";
    const bool records = sample.name == "niamd.outbox.records" && sample.tags.empty();
    const bool bytes = sample.name == "niamd.outbox.bytes" && sample.tags.empty();
    if (!dropped && !records && !bytes) return;
    const std::size_t kind = dropped ? drop_kind_index(sample) : 0;
    if (dropped && kind == kClientDropKinds.size()) return;
    const auto count = count_of(sample.value);
    if (!count) return;

    Host& state = hosts_[host];
    Series& series = dropped ? state.dropped[kind] : records ? state.records : state.bytes;
    if (sample.time <= series.time) return;
    const bool first = series.time == kNever;
    series.time = sample.time;
    state.shown.reported = true;
    if (records) {
        state.shown.records = *count;
    } else if (bytes) {
        state.shown.bytes = *count;
    } else {
        // Growth since the last count, or after a reset (a lower count) the whole new count.
        const std::uint64_t added = !first && *count >= series.last ? *count - series.last : *count;
        std::uint64_t& total = state.shown.dropped[kind];
        total = added > std::numeric_limits<std::uint64_t>::max() - total ? std::numeric_limits<std::uint64_t>::max()
                                                                          : total + added;
    }
    series.last = *count;
}

ClientOutbox ClientOutboxes::of_host(const store::HostKey& host) const {
    const auto it = hosts_.find(host);
    return it == hosts_.end() ? ClientOutbox{} : it->second.shown;
}

void ClientOutboxes::forget(const store::HostKey& host) { hosts_.erase(host); }

}  // namespace niamd::master
