// The JSON bodies of the API (docs/api.md). Pure functions of the snapshot and of rows
// read from the history store, so they are tested without a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "master/master_snapshot.hpp"
#include "store/history_store.hpp"
#include "web/host_state.hpp"

namespace niamd::web {

// "TARGET:PORT_OR_ARG": how /api/history?check= names a check.
std::string check_name(const store::CheckKey& check);

class JsonWriter;

// The fields of one host object of /api/hosts (inside an object the caller opened).
void write_host_fields(JsonWriter& out, const master::MasterSnapshot& snapshot, const master::HostView& host,
                       std::int64_t now);

// Every host (or those in `only` state) with its checks: /api/hosts before it paged.
std::string hosts_json(const master::MasterSnapshot& snapshot, std::int64_t now,
                       std::optional<HostState> only = std::nullopt);

// GET /api/hosts/{hostname}: `host`, plus the instance ids of every host of that name.
std::string host_json(const master::MasterSnapshot& snapshot, const master::HostView& host, std::int64_t now);

// GET /api/alerts.
std::string alerts_json(const std::vector<store::AlertRow>& alerts, std::int64_t since, std::int64_t now);

struct HistoryRows {
    std::vector<store::HeartbeatRow> heartbeats;
    std::vector<store::CheckResultRow> results;
    bool truncated = false;  // a read hit its row limit: the oldest part may be missing
};

// GET /api/history: the state timeline from heartbeats, and per check its results as
// [time, status, latency_ms|null] points. `check`: the ?check= filter (empty: all).
std::string history_json(const master::MasterSnapshot& snapshot, const master::HostView& host, const HistoryRows& rows,
                         std::string_view check, std::int64_t since, std::int64_t now);

// {"error": message}
std::string error_json(std::string_view message);

}  // namespace niamd::web
