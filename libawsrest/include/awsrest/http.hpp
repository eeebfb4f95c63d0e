// The transport: one interface, a libcurl implementation, and fakes in tests.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "awsrest/request.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

struct Response {
    int status = 0;
    std::string reason;  // "OK", "Service Unavailable", ...
    Headers headers;
    std::string body;

    std::optional<std::string_view> header(std::string_view name) const { return find_header(headers, name); }
};

// What one call adds to the client's HttpOptions.
struct SendOptions {
    // When set and true, this transfer ends within 100 ms with a Network error
    // "cancelled" (one not started yet fails at once), as HttpOptions::cancel does for every
    // transfer of the client. So a long poll can be ended while the calls after it (the
    // deletes of what was received) still go through on the same client. Not owned.
    const std::atomic<bool>* cancel = nullptr;
};

class HttpClient {
  public:
    virtual ~HttpClient() = default;
    // Sends the request as it is (its Host header, path and query unchanged) to the
    // endpoint. Any HTTP status is a successful Result; only a failure to get an answer
    // (refused, timeout, dropped, TLS, too large) is an Error of kind Network, whose
    // message starts with what failed ("could not connect", "timed out", "connection
    // dropped", "TLS failure", "response larger than N bytes") and names the method and
    // URL without its query. A request that cannot be sent as it is (a line break in a
    // header value, a header name that is no HTTP token) is InvalidArgument.
    virtual Result<Response> send(const Endpoint& endpoint, const Request& request,
                                  const SendOptions& options = {}) = 0;
};

struct HttpOptions {
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds total_timeout{30000};
    bool verify_peer = true;  // TLS peer and host verification
    std::string ca_bundle;    // empty: the system's
    // Upper bound on a response body. Larger answers fail with a Network error.
    std::size_t max_response_bytes = 16 * 1024 * 1024;
    // Proxies come from the environment (http_proxy, https_proxy, no_proxy) as curl
    // does; set false to ignore them.
    bool proxy_from_environment = true;
    // When set and true, a transfer in flight (a 20 s long poll, say) ends within 100 ms
    // with a Network error "cancelled", and new ones fail at once. Not owned.
    const std::atomic<bool>* cancel = nullptr;
};

// A libcurl client that keeps connections alive between calls, speaks HTTP/1.1 and sends
// no header the request does not have (but Content-Length). Not thread-safe: use one
// per thread.
std::unique_ptr<HttpClient> make_curl_http_client(const HttpOptions& options = {});

}  // namespace awsrest
