// SeenMessages: SQS message ids applied in the last `window` seconds, so that a message
// delivered again (its delete was lost, or the master stopped before deleting it) is
// recognised and not counted twice. Records are idempotent on their own (an old PING or
// result changes nothing), so the window only needs to cover the visibility timeout.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>

namespace niamd::master {

inline constexpr std::int64_t kSeenMessagesWindow = 3600;  // seconds

class SeenMessages {
  public:
    enum class Seen { New, Applied, LeftForDeadLetters };

    // What was known of `id`; records it (as `left`) when new.
    Seen insert(const std::string& id, std::int64_t now, bool left_for_dead_letters = false);
    void mark_left(const std::string& id);
    bool contains(const std::string& id) const { return ids_.count(id) != 0; }
    // Forgets ids seen before `before`.
    void expire(std::int64_t before);
    std::size_t size() const noexcept { return ids_.size(); }

  private:
    std::unordered_map<std::string, bool> ids_;  // id -> left for the dead-letter queue
    std::deque<std::pair<std::int64_t, std::string>> order_;
};

}  // namespace niamd::master
