// AlertOutbox: alerts waiting to be published to SNS, with a retry schedule. An alert
// stays here (and pending in the store) until a publish succeeds: none is lost when SNS
// is away, they go out when it is back. Single-threaded; time passed in.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "store/history_store.hpp"

namespace niamd::master {

// Seconds before the n-th retry (n >= 1): 5, 10, 20, ... at most 300.
std::int64_t publish_backoff(int attempts) noexcept;

class AlertOutbox {
  public:
    // An alert to publish (new, or reloaded pending from the store).
    void add(store::AlertRow alert, std::int64_t now);

    // Alerts whose attempt is due, marked in flight until delivered() or failed().
    std::vector<store::AlertRow> due(std::int64_t now);

    // Outcome of an attempt; unknown ids are ignored. failed() returns the attempts so far.
    void delivered(std::int64_t id);
    int failed(std::int64_t id, std::int64_t now);
    // An alert in flight whose outcome will never come (its worker stopped): due again.
    void release(std::int64_t id);

    std::size_t size() const noexcept { return alerts_.size(); }
    bool contains(std::int64_t id) const { return alerts_.count(id) != 0; }

  private:
    struct Waiting {
        store::AlertRow alert;
        std::int64_t next_attempt = 0;
        bool in_flight = false;
    };
    std::map<std::int64_t, Waiting> alerts_;  // by id: oldest first
};

}  // namespace niamd::master
