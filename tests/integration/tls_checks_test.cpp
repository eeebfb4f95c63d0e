// The TLS certificate checks against a real nginx on 127.0.0.1: one port, virtual hosts
// selected by SNI, each serving a chain made by the test (a test CA as ca_file, an
// intermediate, a short-lived intermediate), checked by TcpCheck with TLS and by HttpCheck
// on https. Names end in .localhost: curl resolves those to loopback itself (RFC 6761);
// TcpCheck connects to 127.0.0.1 and sends the name as ssl_hostname.
#include <catch2/catch.hpp>

#include <ctime>
#include <string>
#include <vector>

#include "checks/connection.hpp"
#include "checks/http_check.hpp"
#include "checks/tcp_check.hpp"
#include "nginx_tls_server.hpp"
#include "support/test_certificates.hpp"

using namespace std::chrono_literals;
using niam_test::CertificateSpec;
using niam_test::TestCertificate;
using niamd::checks::TlsOptions;

namespace {

CertificateSpec spec(std::string common_name, std::vector<std::string> dns_names, long until_days = 90,
                     bool is_ca = false) {
    CertificateSpec made;
    made.common_name = std::move(common_name);
    made.dns_names = std::move(dns_names);
    made.valid_until_days = until_days;
    made.is_ca = is_ca;
    return made;
}

struct Row {
    std::string name;  // the name checked (SNI and match)
    int nagios_code;
    std::string fragment;  // in the output
    int expire_before_days = 0;
};

// The certificate matrix of issue #12, served by one nginx.
struct TlsMatrix {
    // An hour ahead, so the whole days left of a certificate made "N days" from now are N
    // while the test runs.
    std::time_t made_at = std::time(nullptr) + 3600;
    TestCertificate ca = niam_test::make_certificate(spec("niam test CA", {}, 3650, true), nullptr, made_at);
    TestCertificate intermediate =
        niam_test::make_certificate(spec("niam test intermediate", {}, 1825, true), &ca, made_at);
    TestCertificate short_intermediate =
        niam_test::make_certificate(spec("niam short intermediate", {}, 3, true), &ca, made_at);
    scenario::NginxTlsServer nginx;
    std::string ca_file;

    void serve(const std::string& server_names, const CertificateSpec& leaf_spec, bool default_server = false) {
        serve_by(server_names, leaf_spec, &intermediate, true, default_server);
    }
    void serve_by(const std::string& server_names, const CertificateSpec& leaf_spec, const TestCertificate* issuer,
                  bool send_issuer, bool default_server = false) {
        const TestCertificate leaf = niam_test::make_certificate(leaf_spec, issuer, made_at);
        std::vector<const TestCertificate*> chain{&leaf};
        if (issuer != nullptr && send_issuer) chain.push_back(issuer);
        scenario::NginxTlsServer::VirtualHost host;
        host.server_names = server_names;
        host.chain_pem = niam_test::chain_pem(chain);
        host.key_pem = leaf.key_pem();
        host.default_server = default_server;
        nginx.add(host);
    }

    TlsMatrix() {
        ca_file = nginx.dir() + "/ca.pem";
        niam_test::write_text_file(ca_file, ca.certificate_pem());
        auto fallback = spec("", {"default.niam.localhost"});
        fallback.ip_addresses = {"127.0.0.1"};
        serve("default.niam.localhost", fallback, true);
        serve("valid.niam.localhost", spec("", {"valid.niam.localhost"}));
        auto expired = spec("", {"expired.niam.localhost"}, -1);
        expired.valid_from_days = -30;
        serve("expired.niam.localhost", expired);
        auto future = spec("", {"future.niam.localhost"});
        future.valid_from_days = 2;
        serve("future.niam.localhost", future);
        serve("wrong.niam.localhost", spec("", {"other.niam.localhost"}));
        serve("wild.niam.localhost *.wild.niam.localhost", spec("", {"*.wild.niam.localhost"}));
        serve("*.multi.niam.localhost", spec("", {"*.*.multi.niam.localhost"}));
        serve("sanonly.niam.localhost", spec("", {"sanonly.niam.localhost"}));
        serve("cnonly.niam.localhost", spec("cnonly.niam.localhost", {}));
        serve_by("selfsigned.niam.localhost", spec("selfsigned.niam.localhost", {"selfsigned.niam.localhost"}), nullptr,
                 false);
        serve_by("missing.niam.localhost", spec("", {"missing.niam.localhost"}), &intermediate, false);
        serve_by("shortint.niam.localhost", spec("", {"shortint.niam.localhost"}, 40), &short_intermediate, true);
        serve("sni-only.niam.localhost", spec("", {"sni-only.niam.localhost"}));
        nginx.start();
    }
};

const std::vector<Row>& matrix() {
    static const std::vector<Row> rows{
        {"valid.niam.localhost", 0, "(leaf) expires in 90 days; chain verified; name matched"},
        {"expired.niam.localhost", 2, "(leaf) has expired"},
        {"future.niam.localhost", 2, "(leaf) is not yet valid"},
        {"wrong.niam.localhost", 2, "name 'wrong.niam.localhost' does not match the certificate"},
        {"a.wild.niam.localhost", 0, "name matched"},
        {"wild.niam.localhost", 2, "name 'wild.niam.localhost' does not match"},          // wildcard vs apex
        {"a.b.wild.niam.localhost", 2, "name 'a.b.wild.niam.localhost' does not match"},  // one label only
        {"a.b.multi.niam.localhost", 2, "does not match"},                                // *.*. never matches
        {"sanonly.niam.localhost", 0, "name matched"},
        {"cnonly.niam.localhost", 0, "certificate 'CN=cnonly.niam.localhost' (leaf) expires in 90 days"},
        {"selfsigned.niam.localhost", 2, "chain not trusted: self-signed certificate"},
        {"missing.niam.localhost", 2, "chain not trusted: unable to get local issuer certificate"},
        {"shortint.niam.localhost", 1,
         "certificate 'CN=niam short intermediate' (intermediate) expires in 3 days, before the leaf (40 days), "
         "within 7 days",
         7},
        {"sni-only.niam.localhost", 0, "name matched"},
        {"127.0.0.1", 0, "name matched"},  // an IP: no SNI, the default server's certificate, its IP SAN
    };
    return rows;
}

}  // namespace

