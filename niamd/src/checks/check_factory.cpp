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

std::unique_ptr<Check> make_check(const config::CheckSpec& spec, const std::filesystem::path& scripts_dir) {
    switch (spec.kind) {
        case config::CheckKind::Ping:
            if (spec.port == 0) return std::make_unique<IcmpPing>(spec.target);
            return std::make_unique<TcpPing>(spec.target, spec.port);
        case config::CheckKind::Http: {
            std::string url = spec.url;
            if (url.empty()) url = "http://" + spec.target + ":" + std::to_string(spec.port) + "/";
            return std::make_unique<HttpCheck>(std::move(url));
        }
        case config::CheckKind::Script: return std::make_unique<ScriptCheck>(scripts_dir, spec.script, spec.args);
    }
    return std::make_unique<UnknownKindCheck>();
}

}  // namespace niamd::checks
