// HostConfig: what one monitored host does, as read from conf/<hostname> (or conf/GENERIC).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "metrics/threshold_range.hpp"
#include "metrics/metric_output.hpp"
#include "timezone/time_zone.hpp"

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

// HTTP's endpoint-test options (docs/config.md "Endpoint tests"); empty or 0: the default.
struct HttpKeys {
    std::string method;                              // empty: GET
    std::string hostname;                            // the Host header; empty: the URL's host
    std::vector<std::string> headers;                // "Name: value" (written header=Name:value)
    std::vector<std::pair<int, int>> expect_status;  // empty: 200-399 (200-299 without accept_redirection)
    bool accept_redirection = true;
    int max_redirects = 0;
    std::string body_contains;
    std::string body_not_contains;
    std::string body_regex;  // POSIX extended, checked when read
    int warn_ms = 0;
    int crit_ms = 0;
};

// One PING, HTTP or SCRIPT statement.
struct CheckSpec {
    CheckKind kind = CheckKind::Ping;
    std::string target;             // Ping/Http: host name or address
    int port = 0;                   // Ping: 0 = ICMP echo, else TCP connect; Http: 1-65535
    std::string url;                // Http: the URL to GET (built from target/port if not given)
    std::string script;             // Script: plain file name in the plugin directory
    std::vector<std::string> args;  // Script: arguments, as written
    // Trailing key=value options (SCRIPT: before the name); 0 = default. interval/timeout in
    // seconds (default: INTERVAL / TIMEOUT); retries, recover, flap_changes ride with each
    // result to the master's noise control (master/check_board.hpp).
    int interval = 0;
    int timeout = 0;
    int retries = 0;
    int recover = 0;
    int flap_changes = 0;
    HttpKeys http;  // Http only
};

inline constexpr int kDefaultInterval = 30;
inline constexpr int kDefaultWarnAfter = 120;
inline constexpr int kDefaultPurgeAfter = 600;
inline constexpr int kDefaultTimeout = 10;
inline constexpr int kDefaultEc2Check = 300;  // seconds between EC2 cross-checks
inline constexpr int kDefaultRetentionDays = 30;
inline constexpr int kMaxRetentionDays = 3650;
inline constexpr int kDefaultMetricRetentionDays = 7;  // raw metric samples; rollups keep RETENTION
inline constexpr int kDefaultLogRetentionDays = 7;     // log lines and events
inline constexpr int kDefaultMaxHosts = 50000;
inline constexpr int kMaxMaxHosts = 10000000;
inline constexpr int kDefaultMaxNewHosts = 1000;  // new hosts a minute
inline constexpr int kMaxMaxNewHosts = 1000000;
// RECEIVERS: concurrent ReceiveMessage lanes. n lanes of 10 messages hold about n × 500
// messages/s at 20 ms a round trip (SQS in-region answers in 10-20 ms). kAutoReceivers (the
// default, `RECEIVERS auto`): up to kMaxReceivers, as many polling as the queue needs
// (master/lane_governor.hpp).
inline constexpr int kAutoReceivers = 0;
inline constexpr int kDefaultReceivers = kAutoReceivers;
inline constexpr int kMaxReceivers = 32;
inline constexpr int kDefaultMetrics = 60;       // seconds between system metrics collections
inline constexpr int kDefaultInventory = 86400;  // seconds between inventory collections

// METRIC name[:format] [args...]: a metric plugin from the scripts directory, run on the
// METRICS schedule; its output read in `format`, or in the format detected when none is given.
struct MetricPluginSpec {
    std::string plugin;                           // plain file name in the plugin directory
    std::vector<std::string> args;                // as written
    std::optional<metrics::MetricFormat> format;  // nullopt: detected from the output

    friend bool operator==(const MetricPluginSpec&, const MetricPluginSpec&) = default;
};

