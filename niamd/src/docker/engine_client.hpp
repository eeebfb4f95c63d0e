// EngineClient: plain HTTP requests to the Docker Engine API over its unix socket (libcurl,
// CURLOPT_UNIX_SOCKET_PATH), for the short answers (/version, /containers/json,
// /containers/{id}/json). The streams (/events, logs) are read by EngineWatcher. Paths are
// given without the version; versioned() puts the negotiated "/v1.47" before them.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace niamd::docker {

// A short answer larger than this is refused (a container list of thousands is ~ 2 MiB).
inline constexpr std::size_t kMaxAnswerBytes = 8 * 1024 * 1024;

struct EngineAnswer {
    long status = 0;  // HTTP status; 0 when the request did not get an answer
    std::string body;
    std::string error;  // transport trouble (no socket, refused, timed out, too big); empty when answered
};

class EngineClient {
  public:
    explicit EngineClient(std::string socket_path, std::chrono::milliseconds timeout = std::chrono::seconds(10));

    const std::string& socket_path() const noexcept { return socket_; }
    // GET path (with its query), e.g. "/version" or versioned("/containers/json").
    EngineAnswer get(const std::string& path) const;

  private:
    std::string socket_;
    std::chrono::milliseconds timeout_;
};

// curl_global_init, once per process.
void ensure_curl_ready();
// "http://docker" + path: the URL curl asks for over the socket (the host name is not used).
std::string engine_url(const std::string& path);
// Query value encoding (RFC 3986 unreserved kept).
std::string url_encode(const std::string& text);
// "/v1.47/containers/json".
std::string versioned(const std::string& api_version, const std::string& path);
// One line for logs: "HTTP 404: No such container: web" or the transport error.
std::string describe(const EngineAnswer& answer);

}  // namespace niamd::docker
