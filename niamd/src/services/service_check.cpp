#include "services/service_check.hpp"

#include <algorithm>

#include "checks/http_check.hpp"
#include "checks/tcp_ping.hpp"

namespace niamd::services {
namespace {

class NotBuiltCheck final : public checks::Check {
public:
    explicit NotBuiltCheck(std::string what) : what_(std::move(what)) {}
    checks::CheckOutcome run(std::chrono::milliseconds) override {
        return checks::check_unknown(0, "type " + what_ + " is not built yet");
    }

private:
    std::string what_;
};

// The service's own timeout, when it has one, instead of the round's.
class OwnTimeout final : public checks::Check {
public:
    OwnTimeout(std::unique_ptr<checks::Check> inner, std::chrono::milliseconds timeout)
        : inner_(std::move(inner)), timeout_(timeout) {}
    checks::CheckOutcome run(std::chrono::milliseconds round_timeout) override {
        return inner_->run(std::min(timeout_, round_timeout));
    }

private:
    std::unique_ptr<checks::Check> inner_;
    std::chrono::milliseconds timeout_;
};

std::unique_ptr<checks::Check> bare_check(const ServiceDefinition& def) {
    switch (def.type) {
        case ServiceType::Http: {
            const std::string url = std::string(def.tls.ssl ? "https" : "http") + "://" + def.target + ":" +
                                    std::to_string(def.port) + def.http.uri;
            return std::make_unique<checks::HttpCheck>(url);
        }
        case ServiceType::Tcp:
            if (!def.tls.ssl) return std::make_unique<checks::TcpPing>(def.target, def.port);
            return std::make_unique<NotBuiltCheck>("tcp with ssl");
        default: break;
    }
    return std::make_unique<NotBuiltCheck>(std::string(to_string(def.type)));
}

}  // namespace

std::unique_ptr<checks::Check> make_service_check(const ServiceDefinition& def) {
    auto check = bare_check(def);
    if (!def.timeout) return check;
    return std::make_unique<OwnTimeout>(std::move(check), std::chrono::seconds(*def.timeout));
}

std::vector<protocol::RegisteredService> registered_services(const std::vector<ServiceDefinition>& services) {
    std::vector<protocol::RegisteredService> out;
    out.reserve(services.size());
    for (const auto& def : services) {
        protocol::RegisteredService service;
        service.name = def.name;
        service.type = std::string(to_string(def.type));
        service.target = def.target;
        service.port = def.port;
        service.interval = def.interval.value_or(0);
        service.timeout = def.timeout.value_or(0);
        service.retries = def.retries;
        service.source = def.source;
        out.push_back(std::move(service));
    }
    return out;
}

}  // namespace niamd::services
