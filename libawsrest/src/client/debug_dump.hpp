// The text of AwsClient's debug output. Callers pass every piece through redact()
// before it reaches the stream.
#pragma once

#include <string>
#include <string_view>

#include "awsrest/http.hpp"
#include "awsrest/request.hpp"
#include "awsrest/signer.hpp"

namespace awsrest::client {

// Canonical request, string to sign and Authorization value of one signing.
std::string dump_signing(std::string_view operation, const SigningResult& signing);
// Request line, headers and body size.
std::string dump_request(std::string_view operation, const Endpoint& endpoint, const Request& request);
// Status line, headers and body size.
std::string dump_response(std::string_view operation, const Response& response);

}  // namespace awsrest::client
