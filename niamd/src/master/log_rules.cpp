#include "master/log_rules.hpp"

#include <algorithm>
#include <map>

#include "master/alert_text.hpp"
#include "master/cloudwatch_datum.hpp"
#include "text/display_text.hpp"

namespace niamd::master {
namespace {

using config::LogRuleKind;

constexpr std::size_t kQuotedLineBytes = 200;  // of a matching line in an alert's detail

// Outside text in an alert: one line, hidden controls shown, cut, in double quotes.
std::string quoted(std::string_view text, std::size_t max_bytes = kQuotedLineBytes) {
    std::string out = "\"";
    for (const char c : text::log_safe(one_line(text, max_bytes))) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

store::AlertKind kind_of(LogRuleKind kind) {
    switch (kind) {
        case LogRuleKind::LogLine: return store::AlertKind::LogAlert;
        case LogRuleKind::SshFailures:
        case LogRuleKind::SshAccepted: return store::AlertKind::SshAlert;
        default: return store::AlertKind::ContainerAlert;
    }
}

std::string field(const protocol::Event& event, std::string_view key) {
    return std::string(protocol::field_value(event, key));
}

// What one event of the rule's kind is called in an alert: "3 restarts", "1 login".
std::string counted(const config::LogRuleSpec& spec, std::uint64_t n) {
    const char* noun = "event";
    switch (spec.kind) {
        case LogRuleKind::LogLine: noun = "matching line"; break;
        case LogRuleKind::ContainerDied: noun = "non-zero exit"; break;
        case LogRuleKind::ContainerOom: noun = "out-of-memory kill"; break;
        case LogRuleKind::ContainerUnhealthy: noun = "unhealthy report"; break;
        case LogRuleKind::ContainerRestarts: noun = "restart"; break;
        case LogRuleKind::SshFailures: noun = "failed login"; break;
        case LogRuleKind::SshAccepted: noun = "accepted login"; break;
    }
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

void LogRules::configure(const config::HostConfig& config) {
    std::multimap<std::string, Rule> kept;
    for (auto& rule : rules_) kept.emplace(rule.text, std::move(rule));
    std::vector<Rule> rules;
    for (const auto& spec : config.log_rules) {
        const std::string text = spec.text();
        const auto it = kept.find(text);
        Rule rule;
        if (it != kept.end()) {
            rule = std::move(it->second);
            kept.erase(it);
        }
        rule.spec = spec;
        rule.text = text;
        rule.pattern.reset();
        if (spec.kind == LogRuleKind::LogLine) {
            auto compiled = LinePattern::compile(spec.regex, spec.ignore_case);
            if (auto* pattern = std::get_if<LinePattern>(&compiled)) {
                rule.pattern = std::move(*pattern);
            } else {
                continue;  // the config parser refused it already; a rule that cannot match is no rule
            }
        }
        rules.push_back(std::move(rule));
    }
    rules_ = std::move(rules);
}

std::vector<RuleAlert> LogRules::apply_line(const store::HostKey& host, const protocol::LogLine& line,
                                            std::int64_t now) {
    std::vector<RuleAlert> alerts;
    bool long_line_counted = false;
    bool checked = false;
    for (auto& rule : rules_) {
        if (rule.spec.kind != LogRuleKind::LogLine || !rule.pattern) continue;
        if (!rule.spec.host_glob.empty() && !glob_matches(rule.spec.host_glob, host.hostname)) continue;
        if (line.line.size() > kMaxMatchedBytes && !long_line_counted) {
            ++long_lines_;
            long_line_counted = true;
        }
        if (!rule.pattern->matches(line.line)) continue;
        if (!checked) {  // a line sent again (a client that crashed read it again) counts once
            checked = true;
            if (!counted_.first_line(host, line.source, line.seq)) {
                ++repeated_;
                return alerts;
            }
        }
        const std::string what = "in " + quoted(line.source, 64) + ": " + quoted(line.line);
        count(rule, host, "", line.time != 0 ? line.time : now, what, now, alerts);
    }
    return alerts;
}

std::vector<RuleAlert> LogRules::apply_event(const store::HostKey& host, const protocol::Event& event,
                                             std::int64_t now) {
    std::vector<RuleAlert> alerts;
    const std::string_view kind = event.kind;
    const std::int64_t time = event.time != 0 ? event.time : now;
    bool checked = false;
    for (auto& rule : rules_) {
        const auto& spec = rule.spec;
        bool selected = false;
        switch (spec.kind) {
            case LogRuleKind::LogLine: break;
            case LogRuleKind::ContainerDied: {
                const auto code = protocol::field_value(event, "exit_code");
                selected = kind == "docker.die" && !code.empty() && code != "0";
                break;
            }
            case LogRuleKind::ContainerOom: selected = kind == "docker.oom"; break;
            case LogRuleKind::ContainerUnhealthy:
                selected = kind == "docker.health_status" && protocol::field_value(event, "health") == "unhealthy";
                break;
            case LogRuleKind::ContainerRestarts: selected = kind == "docker.restart"; break;
            case LogRuleKind::SshFailures: selected = kind == "ssh.failed" || kind == "ssh.invalid_user"; break;
            case LogRuleKind::SshAccepted:
                selected =
                    kind == "ssh.accepted" &&
                    (spec.user_glob.empty() || glob_matches(spec.user_glob, protocol::field_value(event, "user")));
                break;
        }
        if (!selected) continue;
        if (!spec.host_glob.empty() && !glob_matches(spec.host_glob, host.hostname)) continue;
        if (!checked) {  // an event sent again counts once
            checked = true;
            if (!counted_.first_event(host, event.id)) {
                ++repeated_;
                return alerts;
            }
        }
        std::string subject;
        std::string what;
        if (kind.rfind("docker.", 0) == 0) {
            const std::string container = field(event, "container");
            const std::string id = field(event, "container_id");
            subject = !id.empty() ? id : container;
            what = "container " + quoted(container.empty() ? id.substr(0, 12) : container, 128);
            if (const auto image = field(event, "image"); !image.empty()) what += " (image " + quoted(image, 128) + ")";
            if (spec.kind == LogRuleKind::ContainerDied)
                what += " exited with code " + quoted(field(event, "exit_code"), 16);
        } else {
            const std::string source = field(event, "source");
            const std::string user = field(event, "user");
            if (spec.kind == LogRuleKind::SshAccepted) {
                subject = user + '\x1f' + source;
                what = "user " + quoted(user, 64) + " from " + quoted(source, 64);
                if (const auto method = field(event, "method"); !method.empty()) what += " by " + quoted(method, 32);
            } else {
                if (spec.per_source) subject = source;
                what = (spec.per_source ? "from " : "last from ") + quoted(source, 64) + " (user " + quoted(user, 64) +
                       ")";
            }
        }
        count(rule, host, subject, time, what, now, alerts);
    }
    return alerts;
}

void LogRules::count(Rule& rule, const store::HostKey& host, const std::string& subject, std::int64_t time,
                     const std::string& what, std::int64_t now, std::vector<RuleAlert>& alerts) {
    const auto& spec = rule.spec;
    std::string key = host.hostname;
    key += '\x1f';
    key += host.instance;
    key += '\x1f';
    key += subject;
    auto it = rule.windows.find(key);
    if (it == rule.windows.end()) {
        if (rule.windows.size() >= kMaxWindowsPerRule) {
            drop(rule, rule.windows.find(rule.recent.front()));
            ++evicted_;
        }
        rule.recent.push_back(key);
        Window window;
        window.host = host;
        window.subject = subject;
        window.recent = std::prev(rule.recent.end());
        it = rule.windows.emplace(std::move(key), std::move(window)).first;
    } else {
        rule.recent.splice(rule.recent.end(), rule.recent, it->second.recent);
    }
    Window& window = it->second;
    auto& times = window.times;
    if (!times.empty() && time - times.back() >= spec.within) {
        // Empty since before this event, and tick() has not swept it yet: a new burst.
        if (window.raised && !window.suppressed) alerts.push_back(clear_alert(rule, window));
        times.clear();
        window.raised = window.suppressed = false;
        window.seen = 0;
    }
    // Out of order (a late message) is put in its place; one older than the window counts no more.
    if (!times.empty() && time <= times.back() - spec.within) return;
    times.insert(std::upper_bound(times.begin(), times.end(), time), time);
    while (!times.empty() && times.front() <= times.back() - spec.within) times.pop_front();
    while (times.size() > static_cast<std::size_t>(spec.count)) times.pop_front();
    ++window.seen;
    if (window.raised || times.size() < static_cast<std::size_t>(spec.count)) return;
    window.raised = true;
    window.raised_at = time;
    if (!allow_alert(now)) {
        window.suppressed = true;
        ++suppressed_;
        return;
    }
    std::string detail = spec.kind == LogRuleKind::LogLine ? spec.name + ": " : "";
    detail += counted(spec, static_cast<std::uint64_t>(spec.count));
    if (spec.count > 1) detail += " within " + std::to_string(spec.within) + " s";
    detail += ", " + what + " (" + rule.text + ", line " + std::to_string(spec.line) + ")";
    alerts.push_back(RuleAlert{kind_of(spec.kind), host, std::move(detail)});
}

bool LogRules::allow_alert(std::int64_t now) {
    while (!alerts_sent_.empty() && alerts_sent_.front() <= now - 60) alerts_sent_.pop_front();
    if (alerts_sent_.size() >= kMaxRuleAlertsPerMinute) return false;
    alerts_sent_.push_back(now);
    return true;
}

RuleAlert LogRules::clear_alert(const Rule& rule, const Window& window) {
    std::string detail = rule.spec.kind == LogRuleKind::LogLine ? rule.spec.name + ": " : "";
    detail += "clear";
    if (!window.subject.empty() && rule.spec.kind != LogRuleKind::SshAccepted)
        detail += " " + quoted(window.subject, 64);
    detail += ", nothing for " + std::to_string(rule.spec.within) + " s (" + counted(rule.spec, window.seen) +
              " since " + iso_time(window.raised_at) + ") (" + rule.text + ", line " + std::to_string(rule.spec.line) +
              ")";
    return RuleAlert{store::AlertKind::RuleCleared, window.host, std::move(detail)};
}

std::vector<RuleAlert> LogRules::tick(std::int64_t now) {
    std::vector<RuleAlert> alerts;
    if (now < next_sweep_) return alerts;
    next_sweep_ = now + kRuleSweepSeconds;
    for (auto& rule : rules_) {
        for (auto it = rule.windows.begin(); it != rule.windows.end();) {
            const Window& window = it->second;
            if (!window.times.empty() && now - window.times.back() < rule.spec.within) {
                ++it;
                continue;
            }
            if (window.raised && !window.suppressed) alerts.push_back(clear_alert(rule, window));
            auto gone = it++;
            drop(rule, gone);
        }
    }
    return alerts;
}

void LogRules::drop(Rule& rule, std::unordered_map<std::string, Window>::iterator it) {
    rule.recent.erase(it->second.recent);
    rule.windows.erase(it);
}

void LogRules::forget(const store::HostKey& host) {
    counted_.forget(host);
    for (auto& rule : rules_) {
        for (auto it = rule.windows.begin(); it != rule.windows.end();) {
            auto at = it++;
            if (at->second.host == host) drop(rule, at);
        }
    }
}

std::size_t LogRules::size() const noexcept {
    std::size_t n = 0;
    for (const auto& rule : rules_) n += rule.windows.size();
    return n;
}

}  // namespace niamd::master
