// HostConfig: what one monitored host does, as read from conf/<hostname> (or conf/GENERIC).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace niamd::config {

enum class Role { Client, Master };

// DATABASE host port user password [dbname]. The password is a secret: it is never
// written into a ConfigProblem, a log line or a dump.
struct DatabaseConfig {
    std::string host;
    int port = 0;
    std::string user;
    std::string password;
    std::string dbname;  // empty when the statement named none
};

enum class CheckKind { Ping, Http, Script };

// One PING, HTTP or SCRIPT statement.
struct CheckSpec {
    CheckKind kind = CheckKind::Ping;
    std::string target;             // Ping/Http: host name or address
    int port = 0;                   // Ping: 0 = ICMP echo, else TCP connect; Http: 1-65535
    std::string url;                // Http: the URL to GET (built from target/port if not given)
    std::string script;             // Script: plain file name in the plugin directory
    std::vector<std::string> args;  // Script: arguments, as written
};

inline constexpr int kDefaultInterval = 30;
inline constexpr int kDefaultWarnAfter = 120;
inline constexpr int kDefaultPurgeAfter = 600;
inline constexpr int kDefaultTimeout = 10;
inline constexpr int kDefaultEc2Check = 300;     // seconds between EC2 cross-checks
inline constexpr int kDefaultRetentionDays = 30;
inline constexpr int kMaxRetentionDays = 3650;
inline constexpr int kDefaultMetricRetentionDays = 7;  // raw metric samples; rollups keep RETENTION
inline constexpr int kDefaultMaxHosts = 50000;
inline constexpr int kMaxMaxHosts = 10000000;

// NO_AGENT on|off [tag-key=value]: report running EC2 instances that never sent a PING,
// optionally only those carrying the tag.
struct NoAgentConfig {
    bool enabled = false;
    std::string tag_key;    // empty: every running instance
    std::string tag_value;

    friend bool operator==(const NoAgentConfig&, const NoAgentConfig&) = default;
};

struct HostConfig {
    Role role = Role::Client;
    std::optional<DatabaseConfig> database;
    std::vector<CheckSpec> checks;
    int interval = kDefaultInterval;       // seconds between heartbeats/check rounds
    int warn_after = kDefaultWarnAfter;    // seconds of silence before a host is late
    int purge_after = kDefaultPurgeAfter;  // seconds of silence before a host is forgotten
    int timeout = kDefaultTimeout;         // seconds each check may take
    std::string alert_topic;               // SNS topic ARN; empty = no alerts
    std::string hmac_key;                  // shared signing key; secret; empty = unsigned
    // Master only.
    int ec2_check = kDefaultEc2Check;      // seconds between EC2 cross-checks; 0 = off
    NoAgentConfig no_agent;                // report instances without an agent
    int renotify = 0;                      // seconds between repeats of a failing check; 0 = never
    int retention_days = kDefaultRetentionDays;  // history kept this many days
    int metric_retention_days = kDefaultMetricRetentionDays;  // raw metric samples (at most retention_days)
    std::string alert_script;              // absolute path run with subject and message; empty = none
    int max_hosts = kDefaultMaxHosts;      // hosts the master tracks at most; more are refused
};

}  // namespace niamd::config
