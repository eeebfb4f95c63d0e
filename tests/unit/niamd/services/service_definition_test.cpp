// /etc/monitoring-info files: the INI reader, the typed definitions with their defaults, and
// errors that name file:line:key, skip only their section and never show a password.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "services/ini_reader.hpp"
#include "services/monitoring_info.hpp"
#include "services/service_definition.hpp"

using namespace niamd::services;

namespace {

ServiceCatalog catalog_of(const std::string& text, const std::string& file = "/etc/monitoring-info/a.conf") {
    ServiceCatalog catalog;
    add_file_services(text, file, catalog);
    return catalog;
}

std::string problems_text(const ServiceCatalog& catalog) {
    std::string all;
    for (const auto& problem : catalog.problems) all += problem.text() + "\n";
    return all;
}

ServiceDefinition only(const ServiceCatalog& catalog) {
    INFO(problems_text(catalog));
    REQUIRE(catalog.problems.empty());
    REQUIRE(catalog.services.size() == 1);
    return catalog.services[0];
}

}  // namespace

TEST_CASE("services: the spec example reads as two services with their defaults", "[services]") {
    const auto catalog = catalog_of(
        "# packaged by apache2\n[apache2]\ntype = http\nport = 8080\nuri = /server-status\n\n"
        "; the directory\n[slapd]\n  TYPE=ldap\nssl = true\nexpire_before_days = 21\n");
    INFO(problems_text(catalog));
    REQUIRE(catalog.problems.empty());
    REQUIRE(catalog.services.size() == 2);
    const auto& http = catalog.services[0];
    CHECK(http.name == "apache2");
    CHECK(http.type == ServiceType::Http);
    CHECK(http.port == 8080);
    CHECK(http.http.uri == "/server-status");
    CHECK(http.http.accept_redirection);
    CHECK(http.http.hostname.empty());  // the host's FQDN
    CHECK(http.target == "localhost");
    CHECK(http.http.expect_status == std::vector<StatusRange>{{200, 399}});
    CHECK(http.source == "/etc/monitoring-info/a.conf");
    CHECK(http.line == 2);
    const auto& ldap = catalog.services[1];
    CHECK(ldap.type == ServiceType::Ldap);
    CHECK(ldap.tls.ssl);
    CHECK(ldap.port == 636);
    CHECK(ldap.tls.expire_before_days == 21);
}

TEST_CASE("services: default ports follow the type and ssl", "[services]") {
    struct Row {
        const char* text;
        int port;
    };
    const Row rows[] = {
        {"type = http", 80},
        {"type = http\nssl = yes", 443},
        {"type = smtp", 25},
        {"type = smtp\nssl = on", 465},
        {"type = imap", 143},
        {"type = imap\nssl = 1", 993},
        {"type = pop3", 110},
        {"type = pop3\nssl = true", 995},
        {"type = ssh", 22},
        {"type = ldap", 389},
        {"type = tcp\nport = 5432", 5432},
        {"type = udp\nport = 53", 53},
        {"type = mailflow\nid = m1\nseconds = 600", 0},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(only(catalog_of(std::string("[s]\n") + row.text + "\n")).port == row.port);
    }
}

TEST_CASE("services: booleans read every spelling users expect", "[services]") {
    for (const char* yes : {"true", "yes", "on", "1", "TRUE", "Yes"}) CHECK(parse_bool(yes) == true);
    for (const char* no : {"false", "no", "off", "0", "Off"}) CHECK(parse_bool(no) == false);
    for (const char* bad : {"", "2", "y", "truee", "enabled"}) CHECK_FALSE(parse_bool(bad).has_value());
}

