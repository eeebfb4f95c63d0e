// The Engine API's JSON answers, read (RapidJSON): /version and the version niamd speaks,
// /containers/json, /containers/{id}/json, an error body, and one object of /events turned
// into the EVENT vocabulary of docs/protocol.md ("docker.die" with exit_code, ...).
// Everything here is outside input: a bad answer is an error string, never a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/log_record.hpp"

namespace niamd::docker {

// An API version "1.47" as major and minor, compared as numbers (1.9 < 1.10).
struct ApiVersion {
    int major = 0;
    int minor = 0;
    friend auto operator<=>(const ApiVersion&, const ApiVersion&) = default;
    std::string text() const { return std::to_string(major) + "." + std::to_string(minor); }
};

// The range of versions this client was written for: it asks for min(engine's ApiVersion,
// kHighestApiVersion) and never less than kLowestApiVersion.
inline constexpr ApiVersion kLowestApiVersion{1, 24};
inline constexpr ApiVersion kHighestApiVersion{1, 47};

std::optional<ApiVersion> parse_api_version(std::string_view text);

struct Negotiated {
    std::optional<ApiVersion> version;  // nullopt: `error` says why none fits
    std::string engine_version;         // the engine's own "Version" ("28.0.1"), for logs
    std::string error;
};
// From the body of GET /version: the engine's ApiVersion and MinAPIVersion against ours.
Negotiated negotiate_api_version(std::string_view version_body);

// "message" of an error body ({"message": "No such container: web"}); the body itself
// (cut to 200 bytes) when it is not one.
std::string engine_error_message(std::string_view body);

struct ContainerSummary {
    std::string id;
    std::string name;  // without the leading '/'
    std::string image;
    std::string state;  // "running", "exited", ...
};
// GET /containers/json. nullopt and `error` when the body is not a list of containers.
std::optional<std::vector<ContainerSummary>> parse_container_list(std::string_view body, std::string& error);

struct ContainerDetail {
    std::string id;
    std::string name;   // without the leading '/'
    std::string image;  // Config.Image
    bool tty = false;   // Config.Tty: the logs are the raw stream, not frames
    bool running = false;
};
std::optional<ContainerDetail> parse_container_detail(std::string_view body, std::string& error);

// One object of GET /events.
struct EngineEvent {
    std::optional<protocol::Event> event;  // nullopt: not of the vocabulary (exec_start, network ...), or bad
    std::int64_t time_nano = 0;            // timeNano, or time * 1e9
    std::string error;                     // non-empty when the object does not read
};
EngineEvent parse_engine_event(std::string_view json);

}  // namespace niamd::docker