// INSTANCE_ID prefix serial S | INSTANCE_ID prefix command CMD [args...]: the instance id of a
// host off EC2 ("prefix-S", or "prefix-" and the first line CMD prints). Both forms may be
// given (each once); `serial` wins. Empty prefix: no statement, the host stays "NOT-AWS".
struct InstanceIdConfig {
    std::string prefix;
    std::string serial;                // empty: none given
    std::vector<std::string> command;  // program and arguments; empty: none given

    friend bool operator==(const InstanceIdConfig&, const InstanceIdConfig&) = default;
};
inline constexpr int kDefaultSpoolMaxMb = 64;
inline constexpr int kMaxSpoolMaxMb = 1024 * 1024;

// NO_AGENT on|off [tag-key=value]: report running EC2 instances that never sent a PING,
// optionally only those carrying the tag.
struct NoAgentConfig {
    bool enabled = false;
    std::string tag_key;  // empty: every running instance
    std::string tag_value;

    friend bool operator==(const NoAgentConfig&, const NoAgentConfig&) = default;
};

inline constexpr std::size_t kMaxThresholds = 256;      // THRESHOLD statements
inline constexpr std::size_t kMaxThresholdTags = 16;    // tag=value pairs in one selector
inline constexpr std::size_t kMaxCloudWatchGlobs = 64;  // name globs of CLOUDWATCH

// THRESHOLD name[tag=value,...] WARN CRIT [FOR seconds]: a metric level the master alerts on
// (METRIC_WARNING, METRIC_CRITICAL, METRIC_OK) for every host that has a matching series.
struct ThresholdSpec {
    std::string name;                                       // the metric name, exactly
    std::vector<std::pair<std::string, std::string>> tags;  // a series matches when its tags include all of these
    std::optional<metrics::ThresholdRange> warn;            // none: written "-"
    std::optional<metrics::ThresholdRange> crit;            // none: written "-" (not both)
    int for_seconds = 0;                                    // a level raises after it held this long
    int line = 0;                                           // where it was written

    // "THRESHOLD fs.used_pct[mount=/] 80 90 FOR 300", in the ranges' shortest form.
    std::string text() const;
};

// CLOUDWATCH namespace [name-glob...]: publish host metrics to CloudWatch.
struct CloudWatchConfig {
    std::string name_space;          // e.g. "niam"; never "AWS/..."
    std::vector<std::string> globs;  // '*' and '?' on the metric name; empty: every metric
    int line = 0;
};

// JOURNAL [unit=U...] [priority=P] [name=N] [directory=D]: follow the systemd journal's
// entries of those units (any of them; none: every unit) at priority P or more urgent, as the
// log source N (default "journal", or "journal:" and the units joined by ',').
struct JournalSpec {
    std::string name;
    std::vector<std::string> units;
    int max_priority = 7;   // 0 emerg .. 7 debug
    std::string directory;  // a journal directory instead of the system's journal
    int line = 0;

    friend bool operator==(const JournalSpec&, const JournalSpec&) = default;
};

// SSH_LOGINS [path]: sshd's logins as events, read from path (default /var/log/auth.log) or,
// when that file does not exist, from the journal's ssh/sshd unit.
struct SshLoginsSpec {
    std::string path = "/var/log/auth.log";
    bool path_given = false;
    std::string journal_directory;  // directory= : a journal directory for the journal fallback
    int line = 0;

    friend bool operator==(const SshLoginsSpec&, const SshLoginsSpec&) = default;
};

// LOG path-or-glob [name=N]: follow the file (or every file the glob matches) like `tail -F`,
// through rotation, as the log source N (default: the path; a glob's files are "N:<path>", or
// their path without name=, so two files of one base name stay two sources).
struct LogFileSpec {
    std::string pattern;  // absolute; '*', '?' and '[...]' make it a glob
    std::string name;     // the source name (a glob: the prefix of its files' names), "" for none given
    bool glob = false;
    int line = 0;