TEST_CASE("tls checks: TcpCheck gives each certificate of the matrix its verdict", "[tls][nginx]") {
    TlsMatrix fixture;
    for (const Row& row : matrix()) {
        TlsOptions tls;
        tls.hostname = row.name;
        tls.ca_file = fixture.ca_file;
        tls.expire_before_days = row.expire_before_days;
        niamd::checks::TcpCheckOptions options;
        options.target = "127.0.0.1";
        options.port = fixture.nginx.port();
        options.tls = tls;
        const auto outcome = niamd::checks::TcpCheck(options).run(5000ms);
        INFO(row.name << ": " << outcome.output);
        CHECK(outcome.nagios_code == row.nagios_code);
        CHECK(outcome.ok == (row.nagios_code == 0));
        CHECK_THAT(outcome.output, Catch::Contains(row.fragment));
        CHECK_THAT(outcome.perfdata, Catch::StartsWith("tls_days_left="));
    }
}

TEST_CASE("tls checks: HttpCheck on https gives each certificate of the matrix its verdict", "[tls][nginx]") {
    TlsMatrix fixture;
    for (const Row& row : matrix()) {
        TlsOptions tls;
        tls.ca_file = fixture.ca_file;
        tls.expire_before_days = row.expire_before_days;
        const std::string url = "https://" + row.name + ":" + std::to_string(fixture.nginx.port()) + "/";
        const auto outcome = niamd::checks::HttpCheck(url, {}, tls).run(5000ms);
        INFO(url << ": " << outcome.output);
        CHECK(outcome.nagios_code == row.nagios_code);
        CHECK_THAT(outcome.output, Catch::StartsWith("HTTP 200 in "));
        CHECK_THAT(outcome.output, Catch::Contains(row.fragment));
    }
}

TEST_CASE("tls checks: a valid certificate gives tls_days_left perfdata and a plain TcpCheck connects",
          "[tls][nginx]") {
    TlsMatrix fixture;
    TlsOptions tls;
    tls.hostname = "valid.niam.localhost";
    tls.ca_file = fixture.ca_file;
    niamd::checks::TcpCheckOptions options;
    options.target = "127.0.0.1";
    options.port = fixture.nginx.port();
    options.tls = tls;
    CHECK(niamd::checks::TcpCheck(options).run(5000ms).perfdata == "tls_days_left=90");
    options.tls.reset();
    const auto plain = niamd::checks::TcpCheck(options).run(5000ms);
    CHECK(plain.ok);
    CHECK_THAT(plain.output, Catch::Matches("connected in [0-9]+ ms"));
    // The system store does not know the test CA: a bad chain still fails an https check.
    const auto untrusted =
        niamd::checks::HttpCheck("https://valid.niam.localhost:" + std::to_string(options.port) + "/").run(5000ms);
    INFO(untrusted.output);
    CHECK(untrusted.nagios_code == 2);
    CHECK_THAT(untrusted.output, Catch::Contains("chain not trusted"));
}

TEST_CASE("tls checks: after start_tls reads and writes of a Connection go through TLS", "[tls][nginx]") {
    TlsMatrix fixture;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    niamd::checks::ConnectionError error = niamd::checks::ConnectionError::None;
    std::string error_text;
    const auto connection =
        niamd::checks::Connection::open("127.0.0.1", fixture.nginx.port(), deadline, error, error_text);
    REQUIRE(connection);
    TlsOptions tls;
    tls.hostname = "valid.niam.localhost";
    tls.ca_file = fixture.ca_file;
    const auto verdict = connection->start_tls(tls, deadline);
    INFO(verdict.text);
    CHECK(verdict.nagios_code == 0);
    REQUIRE(connection->write_all("GET / HTTP/1.0\r\nHost: valid.niam.localhost\r\n\r\n", deadline));
    const auto status = connection->read_line(deadline);
    REQUIRE(status);
    CHECK(*status == "HTTP/1.1 200 OK");
    while (connection->read_line(deadline)) {
    }
    CHECK(connection->error() == niamd::checks::ConnectionError::Closed);  // nginx closes after HTTP/1.0
}
