#include "master/alert_outbox.hpp"

#include <algorithm>

namespace niamd::master {

std::int64_t publish_backoff(int attempts) noexcept {
    std::int64_t delay = 5;
    for (int i = 1; i < attempts && delay < 300; ++i) delay *= 2;
    return std::min<std::int64_t>(delay, 300);
}

void AlertOutbox::add(store::AlertRow alert, std::int64_t now) {
    const std::int64_t id = alert.id;
    alerts_[id] = Waiting{std::move(alert), now, false};  // reloaded ones go out at once too
}

std::vector<store::AlertRow> AlertOutbox::due(std::int64_t now) {
    std::vector<store::AlertRow> ready;
    for (auto& [id, waiting] : alerts_) {
        if (waiting.in_flight || waiting.next_attempt > now) continue;
        waiting.in_flight = true;
        ready.push_back(waiting.alert);
    }
    return ready;
}

void AlertOutbox::delivered(std::int64_t id) { alerts_.erase(id); }

int AlertOutbox::failed(std::int64_t id, std::int64_t now) {
    const auto it = alerts_.find(id);
    if (it == alerts_.end()) return 0;
    Waiting& waiting = it->second;
    waiting.in_flight = false;
    ++waiting.alert.attempts;
    waiting.next_attempt = now + publish_backoff(waiting.alert.attempts);
    return waiting.alert.attempts;
}

void AlertOutbox::release(std::int64_t id) {
    const auto it = alerts_.find(id);
    if (it != alerts_.end()) it->second.in_flight = false;
}

}  // namespace niamd::master