    friend bool operator==(const LogFileSpec&, const LogFileSpec&) = default;
};

// CLOUDWATCH_LOGS group-template [spool_mb=N]: the client also publishes its log lines to
// CloudWatch Logs, one stream per source, spooled in STATE_DIR/cwlogs.spool (spool_mb MiB).
inline constexpr int kDefaultCloudWatchLogsSpoolMb = 64;
struct CloudWatchLogsConfig {
    std::string group_template;  // "{instance_id}" and "{hostname}" replaced: "/niam/{instance_id}"
    int spool_mb = kDefaultCloudWatchLogsSpoolMb;
    int line = 0;
};

// DOCKER [socket=PATH]: follow the Docker engine's events and its containers' logs through
// the Engine API on its unix socket (client only; docs/config.md).
inline constexpr char kDefaultDockerSocket[] = "/var/run/docker.sock";
struct DockerConfig {
    std::string socket = kDefaultDockerSocket;  // absolute path of the engine's unix socket
    int line = 0;

    friend bool operator==(const DockerConfig&, const DockerConfig&) = default;
};

// LOG_ALERT name /regex/ [host=glob] [COUNT n WITHIN s], CONTAINER_ALERT die-nonzero | oom |
// unhealthy | restarts n WITHIN s [host=glob], SSH_ALERT failures n WITHIN s [per-source]
// [host=glob] and SSH_ALERT accepted [user=glob] [host=glob]: the master's alert rules on log
// lines and events (docs/logs.md "Alerts on lines and events").
inline constexpr std::size_t kMaxLogRules = 64;  // the three statements together
inline constexpr int kMaxRuleCount = 10000;      // COUNT n / failures n / restarts n
inline constexpr int kDefaultRuleWithin = 60;    // the window of a rule without one
enum class LogRuleKind {
    LogLine,             // LOG_ALERT
    ContainerDied,       // CONTAINER_ALERT die-nonzero: docker.die with exit_code other than 0
    ContainerOom,        // CONTAINER_ALERT oom: docker.oom
    ContainerUnhealthy,  // CONTAINER_ALERT unhealthy: docker.health_status with health=unhealthy
    ContainerRestarts,   // CONTAINER_ALERT restarts n WITHIN s: docker.restart
    SshFailures,         // SSH_ALERT failures n WITHIN s: ssh.failed and ssh.invalid_user
    SshAccepted,         // SSH_ALERT accepted: ssh.accepted
};
struct LogRuleSpec {
    LogRuleKind kind = LogRuleKind::LogLine;
    std::string name;          // LOG_ALERT's name
    std::string regex;         // LOG_ALERT: POSIX extended, as written between the slashes ("\/" read as "/")
    bool ignore_case = false;  // LOG_ALERT /regex/i
    std::string host_glob;     // '*' and '?' on the hostname; empty: every host
    std::string user_glob;     // SSH_ALERT accepted: on the user; empty: every user
    bool per_source = false;   // SSH_ALERT failures: counted per source address
    int count = 1;             // events within `within` seconds that raise the alert
    int within = kDefaultRuleWithin;
    int line = 0;

    // The statement in one canonical form, its identity: "LOG_ALERT oops /panic/ COUNT 3 WITHIN 60".
    std::string text() const;
};

// MAINTENANCE ONCE host|* start end [comment] / MAINTENANCE WEEKLY host|* days HH:MM-HH:MM zone [comment]
// (docs/silences.md): alerts of the host (every host for "*") inside the window are stored
// as suppressed, not sent.
inline constexpr std::size_t kMaxMaintenanceWindows = 256;
inline constexpr std::size_t kMaxMaintenanceCommentBytes = 512;
struct MaintenanceSpec {
    enum class Kind { Once, Weekly };
    Kind kind = Kind::Once;
    std::string host;                                // a hostname or instance id; "*": every host
    std::int64_t starts = 0;                         // ONCE: Unix seconds, from (inclusive)
    std::int64_t ends = 0;                           // ONCE: until (exclusive)
    unsigned days = 0;                               // WEEKLY: bit 0 Monday ... bit 6 Sunday; the day the window begins
    int from_minute = 0;                             // WEEKLY: local minutes after midnight, from (inclusive)
    int to_minute = 0;                               // ... until (exclusive); not after from_minute: the next day
    std::shared_ptr<const timezone::TimeZone> zone;  // WEEKLY
    std::string comment;
    int line = 0;
};

