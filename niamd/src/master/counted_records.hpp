// CountedRecords: the log lines and events the master's rules (LogRules) have counted, so one
// a client sends again — read again after a crash, with the seq or id it had — is not counted
// twice (the store ignores it the same way). Only what a rule selected is remembered: a line
// by (host, source, seq), an event by (host, id); messages may come in any order.
//
// Bounded: the last kMaxCountedRecords (the oldest forgotten first, counted in forgotten():
// one that comes again after that counts again).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>

#include "store/history_store.hpp"

namespace niamd::master {

inline constexpr std::size_t kMaxCountedRecords = 16384;

class CountedRecords {
  public:
    // True the first time (host, source, seq) / (host, id) comes; remembered from then on.
    // An event without an id is always the first.
    bool first_line(const store::HostKey& host, std::string_view source, std::uint64_t seq);
    bool first_event(const store::HostKey& host, std::string_view id);

    void forget(const store::HostKey& host);

    std::size_t size() const noexcept { return keys_.size(); }
    std::uint64_t forgotten() const noexcept { return forgotten_; }

  private:
    bool first(std::string key);
    static std::string prefix(const store::HostKey& host);

    std::unordered_set<std::string> keys_;
    std::deque<std::string> order_;  // oldest first
    std::uint64_t forgotten_ = 0;
};

}  // namespace niamd::master
