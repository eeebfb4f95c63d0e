#include "master/counted_records.hpp"

namespace niamd::master {

std::string CountedRecords::prefix(const store::HostKey& host) {
    std::string out;
    out.append(host.hostname).push_back('\0');
    out.append(host.instance).push_back('\0');
    return out;
}

bool CountedRecords::first_line(const store::HostKey& host, std::string_view source, std::uint64_t seq) {
    std::string key = prefix(host);
    key.push_back('L');
    key.append(source).push_back('\0');
    key.append(std::to_string(seq));
    return first(std::move(key));
}

bool CountedRecords::first_event(const store::HostKey& host, std::string_view id) {
    if (id.empty()) return true;
    std::string key = prefix(host);
    key.push_back('E');
    key.append(id);
    return first(std::move(key));
}

bool CountedRecords::first(std::string key) {
    if (keys_.contains(key)) return false;
    if (keys_.size() >= kMaxCountedRecords) {
        keys_.erase(order_.front());
        order_.pop_front();
        ++forgotten_;
    }
    order_.push_back(key);
    keys_.insert(std::move(key));
    return true;
}

void CountedRecords::forget(const store::HostKey& host) {
    const std::string start = prefix(host);
    std::deque<std::string> kept;
    for (auto& key : order_) {
        if (key.starts_with(start)) {
            keys_.erase(key);
        } else {
            kept.push_back(std::move(key));
        }
    }
    order_ = std::move(kept);
}

}  // namespace niamd::master
