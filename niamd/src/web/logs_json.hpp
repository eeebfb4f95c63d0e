// The JSON bodies of GET /api/logs and GET /api/events (docs/api.md).
#pragma once

#include <string>
#include <vector>

#include "store/history_store.hpp"

namespace niamd::web {

// {"host", "instance", "lines": [{"time", "host", "source", "line", "seq", "stream", "cut"}],
//  "next": cursor or null}, newest first.
std::string logs_json(const store::HostKey& host, const store::LogPage& page);

// {"host", "instance", "events": [{"time", "host", "kind", "id", "fields": {key: value}, "raw"}]},
// newest first.
std::string events_json(const store::HostKey& host, const std::vector<store::EventRow>& events);

}  // namespace niamd::web