TEST_CASE("services: http endpoint keys and schedule keys are typed", "[services]") {
    const auto& def =
        only(catalog_of("[api]\ntype = http\naccept_redirection = no\nexpect_status = 200-204, 301\n"
                        "body_contains = ok\nbody_not_contains = error\nbody_regex = ^v[0-9]+\n"
                        "max_redirects = 3\nwarn_ms = 200\ncrit_ms = 900\nmethod = HEAD\n"
                        "header = X-Probe: niam\nheader = Accept: */*\ntimeout = 5\ninterval = 60\n"
                        "retries = 2\nrecover = 3\nflap_changes = 6\n"));
    CHECK_FALSE(def.http.accept_redirection);
    REQUIRE(def.http.expect_status.size() == 2);
    CHECK(def.http.expect_status[0].low == 200);
    CHECK(def.http.expect_status[0].high == 204);
    CHECK(def.http.expect_status[1].low == 301);
    CHECK(def.http.headers == std::vector<std::string>{"X-Probe: niam", "Accept: */*"});
    CHECK(def.http.method == "HEAD");
    CHECK(def.http.max_redirects == 3);
    CHECK(def.http.warn_ms == 200);
    CHECK(def.http.crit_ms == 900);
    CHECK(def.interval == 60);
    CHECK(def.timeout == 5);
    CHECK(def.retries == 2);
    CHECK(def.recover == 3);
    CHECK(def.flap_changes == 6);
    // Without accept_redirection and expect_status, only 2xx is success.
    CHECK(only(catalog_of("[x]\ntype = http\naccept_redirection = false\n")).http.expect_status ==
          std::vector<StatusRange>{{200, 299}});
}

TEST_CASE("services: each error names file line and key and skips only its section", "[services]") {
    const auto catalog = catalog_of(
        "[good1]\ntype = ssh\n"
        "[nokind]\nport = 22\n"
        "[weird]\ntype = dns\n"
        "[badport]\ntype = tcp\nport = 99999\n"
        "[unknown]\ntype = ssh\ncolour = blue\n"
        "[noport]\ntype = udp\n"
        "[good2]\ntype = tcp\nport = 5432\n"
        "[badbool]\ntype = http\nssl = maybe\n",
        "/m/x.conf");
    REQUIRE(catalog.services.size() == 2);
    CHECK(catalog.services[0].name == "good1");
    CHECK(catalog.services[1].name == "good2");
    const std::string all = problems_text(catalog);
    INFO(all);
    CHECK(all.find("/m/x.conf:3: type: missing") != std::string::npos);
    CHECK(all.find("/m/x.conf:6: type: unknown type") != std::string::npos);
    CHECK(all.find("/m/x.conf:9: port: bad value") != std::string::npos);
    CHECK(all.find("/m/x.conf:12: colour: unknown key for type ssh") != std::string::npos);
    CHECK(all.find("/m/x.conf:13: port: missing (mandatory for type udp)") != std::string::npos);
    CHECK(all.find("/m/x.conf:20: ssl: bad value") != std::string::npos);
    CHECK(catalog.problems.size() == 6);
}

TEST_CASE("services: a password never appears in a problem", "[services]") {
    const std::string secret = "s3cr3t-Pa55";
    const auto catalog =
        catalog_of("[mail]\ntype = imap\nusername = bob\npassword = " + secret + "\npassword = " + secret +
                   "\nport = " + secret + "\nssl = " + secret + "\n[other]\ntype = pop3\npassword " + secret +
                   "\n"
                   "[third]\ntype = ldap\npassword = " +
                   secret + "\n");
    CHECK(catalog.services.empty());
    REQUIRE(catalog.problems.size() >= 4);
    for (const auto& problem : catalog.problems) {
        INFO(problem.text());
        CHECK(problem.text().find(secret) == std::string::npos);
    }
}

