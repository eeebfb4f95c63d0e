// LogRules: the master's alert rules on log lines and events — LOG_ALERT, CONTAINER_ALERT and
// SSH_ALERT (docs/logs.md "Alerts on lines and events"). Each rule counts what it selects in
// a sliding window of WITHIN seconds (the lines' and events' own times) per key: per host
// (LOG_ALERT, SSH_ALERT failures), per host and source address (failures per-source), per
// container (CONTAINER_ALERT), per user and address (SSH_ALERT accepted). A rule without a
// count fires on one (COUNT 1 WITHIN 60).
//
// On change only: a key's alert (LOG_ALERT, CONTAINER_ALERT, SSH_ALERT) is raised when its
// window first holds COUNT events, and not again while events keep coming; once its window is
// empty (no event for WITHIN seconds, judged on tick() by the master's time) it clears with
// one RULE_CLEARED, kept in history but never sent. Then a new burst raises a new alert.
//
// Bounded: a window holds at most COUNT times; at most kMaxWindowsPerRule keys per rule (the
// least recently seen is evicted, counted in evicted()); at most kMaxRuleAlertsPerMinute
// alerts a minute of master time over all rules (more are suppressed: counted in
// suppressed(), their key stays raised, so they do not come later either). A line or event a
// rule selected is counted once: sent again (a client read it again after a crash) it is
// skipped (CountedRecords; repeated()). A line is matched
// on its first kMaxMatchedBytes. Single-threaded; times passed in, nothing sleeps.
#pragma once

#include <cstdint>
#include <deque>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/host_config.hpp"
#include "master/counted_records.hpp"
#include "master/line_pattern.hpp"
#include "protocol/log_record.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

inline constexpr std::size_t kMaxWindowsPerRule = 4096;
inline constexpr std::size_t kMaxRuleAlertsPerMinute = 60;
inline constexpr std::int64_t kRuleSweepSeconds = 5;  // tick() looks for empty windows this often

struct RuleAlert {
    store::AlertKind kind = store::AlertKind::LogAlert;  // LogAlert, ContainerAlert, SshAlert or RuleCleared
    store::HostKey host;
    std::string detail;
};

class LogRules {
  public:
    LogRules() = default;
    explicit LogRules(const config::HostConfig& config) { configure(config); }

    // The rules of LOG_ALERT, CONTAINER_ALERT and SSH_ALERT (again after a reload): a rule
    // whose statement stays the same keeps its windows; those of one that went away are dropped.
    void configure(const config::HostConfig& config);

    // One log line / event of `host`, received at `now`: the alerts to raise, usually none.
    std::vector<RuleAlert> apply_line(const store::HostKey& host, const protocol::LogLine& line, std::int64_t now);
    std::vector<RuleAlert> apply_event(const store::HostKey& host, const protocol::Event& event, std::int64_t now);

    // The windows empty at `now`: RULE_CLEARED for those raised; the others are dropped.
    std::vector<RuleAlert> tick(std::int64_t now);

    // Drops the windows of a purged host.
    void forget(const store::HostKey& host);

    bool active() const noexcept { return !rules_.empty(); }
    std::size_t size() const noexcept;                                 // windows held, all rules
    std::uint64_t evicted() const noexcept { return evicted_; }        // windows evicted at the bound
    std::uint64_t suppressed() const noexcept { return suppressed_; }  // alerts over the minute's bound
    std::uint64_t long_lines() const noexcept { return long_lines_; }  // lines matched on their first 4 KiB only
    std::uint64_t repeated() const noexcept { return repeated_; }      // lines and events sent again: not counted again

  private:
    struct Window {
        store::HostKey host;
        std::string subject;             // the container, the address, the user and address; empty for a host
        std::deque<std::int64_t> times;  // ascending, at most the rule's count
        bool raised = false;
        bool suppressed = false;                  // raised without an alert: cleared without one too
        std::int64_t raised_at = 0;               // event time
        std::uint64_t seen = 0;                   // events since the window began
        std::list<std::string>::iterator recent;  // in Rule::recent
    };

    struct Rule {
        config::LogRuleSpec spec;
        std::string text;                    // spec.text(): identity and how alerts name it
        std::optional<LinePattern> pattern;  // LOG_ALERT
        std::unordered_map<std::string, Window> windows;
        std::list<std::string> recent;  // window keys, least recently seen first
    };

    // One event selected by `rule` for (host, subject) at `time`; `what` describes it.
    void count(Rule& rule, const store::HostKey& host, const std::string& subject, std::int64_t time,
               const std::string& what, std::int64_t now, std::vector<RuleAlert>& alerts);
    bool allow_alert(std::int64_t now);
    static RuleAlert clear_alert(const Rule& rule, const Window& window);
    void drop(Rule& rule, std::unordered_map<std::string, Window>::iterator it);

    std::vector<Rule> rules_;
    std::deque<std::int64_t> alerts_sent_;  // master times of the last minute's alerts
    std::int64_t next_sweep_ = 0;
    std::uint64_t evicted_ = 0;
    std::uint64_t suppressed_ = 0;
    std::uint64_t long_lines_ = 0;
    std::uint64_t repeated_ = 0;
    CountedRecords counted_;  // what the rules selected, to count a record sent again once
};

}  // namespace niamd::master
