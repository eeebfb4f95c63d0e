// A transport that prints each exchange (request line, headers, status, body sizes) on a
// debug stream before passing it on. For the unsigned calls AwsClient's own debug output
// does not cover (IMDS).
#pragma once

#include <awsrest/http.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace cli {

class DebugHttpClient final : public awsrest::HttpClient {
  public:
    // `out` nullptr: prints nothing. Values of `secret_headers` (case-insensitive names,
    // e.g. the IMDS session token) show as "<redacted>". Bodies are never printed.
    DebugHttpClient(std::unique_ptr<awsrest::HttpClient> inner, std::ostream* out, std::string label,
                    std::vector<std::string> secret_headers);

    awsrest::Result<awsrest::Response> send(const awsrest::Endpoint& endpoint, const awsrest::Request& request,
                                            const awsrest::SendOptions& options) override;

  private:
    void print_headers(const std::string& lead, const awsrest::Headers& headers) const;

    std::unique_ptr<awsrest::HttpClient> inner_;
    std::ostream* out_;
    std::string label_;
    std::vector<std::string> secret_headers_;
};

}  // namespace cli