TEST_CASE("services: the reader refuses bad bytes and long lines and bounds sections", "[services]") {
    const auto nul = catalog_of(std::string("[a]\ntype = ssh\nuri = x\0y\n[b]\ntype = ssh\n", 40));
    REQUIRE(nul.services.size() == 1);
    CHECK(nul.services[0].name == "b");
    CHECK(problems_text(nul).find("a.conf:3: line holds a NUL") != std::string::npos);

    const auto utf8 = catalog_of("[a]\ntype = ssh\nsend = \xff\xfe\n");
    CHECK(utf8.services.empty());
    CHECK(problems_text(utf8).find(":3: line holds") != std::string::npos);

    const auto long_line = catalog_of("[a]\ntype = ssh\nsend = " + std::string(5000, 'x') + "\n");
    CHECK(long_line.services.empty());
    CHECK(problems_text(long_line).find(":3: line is 5007 bytes") != std::string::npos);

    std::string many;
    for (int i = 0; i < 1005; ++i) many += "[s" + std::to_string(i) + "]\ntype = ssh\n";
    const auto bounded = catalog_of(many);
    CHECK(bounded.services.size() == kMaxIniSections);
    CHECK(problems_text(bounded).find("more than 1000 sections") != std::string::npos);

    CHECK(read_ini(std::string(kMaxIniFileBytes + 1, '#')).errors.size() == 1);
}

TEST_CASE("services: a disabled service is skipped quietly and names are unique", "[services]") {
    ServiceCatalog catalog;
    add_file_services("[a]\ntype = ssh\nenabled = no\n[b]\ntype = ssh\n", "one.conf", catalog);
    add_file_services("[b]\ntype = tcp\nport = 1\n", "two.conf", catalog);
    REQUIRE(catalog.services.size() == 1);
    CHECK(catalog.services[0].name == "b");
    CHECK(catalog.services[0].type == ServiceType::Ssh);
    REQUIRE(catalog.problems.size() == 1);
    CHECK(catalog.problems[0].text() == "two.conf:1: service name already defined; this one is skipped");
}

TEST_CASE("services: the folder loads every conf file in name order and a missing folder is none", "[services]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("niam-mi-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    CHECK(load_monitoring_info(dir).services.empty());
    CHECK(load_monitoring_info(dir).problems.empty());
    fs::create_directories(dir);
    std::ofstream(dir / "b.conf") << "[web]\ntype = http\n";
    std::ofstream(dir / "a.conf") << "[ssh]\ntype = ssh\n[bad]\ntype = x\n";
    std::ofstream(dir / "c.txt") << "[ignored]\ntype = ssh\n";
    const auto catalog = load_monitoring_info(dir);
    CHECK(catalog.files == 2);
    REQUIRE(catalog.services.size() == 2);
    CHECK(catalog.services[0].name == "ssh");
    CHECK(catalog.services[1].name == "web");
    CHECK(catalog.services[1].source == (dir / "b.conf").string());
    REQUIRE(catalog.problems.size() == 1);
    CHECK(catalog.problems[0].text() == (dir / "a.conf").string() +
                                            ":4: type: unknown type (expected http, tcp, "
                                            "udp, smtp, imap, pop3, ssh, ldap or mailflow)");
    fs::remove_all(dir);
}

TEST_CASE("services: status lists read codes and ranges", "[services]") {
    const auto list = parse_status_list("200-204, 301");
    REQUIRE(list);
    REQUIRE(list->size() == 2);
    CHECK((*list)[0].low == 200);
    CHECK((*list)[0].high == 204);
    CHECK((*list)[1].low == 301);
    CHECK((*list)[1].high == 301);
    CHECK_FALSE(parse_status_list("299-200"));
    CHECK_FALSE(parse_status_list("99"));
    CHECK_FALSE(parse_status_list("200,"));
}

TEST_CASE("services: problems are printable and never echo a section name", "[services]") {
    // Found by fuzz/monitoring_info: a CR inside a section name came back in a problem.
    const auto catalog = catalog_of("[d\rns]\ntype = udp\nsend = a\x01z\n[ok]\r\ntype = ssh\r\n");
    REQUIRE(catalog.services.size() == 1);
    CHECK(catalog.services[0].name == "ok");
    REQUIRE_FALSE(catalog.problems.empty());
    for (const auto& problem : catalog.problems) {
        INFO(problem.text());
        for (const char c : problem.text()) CHECK((c >= 0x20 && c <= 0x7e));
    }
}
