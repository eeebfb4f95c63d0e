#include "web/login_rate_limit.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace niamd::web {

std::string login_source(std::string_view remote_address) {
    std::array<unsigned char, 16> bytes{};
    const std::string text(remote_address);
    if (text.find(':') == std::string::npos || inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return text;
    char out[INET6_ADDRSTRLEN] = {};
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(std::begin(kMapped), std::end(kMapped), bytes.begin())) {
        inet_ntop(AF_INET, bytes.data() + 12, out, sizeof out);
        return out;
    }
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    inet_ntop(AF_INET6, bytes.data(), out, sizeof out);
    return std::string(out) + "/64";
}

std::optional<std::chrono::seconds> LoginRateLimiter::refusal(const std::string& source, awsrest::TimePoint now) {
    std::lock_guard lock(mutex_);
    const auto found = sources_.find(source);
    if (found == sources_.end() || found->second.failures < limits_.max_failures) return std::nullopt;
    const auto end = found->second.start + limits_.window;
    if (now >= end) return std::nullopt;
    ++stats_.refused;
    const auto left = std::chrono::ceil<std::chrono::seconds>(end - now);
    return std::max(left, std::chrono::seconds(1));
}

void LoginRateLimiter::record_failure(const std::string& source, awsrest::TimePoint now) {
    std::lock_guard lock(mutex_);
    ++stats_.failures;
    auto found = sources_.find(source);
    if (found == sources_.end()) {
        make_room(now);
        found = sources_.emplace(source, Window{now, 0}).first;
    } else if (now >= found->second.start + limits_.window) {
        found->second = Window{now, 0};
    }
    ++found->second.failures;
}

void LoginRateLimiter::make_room(awsrest::TimePoint now) {
    if (sources_.size() < limits_.max_sources) return;
    std::erase_if(sources_, [&](const auto& entry) { return now >= entry.second.start + limits_.window; });
    if (sources_.size() < limits_.max_sources || sources_.empty()) return;
    const auto oldest = std::min_element(sources_.begin(), sources_.end(),
                                         [](const auto& a, const auto& b) { return a.second.start < b.second.start; });
    sources_.erase(oldest);
    ++stats_.evicted;
}

LoginLimitStats LoginRateLimiter::stats() const {
    std::lock_guard lock(mutex_);
    LoginLimitStats stats = stats_;
    stats.tracked = sources_.size();
    return stats;
}

}  // namespace niamd::web
