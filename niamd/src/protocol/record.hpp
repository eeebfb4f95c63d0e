// One niam record: a heartbeat, a check result, a client problem or a metric sample, as
// carried on the queue (docs/protocol.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace niamd::protocol {

// Problem: the client reports a problem of its own (WHAT in `target`, e.g. "config"): STATUS 1
// while it lasts, 0 once it is over; the master tracks it like a check.
// Metric: one sample (name in `target`, tags in `port_or_arg` as protocol/metric_record.hpp
// writes them, the number in `value`); not a check.
// Inventory: one part of a host's inventory (protocol/inventory_record.hpp): the digest in
// `target`, "PART/PARTS" in `port_or_arg`, the items in `output`; not a check.
// Service: the result of a service of /etc/monitoring-info: its name in `target`, its type
// ("http", "tcp", ...) in `port_or_arg`; a check like the others.
// Services: one part of the host's registered services (protocol/service_record.hpp), laid
// out like an INVENTORY record; not a check.
// Log: one line of a followed log (protocol/log_record.hpp): the source's name in `target`,
// the line's sequence number in `port_or_arg`, the line in `output`; not a check.
// Event: one event (a docker event, an SSH login, a gap in a log; protocol/log_record.hpp):
// its kind in `target`, its id in `port_or_arg`, its fields in `output`; not a check.
enum class RecordKind { Ping, Lping, Http, Script, Problem, Metric, Inventory, Service, Services, Log, Event };

// The kind as it appears on the wire: "PING", "LPING", "HTTP", "SCRIPT", "PROBLEM", "METRIC",
// "INVENTORY", "SERVICE", "SERVICES", "LOG", "EVENT".
std::string_view to_string(RecordKind kind) noexcept;

// The kind named by a wire token (exact, upper case); nullopt for anything else.
std::optional<RecordKind> kind_from_wire(std::string_view token) noexcept;

struct Record {
    std::string instance;  // EC2 instance id, or "NOT-AWS"
    std::string hostname;
    RecordKind kind = RecordKind::Ping;
    std::string target;       // LPING/HTTP: host checked; SCRIPT: script name; PROBLEM: what;
                              // METRIC: the metric's name; PING: unused
    std::string port_or_arg;  // LPING/HTTP: port; SCRIPT: argument; PROBLEM: detail;
                              // METRIC: tags ("k=v;k2=v2", metric_record.hpp); PING: unused
    std::int64_t time = 0;    // Unix seconds
    int status = 0;           // 0 OK, 1 FAILED; PING and METRIC: unused
    double value = 0;         // METRIC: the sample (finite), in STATUS's place; others: unused
    // Optional fields, written after the original ones in this order (not METRIC).
    std::optional<int> latency_ms;
    std::optional<int> nagios_code;  // 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
    std::optional<std::string> output;
    // Noise control of the check (0 = the master's default), written as the optional
    // NOISE field "RETRIES/RECOVER/FLAP_CHANGES" after OUTPUT when any is not 0.
    int retries = 0;
    int recover = 0;
    int flap_changes = 0;
    // METRIC's optional fields, in this order: the unit ("%", "B", "s", ...) and the limits a
    // plugin gave ("warn;crit;min;max" in perfdata's syntax, any part empty). Empty: absent.
    std::string unit;
    std::string limits;
    // LOG's optional fields, in this order: the stream ("stdout", "stderr"; empty: absent)
    // and the bytes cut off a line longer than the source's LOG_MAX_LINE (0: absent).
    std::string stream;
    std::uint64_t cut_bytes = 0;
    // EVENT's optional field: the raw line the event was read from (empty: absent).
    std::string raw;

    friend bool operator==(const Record&, const Record&) = default;
};

// Number of original (niam) fields for a kind: 4 for PING, 7 for the others.
int original_field_count(RecordKind kind) noexcept;

}  // namespace niamd::protocol
