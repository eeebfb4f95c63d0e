#include "master/seen_messages.hpp"

namespace niamd::master {

SeenMessages::Seen SeenMessages::insert(const std::string& id, std::int64_t now, bool left_for_dead_letters) {
    const auto [it, inserted] = ids_.try_emplace(id, left_for_dead_letters);
    if (!inserted) return it->second ? Seen::LeftForDeadLetters : Seen::Applied;
    order_.emplace_back(now, id);
    return Seen::New;
}

void SeenMessages::mark_left(const std::string& id) {
    const auto it = ids_.find(id);
    if (it != ids_.end()) it->second = true;
}

void SeenMessages::expire(std::int64_t before) {
    while (!order_.empty() && order_.front().first < before) {
        ids_.erase(order_.front().second);
        order_.pop_front();
    }
}

}  // namespace niamd::master
