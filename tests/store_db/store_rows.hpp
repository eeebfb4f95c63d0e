// Small builders for the rows the store tests write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/history_store.hpp"
#include "support/scripted_http.hpp"

namespace store_test {

using niamd::protocol::RecordKind;
namespace ns = niamd::store;

// 2023-11-14T22:13:20Z, the clock every store test starts from.
inline constexpr std::int64_t kNow = 1700000000;

inline test_support::ManualClock clock_at(std::int64_t seconds = kNow) {
    return test_support::ManualClock(awsrest::TimePoint{std::chrono::seconds{seconds}});
}

inline ns::HostKey host(std::string hostname, std::string instance = "i-0123456789abcdef0") {
    return ns::HostKey{std::move(hostname), std::move(instance)};
}

inline ns::CheckKey check(ns::HostKey on, RecordKind kind, std::string target, std::string port_or_arg) {
    ns::CheckKey key;
    key.host = std::move(on);
    key.kind = kind;
    key.target = std::move(target);
    key.port_or_arg = std::move(port_or_arg);
    return key;
}

inline ns::CheckResultRow result(ns::CheckKey key, std::int64_t time, int status = 0, std::string output = "OK",
                                 std::optional<int> latency = 12, std::optional<int> nagios = std::nullopt) {
    ns::CheckResultRow row;
    row.check = std::move(key);
    row.time = time;
    row.status = status;
    row.output = std::move(output);
    row.latency_ms = latency;
    row.nagios_code = nagios;
    return row;
}

inline ns::HostRow host_row(ns::HostKey key, ns::HostStatus status = ns::HostStatus::Ok,
                            std::int64_t last_ping = kNow) {
    ns::HostRow row;
    row.key = std::move(key);
    row.status = status;
    row.first_seen = kNow - 3600;
    row.last_ping = last_ping;
    row.status_since = kNow - 60;
    row.detail = status == ns::HostStatus::InstanceGone ? "stopped" : "";
    return row;
}

inline ns::CheckStateRow state_row(ns::CheckKey key, int status = 0, std::string output = "OK") {
    ns::CheckStateRow row;
    row.check = std::move(key);
    row.status = status;
    row.last_time = kNow;
    row.since = kNow - 120;
    row.last_notified = status ? kNow - 100 : 0;
    row.latency_ms = status ? std::nullopt : std::optional<int>(7);
    row.nagios_code = status ? std::optional<int>(2) : std::nullopt;
    row.output = std::move(output);
    return row;
}

inline ns::AlertRow alert(std::int64_t time, ns::AlertKind kind, ns::HostKey on,
                          std::string detail = "no heartbeat for 130 s") {
    ns::AlertRow row;
    row.time = time;
    row.kind = kind;
    row.host = std::move(on);
    row.detail = detail;
    row.subject = "niam: " + std::string(ns::to_string(kind)) + " " + row.host.hostname;
    row.message = "Host " + row.host.hostname + ": " + detail + "\nsecond line";
    return row;
}

}  // namespace store_test
