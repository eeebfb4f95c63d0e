// The JSON of /api/silences (docs/api.md): the body of a POST, read within bounds, and the
// list a GET answers.
//   POST {"host": "web1", "check": "www.example.org:443", "duration_seconds": 3600, "comment": "deploy"}
//   POST {"host": "*", "ends": "2026-12-07T18:00:00Z", "comment": "network maintenance"}
// "host" is required; "check" optional; exactly one of "ends" (Unix seconds or ISO-8601 with
// its zone) and "duration_seconds"; "starts" optional (default now); "comment" optional.
// Unknown members, other types and duplicates are refused, never guessed at.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <awsrest/result.hpp>

#include "store/history_store.hpp"

namespace niamd::web {

inline constexpr std::size_t kMaxSilenceBodyBytes = 4096;

struct SilenceRequest {
    std::string host;
    std::string check;
    std::string comment;
    std::optional<std::int64_t> starts;
    std::optional<std::int64_t> ends;
    std::optional<std::int64_t> duration_seconds;
};

// InvalidArgument with a message fit for the client when the body is not such an object.
awsrest::Result<SilenceRequest> parse_silence_request(std::string_view body);

// The silence the request asks for at `now` (not yet checked: SilenceBook::add does that).
store::SilenceRow silence_of(const SilenceRequest& request, std::string author, std::int64_t now);

std::string silence_json(const store::SilenceRow& silence, std::int64_t now);
std::string silences_json(const std::vector<store::SilenceRow>& silences, std::int64_t now);

}  // namespace niamd::web
