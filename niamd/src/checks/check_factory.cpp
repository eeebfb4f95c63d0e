#include "checks/check_factory.hpp"

#include "checks/http_check.hpp"
#include "checks/icmp_ping.hpp"
#include "checks/script_check.hpp"
#include "checks/tcp_ping.hpp"

namespace niamd::checks {
namespace {

// A spec whose kind this build does not know (a newer config.hpp than this file).
class UnknownKindCheck final : public Check {
  public:
    CheckOutcome run(std::chrono::milliseconds) override { return check_unknown(0, "unknown check kind"); }
};

}  // namespace

HttpEndpoint http_endpoint(const config::HttpKeys& keys) {
    HttpEndpoint endpoint;
    if (!keys.method.empty()) endpoint.method = keys.method;
    endpoint.host_header = keys.hostname;
    endpoint.headers = keys.headers;
    endpoint.accept_redirection = keys.accept_redirection;
    endpoint.max_redirects = keys.max_redirects;
    for (const auto& [low, high] : keys.expect_status) {
        HttpStatusRange range;
        range.low = low;
        range.high = high;
        endpoint.expect_status.push_back(range);
    }
    endpoint.body_contains = keys.body_contains;
    endpoint.body_not_contains = keys.body_not_contains;
    if (!keys.body_regex.empty()) endpoint.body_regex = BodyPattern::compile(keys.body_regex);
    if (keys.warn_ms > 0) endpoint.warn_ms = keys.warn_ms;
    if (keys.crit_ms > 0) endpoint.crit_ms = keys.crit_ms;
    return endpoint;
}

std::unique_ptr<Check> make_check(const config::CheckSpec& spec, const std::filesystem::path& scripts_dir) {
    switch (spec.kind) {
        case config::CheckKind::Ping:
            if (spec.port == 0) return std::make_unique<IcmpPing>(spec.target);
            return std::make_unique<TcpPing>(spec.target, spec.port);
        case config::CheckKind::Http: {
            std::string url = spec.url;
            if (url.empty()) url = "http://" + spec.target + ":" + std::to_string(spec.port) + "/";
            return std::make_unique<HttpCheck>(std::move(url), http_endpoint(spec.http));
        }
        case config::CheckKind::Script: return std::make_unique<ScriptCheck>(scripts_dir, spec.script, spec.args);
    }
    return std::make_unique<UnknownKindCheck>();
}

}  // namespace niamd::checks
