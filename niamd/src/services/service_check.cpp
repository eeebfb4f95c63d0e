#include "services/service_check.hpp"

#include <algorithm>

#include "checks/http_check.hpp"
#include "checks/imap_check.hpp"
#include "checks/ldap_check.hpp"
#include "checks/mailflow_check.hpp"
#include "checks/pop3_check.hpp"
#include "checks/smtp_check.hpp"
#include "checks/ssh_check.hpp"
#include "checks/tcp_check.hpp"
#include "checks/udp_check.hpp"

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

// A target as a URL's host: an IPv6 literal in brackets.
std::string url_host(const std::string& target) {
    return target.find(':') != std::string::npos ? "[" + target + "]" : target;
}

// The connection keys every TLS-capable protocol check shares.
template <typename Options>
Options connected(const ServiceDefinition& def, const ServiceHost& host) {
    Options options;
    options.target = def.target;
    options.port = def.port;
    options.ssl = def.tls.ssl;
    options.starttls = def.tls.starttls;
    options.tls = tls_options(def, host);
    return options;
}

std::unique_ptr<checks::Check> bare_check(const ServiceDefinition& def, const ServiceHost& host) {
    switch (def.type) {
        case ServiceType::Http: {
            const std::string url = std::string(def.tls.ssl ? "https" : "http") + "://" + url_host(def.target) + ":" +
                                    std::to_string(def.port) + def.http.uri;
            return std::make_unique<checks::HttpCheck>(url, http_endpoint(def, host), tls_options(def, host));
        }
        case ServiceType::Tcp: {
            checks::TcpCheckOptions options;
            options.target = def.target;
            options.port = def.port;
            if (def.tls.ssl) options.tls = tls_options(def, host);
            return std::make_unique<checks::TcpCheck>(std::move(options));
        }
        case ServiceType::Udp: {
            checks::UdpOptions options;
            options.target = def.target;
            options.port = def.port;
            options.send = def.send;
            options.expect = def.expect;
            return std::make_unique<checks::UdpCheck>(std::move(options));
        }
        case ServiceType::Ssh: {
            checks::SshOptions options;
            options.target = def.target;
            options.port = def.port;
            return std::make_unique<checks::SshCheck>(std::move(options));
        }
        case ServiceType::Smtp: {
            auto options = connected<checks::SmtpOptions>(def, host);
            options.helo_name = host.fqdn;
            options.email = def.email;
            options.mailflowid = def.mailflowid;
            options.state_dir = host.state_dir;
            return std::make_unique<checks::SmtpCheck>(std::move(options));
        }
        case ServiceType::Imap: {
            auto options = connected<checks::ImapOptions>(def, host);
            options.username = def.username;
            options.password = def.password;
            options.mailflowid = def.mailflowid;
            options.state_dir = host.state_dir;
            return std::make_unique<checks::ImapCheck>(std::move(options));
        }
        case ServiceType::Pop3: {
            auto options = connected<checks::Pop3Options>(def, host);
            options.username = def.username;
            options.password = def.password;
            options.mailflowid = def.mailflowid;
            options.state_dir = host.state_dir;
            return std::make_unique<checks::Pop3Check>(std::move(options));
        }
        case ServiceType::Ldap: {
            auto options = connected<checks::LdapOptions>(def, host);
            options.username = def.username;
            options.password = def.password;
            return std::make_unique<checks::LdapCheck>(std::move(options));
        }
        case ServiceType::Mailflow: {
            checks::MailflowOptions options;
            options.id = def.id;
            options.seconds = def.seconds;
            options.state_dir = host.state_dir;
            return std::make_unique<checks::MailflowCheck>(std::move(options));
        }
    }
    return std::make_unique<NotBuiltCheck>(std::string(to_string(def.type)));
}

}  // namespace

checks::TlsOptions tls_options(const ServiceDefinition& def, const ServiceHost& host) {
    checks::TlsOptions options;
    options.hostname = !def.tls.ssl_hostname.empty() ? def.tls.ssl_hostname : host.fqdn;
    options.ca_file = def.tls.ca_file;
    options.ignore_invalid = def.tls.ignore_invalid_ssl;
    options.expire_before_days = def.tls.expire_before_days;
    return options;
}

checks::HttpEndpoint http_endpoint(const ServiceDefinition& def, const ServiceHost& host) {
    checks::HttpEndpoint endpoint;
    endpoint.method = def.http.method;
    endpoint.headers = def.http.headers;
    endpoint.host_header = !def.http.hostname.empty() ? def.http.hostname : host.fqdn;
    endpoint.accept_redirection = def.http.accept_redirection;
    endpoint.max_redirects = def.http.max_redirects;
    for (const auto& range : def.http.expect_status) {
        checks::HttpStatusRange status;
        status.low = range.low;
        status.high = range.high;
        endpoint.expect_status.push_back(status);
    }
    endpoint.body_contains = def.http.body_contains;
    endpoint.body_not_contains = def.http.body_not_contains;
    if (!def.http.body_regex.empty()) endpoint.body_regex = checks::BodyPattern::compile(def.http.body_regex);
    endpoint.warn_ms = def.http.warn_ms;
    endpoint.crit_ms = def.http.crit_ms;
    return endpoint;
}

std::unique_ptr<checks::Check> make_service_check(const ServiceDefinition& def, const ServiceHost& host) {
    auto check = bare_check(def, host);
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
