// make_service_check: the one place a service definition becomes a check. http → HttpCheck
// (the endpoint test on http(s)://target:port/uri, Host: hostname), tcp → TcpCheck (with
// ssl: the TLS checks), udp, ssh, smtp, imap, pop3, ldap and mailflow → their protocol
// checks (docs/checks.md). Also what the master is told of a service (no secret).
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "checks/check.hpp"
#include "checks/connection.hpp"
#include "checks/http_endpoint.hpp"
#include "protocol/service_record.hpp"
#include "services/service_definition.hpp"

namespace niamd::services {

// What a check needs to know of the host it runs on.
struct ServiceHost {
    std::string fqdn;                 // the default `hostname` (HTTP Host) and `ssl_hostname`, smtp's EHLO name
    std::filesystem::path state_dir;  // the mail-flow token lists (empty: mail-flow checks say so)
};

// The TLS settings of a service: the name to match (and SNI) is `ssl_hostname`, else the
// host's FQDN.
checks::TlsOptions tls_options(const ServiceDefinition& def, const ServiceHost& host);
// The endpoint test of an http service.
checks::HttpEndpoint http_endpoint(const ServiceDefinition& def, const ServiceHost& host);

// Never null. The check honours the service's own `timeout` when it has one, else the
// timeout it is run with.
std::unique_ptr<checks::Check> make_service_check(const ServiceDefinition& def, const ServiceHost& host);

// Name, type, target, port, schedule and file of each service: no password, no header.
std::vector<protocol::RegisteredService> registered_services(const std::vector<ServiceDefinition>& services);

}  // namespace niamd::services
