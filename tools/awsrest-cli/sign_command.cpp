// awsrest-cli sign: prints one stage of SigV4 for a raw request, byte-exact as the
// SigV4 test suite's files have it.
#include <awsrest/signer.hpp>

#include <charconv>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"

namespace cli {

namespace {

std::string presigned_url(const awsrest::Request& request) {
    auto host = awsrest::find_header(request.headers, "host");
    std::string url = "https://" + std::string(host.value_or(""));
    url += request.path.empty() ? "/" : request.path;
    if (!request.query.empty()) url += "?" + request.query;
    return url;
}

}  // namespace

int run_sign(int argc, char** argv) {
    std::vector<OptionSpec> specs = {{"region"}, {"service"}, {"time"}, {"presign"}, {"print"}};
    for (auto& spec : credential_options()) specs.push_back(spec);
    for (auto& spec : signing_rule_options()) specs.push_back(spec);
    Arguments args(argc, argv, 2, specs);
    if (!args.ok()) return usage_error("sign", args.error());

    auto region = args.value("region");
    auto service = args.value("service");
    if (!region || !service) return usage_error("sign", "--region and --service are required");
    if (args.value("access-key").has_value() != args.value("secret-key").has_value()) {
        return usage_error("sign", "--access-key and --secret-key go together");
    }
    const std::string print = args.value_or("print", "request");
    if (print != "canonical-request" && print != "string-to-sign" && print != "signature" && print != "authorization" &&
        print != "request") {
        return usage_error("sign",
                           "--print takes canonical-request, string-to-sign, signature, authorization or request");
    }

    awsrest::SigningParams params;
    params.region = *region;
    params.service = *service;
    if (auto time = args.value("time")) {
        auto parsed = awsrest::parse_amz_date(*time);
        if (!parsed) return usage_error("sign", "--time: " + parsed.error().message);
        params.time = *parsed;
    } else {
        params.time = awsrest::system_clock().now();
    }
    if (auto presign = args.value("presign")) {
        long long seconds = 0;
        auto [end, ec] = std::from_chars(presign->data(), presign->data() + presign->size(), seconds);
        if (ec != std::errc() || end != presign->data() + presign->size() || seconds < 1 || seconds > 604800) {
            return usage_error("sign", "--presign takes seconds from 1 to 604800");
        }
        params.mode = awsrest::SigningMode::Query;
        params.expires = std::chrono::seconds(seconds);
    }
    apply_signing_rules(args, params);

    auto request = read_request(args);
    if (!request) return failure("sign", request.error());

    auto credentials = credentials_provider(args)->credentials();
    if (!credentials) return failure("sign", credentials.error());
    params.credentials = std::move(credentials).value();

    auto signed_stages = awsrest::sign(*request, params);
    if (!signed_stages) return failure("sign", signed_stages.error());

    if (print == "canonical-request") {
        std::cout << signed_stages->canonical_request;
    } else if (print == "string-to-sign") {
        std::cout << signed_stages->string_to_sign;
    } else if (print == "signature") {
        std::cout << signed_stages->signature;
    } else if (print == "authorization") {
        if (params.mode == awsrest::SigningMode::Query) {
            std::cout << presigned_url(*request) << "\n";
        } else {
            std::cout << signed_stages->authorization << "\n";
        }
    } else {
        std::cout << awsrest::format_raw_request(*request);
    }
    std::cout.flush();
    return std::cout ? kExitOk : kExitFailed;
}

}  // namespace cli
