#include "client/debug_dump.hpp"

namespace awsrest::client {

namespace {

std::string prefix(std::string_view operation) {
    return "[awsrest " + std::string(operation.empty() ? "call" : operation) + "] ";
}

void add_headers(std::string& out, const std::string& lead, const Headers& headers) {
    for (const auto& header : headers) out += lead + header.name + ": " + header.value + "\n";
}

}  // namespace

std::string dump_signing(std::string_view operation, const SigningResult& signing) {
    const std::string lead = prefix(operation);
    std::string out;
    out += lead + "canonical request:\n" + signing.canonical_request + "\n";
    out += lead + "string to sign:\n" + signing.string_to_sign + "\n";
    if (!signing.authorization.empty()) out += lead + "authorization: " + signing.authorization + "\n";
    return out;
}

std::string dump_request(std::string_view operation, const Endpoint& endpoint, const Request& request) {
    const std::string lead = prefix(operation) + "> ";
    std::string out = lead + request.method + " " + request_url(endpoint, request) + "\n";
    add_headers(out, lead, request.headers);
    out += lead + "(body " + std::to_string(request.body.size()) + " bytes)\n";
    return out;
}

std::string dump_response(std::string_view operation, const Response& response) {
    const std::string lead = prefix(operation) + "< ";
    std::string out = lead + "HTTP " + std::to_string(response.status);
    if (!response.reason.empty()) out += " " + response.reason;
    out += "\n";
    add_headers(out, lead, response.headers);
    out += lead + "(body " + std::to_string(response.body.size()) + " bytes)\n";
    return out;
}

}  // namespace awsrest::client