struct HostConfig {
    Role role = Role::Client;
    std::optional<DatabaseConfig> database;
    std::vector<CheckSpec> checks;
    int interval = kDefaultInterval;       // seconds between heartbeats/check rounds
    int warn_after = kDefaultWarnAfter;    // seconds of silence before a host is late
    int purge_after = kDefaultPurgeAfter;  // seconds of silence before a host is forgotten
    int timeout = kDefaultTimeout;         // seconds each check may take
    // Client only.
    int metrics = kDefaultMetrics;  // seconds between system metrics and plugin runs; 0 = off
    std::vector<MetricPluginSpec> metric_plugins;
    int inventory = kDefaultInventory;  // seconds between inventory collections; 0 = off
    InstanceIdConfig instance_id;       // the host's id off EC2
    std::vector<JournalSpec> journals;  // JOURNAL statements, in line order
    std::optional<SshLoginsSpec> ssh_logins;
    std::size_t log_max_line = 16 * 1024;                 // LOG_MAX_LINE: bytes of a log line before it is cut
    std::size_t log_rate = 1000;                          // LOG_RATE: lines per log source and second
    std::string alert_topic;                              // SNS topic ARN; empty = no alerts
    std::string hmac_key;                                 // shared signing key; secret; empty = unsigned
    int spool_max_mb = kDefaultSpoolMaxMb;                // client: bound of the outbox (STATE_DIR/spool), MiB
    std::optional<CloudWatchLogsConfig> cloudwatch_logs;  // client: none = no CloudWatch Logs
    std::optional<DockerConfig> docker;                   // client: none = no DOCKER statement
    std::vector<LogFileSpec> log_files;                   // client: LOG statements, in line order
    // Master only.
    int ec2_check = kDefaultEc2Check;                         // seconds between EC2 cross-checks; 0 = off
    NoAgentConfig no_agent;                                   // report instances without an agent
    int renotify = 0;                                         // seconds between repeats of a failing check; 0 = never
    int retention_days = kDefaultRetentionDays;               // history kept this many days
    int metric_retention_days = kDefaultMetricRetentionDays;  // raw metric samples (at most retention_days)
    int log_retention_days = kDefaultLogRetentionDays;        // log lines and events (LOG_RETENTION)
    std::string alert_script;                 // absolute path run with subject and message; empty = none
    int max_hosts = kDefaultMaxHosts;         // hosts the master tracks at most; more are refused
    int max_new_hosts = kDefaultMaxNewHosts;  // new hosts admitted a minute at most; more are refused
    int receivers = kDefaultReceivers;        // concurrent ReceiveMessage lanes, 0: auto (read at the master's start)
    std::vector<ThresholdSpec> thresholds;    // metric levels alerted on, in line order
    std::optional<CloudWatchConfig> cloudwatch;  // none: nothing published to CloudWatch
    std::vector<LogRuleSpec> log_rules;          // LOG_ALERT, CONTAINER_ALERT, SSH_ALERT, in line order
    std::vector<MaintenanceSpec> maintenance;    // MAINTENANCE windows, in line order
};

// The receive lanes the master opens: RECEIVERS n's n; auto's kMaxReceivers (not all poll).
inline int lanes_wanted(const HostConfig& config) {
    return config.receivers == kAutoReceivers ? kMaxReceivers : std::clamp(config.receivers, 1, kMaxReceivers);
}

}  // namespace niamd::config
