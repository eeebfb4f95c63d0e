// Default endpoints per service and region, and the endpoint-URL overrides the AWS tools
// honour (--endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL).
#include "awsrest/endpoints.hpp"

#include "core/ascii.hpp"
#include "endpoints/names.hpp"

namespace awsrest {

std::string endpoint_env_suffix(std::string_view service) {
    std::string suffix(service);
    for (char& c : suffix) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        } else if (c == ' ' || c == '-') {
            c = '_';
        }
    }
    return suffix;
}

Result<Endpoint> default_endpoint(std::string_view service, std::string_view region) {
    const std::string name = ascii::to_lower(service);
    if (!endpoints::is_dns_label(name)) {
        return make_error(ErrorKind::InvalidArgument,
                          "invalid service name '" + endpoints::shown(service) + "' for an AWS endpoint");
    }
    if (region.empty()) {
        return make_error(ErrorKind::InvalidArgument, "no region given for the " + name + " endpoint");
    }
    if (!endpoints::is_dns_label(region)) {
        return make_error(ErrorKind::InvalidArgument,
                          "invalid region '" + endpoints::shown(region) +
                              "': a region holds lower-case letters, digits and '-' (like eu-west-1)");
    }
    Endpoint endpoint;
    endpoint.scheme = "https";
    endpoint.host = name + "." + std::string(region) + ".amazonaws.com";
    if (region.substr(0, 3) == "cn-") endpoint.host += ".cn";
    return endpoint;
}

namespace {

// The configured URL for a service and where it came from, or nullopt for the default.
struct ConfiguredUrl {
    std::string url;
    std::string source;
};

std::optional<ConfiguredUrl> configured_url(const std::string& service, const EnvLookup& env,
                                            const std::optional<std::string>& override_url) {
    if (override_url && !override_url->empty()) return ConfiguredUrl{*override_url, "--endpoint-url"};
    if (!env) return std::nullopt;
    const std::optional<std::string> ignore = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    if (ignore && ascii::to_lower(*ignore) == "true") return std::nullopt;
    const std::string specific = "AWS_ENDPOINT_URL_" + endpoint_env_suffix(service);
    if (auto value = env(specific); value && !value->empty()) return ConfiguredUrl{*value, specific};
    if (auto value = env("AWS_ENDPOINT_URL"); value && !value->empty()) {
        return ConfiguredUrl{*value, "AWS_ENDPOINT_URL"};
    }
    return std::nullopt;
}

}  // namespace

Result<ServiceEndpoint> resolve_endpoint(std::string_view service, const std::string& region, const EnvLookup& env,
                                         const std::optional<std::string>& endpoint_url_override) {
    const std::string name = ascii::to_lower(service);
    if (!endpoints::is_dns_label(name)) {
        return make_error(ErrorKind::InvalidArgument,
                          "invalid service name '" + endpoints::shown(service) + "' for an AWS endpoint");
    }
    const std::optional<ConfiguredUrl> configured = configured_url(name, env, endpoint_url_override);
    if (!configured) {
        auto endpoint = default_endpoint(name, region);
        if (!endpoint) return std::move(endpoint).error();
        return ServiceEndpoint{std::move(endpoint).value(), region, name};
    }
    auto legacy = endpoint_from_legacy_host(name, configured->url);
    if (!legacy) {
        Error error = std::move(legacy).error();
        error.message = configured->source + ": " + error.message;
        return error;
    }
    std::string signing_region = region;
    if (signing_region.empty() && legacy->region) signing_region = *legacy->region;
    if (signing_region.empty()) {
        return make_error(ErrorKind::InvalidArgument, "no region to sign " + name +
                                                          " requests for: the endpoint from " + configured->source +
                                                          " names none; give --region or set AWS_REGION");
    }
    return ServiceEndpoint{std::move(legacy->endpoint), std::move(signing_region), name};
}

}  // namespace awsrest
