#include "debug_http.hpp"

#include <algorithm>
#include <cctype>

namespace cli {

namespace {

bool same_name(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

DebugHttpClient::DebugHttpClient(std::unique_ptr<awsrest::HttpClient> inner, std::ostream* out, std::string label,
                                 std::vector<std::string> secret_headers)
    : inner_(std::move(inner)), out_(out), label_(std::move(label)), secret_headers_(std::move(secret_headers)) {}

void DebugHttpClient::print_headers(const std::string& lead, const awsrest::Headers& headers) const {
    for (const auto& header : headers) {
        const bool secret = std::any_of(secret_headers_.begin(), secret_headers_.end(),
                                        [&](const std::string& name) { return same_name(name, header.name); });
        *out_ << lead << header.name << ": " << (secret ? "<redacted>" : header.value) << "\n";
    }
}

awsrest::Result<awsrest::Response> DebugHttpClient::send(const awsrest::Endpoint& endpoint,
                                                         const awsrest::Request& request,
                                                         const awsrest::SendOptions& options) {
    if (out_ == nullptr) return inner_->send(endpoint, request, options);
    const std::string prefix = "[awsrest-cli " + label_ + "] ";
    *out_ << prefix << "> " << request.method << " " << awsrest::request_url(endpoint, request) << "\n";
    print_headers(prefix + "> ", request.headers);
    *out_ << prefix << "> (body " << request.body.size() << " bytes)\n";
    auto response = inner_->send(endpoint, request, options);
    if (!response) {
        *out_ << prefix << "< " << response.error().describe() << "\n" << std::flush;
        return response;
    }
    *out_ << prefix << "< HTTP " << response->status << (response->reason.empty() ? "" : " ") << response->reason
          << "\n";
    print_headers(prefix + "< ", response->headers);
    *out_ << prefix << "< (body " << response->body.size() << " bytes)\n" << std::flush;
    return response;
}

}  // namespace cli
