// awsrest-cli send: signs a raw request, sends it, prints the status line and the body.
#include <awsrest/aws_client.hpp>
#include <awsrest/http.hpp>

#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace cli {

int run_send(int argc, char** argv) {
    std::vector<OptionSpec> specs = {{"region"},    {"service"},      {"endpoint-url"},
                                     {"ca-bundle"}, {"debug", false}, {"no-verify-ssl", false}};
    for (auto& spec : credential_options()) specs.push_back(spec);
    for (auto& spec : signing_rule_options()) specs.push_back(spec);
    Arguments args(argc, argv, 2, specs);
    if (!args.ok()) return usage_error("send", args.error());

    auto region = args.value("region");
    auto service = args.value("service");
    auto endpoint_url = args.value("endpoint-url");
    if (!region || !service || !endpoint_url) {
        return usage_error("send", "--region, --service and --endpoint-url are required");
    }
    if (args.value("access-key").has_value() != args.value("secret-key").has_value()) {
        return usage_error("send", "--access-key and --secret-key go together");
    }
    auto url = awsrest::parse_url(*endpoint_url);
    if (!url) return usage_error("send", "--endpoint-url: " + url.error().message);

    auto request = read_request(args);
    if (!request) return failure("send", request.error());
    // The request goes to the endpoint, so it names the endpoint's host.
    awsrest::set_header(request->headers, "Host", url->endpoint.host_header());

    awsrest::HttpOptions http_options;
    http_options.ca_bundle = args.value_or("ca-bundle", "");
    http_options.verify_peer = !args.flag("no-verify-ssl");
    auto http = awsrest::make_curl_http_client(http_options);
    auto credentials = credentials_provider(args);
    awsrest::SeededRandom random;
    awsrest::AwsClient client(*http, *credentials, awsrest::system_clock(), &random);
    if (args.flag("debug")) client.set_debug(&std::cerr);

    awsrest::CallOptions options;
    options.operation = "send " + request->method + " " + request->path;
    options.region = *region;
    options.service = *service;
    options.s3_rules = args.flag("s3");
    options.sign_body_header = args.flag("sign-body");

    auto response = client.call(url->endpoint, *request, options);
    if (!response) {
        const auto& error = response.error();
        if (error.http_status != 0) std::cout << "HTTP/1.1 " << error.http_status << "\n";
        std::cout.flush();
        return failure("send", error);
    }
    std::cout << "HTTP/1.1 " << response->status << (response->reason.empty() ? "" : " ") << response->reason << "\n\n"
              << response->body;
    if (!response->body.empty() && response->body.back() != '\n') std::cout << "\n";
    std::cout.flush();
    return kExitOk;
}

}  // namespace cli
