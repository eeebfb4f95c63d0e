// make_service_check: each type of a monitoring-info file runs its own check (a refused
// port reads as that protocol's refusal, never "not built"), the http keys become the
// endpoint test and the TLS names default to the host's FQDN.
#include <catch2/catch.hpp>

#include "niamd/checks/check_fixtures.hpp"
#include "services/monitoring_info.hpp"
#include "services/service_check.hpp"

using namespace std::chrono_literals;
using namespace niamd::services;

namespace {

ServiceDefinition defined(const std::string& text) {
    ServiceCatalog catalog;
    add_file_services(text, "/etc/monitoring-info/t.conf", catalog);
    INFO(text);
    REQUIRE(catalog.problems.empty());
    REQUIRE(catalog.services.size() == 1);
    return catalog.services[0];
}

ServiceHost host_of(const std::filesystem::path& state) {
    ServiceHost host;
    host.fqdn = "web1.niam.example";
    host.state_dir = state;
    return host;
}

}  // namespace

TEST_CASE("service check: every network type runs its own check against a refused port", "[services]") {
    check_test::ClosedPort closed;
    check_test::TempDir state;
    const std::string port = std::to_string(closed.port());
    for (const std::string type : {"http", "tcp", "udp", "smtp", "imap", "pop3", "ssh", "ldap"}) {
        const auto def = defined("[svc]\ntype = " + type + "\ntarget = 127.0.0.1\nport = " + port + "\n");
        const auto outcome = make_service_check(def, host_of(state.path()))->run(2000ms);
        INFO(type << ": " << outcome.output);
        CHECK(outcome.nagios_code == 2);
        CHECK(outcome.output.find("not built") == std::string::npos);
        const std::string refusal = type == "udp" ? "port unreachable" : "refused";  // ICMP for udp
        CHECK(outcome.output.find(refusal) != std::string::npos);
    }
}

TEST_CASE("service check: mailflow reads the token list in the state dir", "[services]") {
    check_test::TempDir state;
    const auto def = defined("[flow]\ntype = mailflow\nid = mx1\nseconds = 600\n");
    const auto outcome = make_service_check(def, host_of(state.path()))->run(1000ms);
    INFO(outcome.output);
    CHECK(outcome.nagios_code == 0);  // no token waits
    CHECK(outcome.output.find("not built") == std::string::npos);
}

TEST_CASE("service check: http keys become the endpoint test with the host's FQDN as Host", "[services]") {
    const auto def = defined(
        "[site]\ntype = http\nexpect_status = 200,204\nbody_contains = ok\nbody_regex = ^v[0-9]+\n"
        "max_redirects = 3\nwarn_ms = 300\ncrit_ms = 900\nmethod = HEAD\nheader = X-A: 1\n");
    const auto endpoint = http_endpoint(def, host_of({}));
    CHECK(endpoint.host_header == "web1.niam.example");
    CHECK(endpoint.method == "HEAD");
    CHECK(endpoint.headers == std::vector<std::string>{"X-A: 1"});
    CHECK(niamd::checks::status_ranges_text(endpoint.expect_status) == "200,204");
    CHECK(endpoint.body_contains == "ok");
    REQUIRE(endpoint.body_regex);
    CHECK(endpoint.body_regex->found_in("x\nv12\n"));
    CHECK(endpoint.max_redirects == 3);
    CHECK(endpoint.warn_ms == 300);
    CHECK(endpoint.crit_ms == 900);
    const auto named = defined("[site]\ntype = http\nhostname = www.example.org\n");
    CHECK(http_endpoint(named, host_of({})).host_header == "www.example.org");
}

TEST_CASE("service check: TLS names default to the host's FQDN and take ssl_hostname", "[services]") {
    const auto plain = defined("[s]\ntype = tcp\nport = 443\nssl = true\nca_file = /etc/ca.pem\n");
    const auto options = tls_options(plain, host_of({}));
    CHECK(options.hostname == "web1.niam.example");
    CHECK(options.ca_file == "/etc/ca.pem");
    const auto named = defined(
        "[s]\ntype = tcp\nport = 443\nssl = true\nssl_hostname = api.example.org\n"
        "expire_before_days = 21\nignore_invalid_ssl = true\n");
    const auto other = tls_options(named, host_of({}));
    CHECK(other.hostname == "api.example.org");
    CHECK(other.expire_before_days == 21);
    CHECK(other.ignore_invalid);
}
