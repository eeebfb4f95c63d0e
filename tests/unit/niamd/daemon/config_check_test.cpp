// niamd --check-config: the parser's problems plus the role's, one line each, and the exit code.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "daemon/config_check.hpp"
#include "support/temp_dir.hpp"

using niamd::config::Role;
using niamd::daemon::check_config_file;
using niamd::daemon::check_config_text;

namespace {

std::vector<std::string> described(std::string_view text, std::optional<Role> role) {
    std::vector<std::string> lines;
    for (const auto& problem : check_config_text(text, "conf/web1", role)) lines.push_back(problem.describe());
    return lines;
}

constexpr const char* kMasterConfig =
    "ROLE=master\n"
    "DATABASE db.internal 3306 niam s3cretpw niam\n"
    "EC2_CHECK 300\n"
    "NO_AGENT on Monitored=yes\n"
    "RETENTION 90\n"
    "HMAC_KEY k3ysecret\n";

}  // namespace

TEST_CASE("check-config: a good client config has no problem", "[daemon][check-config]") {
    const char* text = "ROLE=client\nPING 10.0.0.5 PORT 0\nHTTP https://api.example.com/health\nINTERVAL 15\n";
    CHECK(described(text, std::nullopt).empty());
    CHECK(described(text, Role::Client).empty());
}

TEST_CASE("check-config: the client's metric and identity statements are no problem", "[daemon][check-config]") {
    const char* text =
        "METRICS 30\nMETRIC stats:graphite -v\nINVENTORY 3600\nINSTANCE_ID dc1 serial 42\n"
        "INSTANCE_ID dc1 command /usr/bin/cat /etc/asset-tag\n";
    CHECK(described(text, std::nullopt).empty());
    CHECK(described(text, Role::Client).empty());
    CHECK(described("METRIC stats:json\n", Role::Client) ==
          std::vector<std::string>{
              "conf/web1:1: METRIC format 'json' must be graphite, perfdata, influx, opentsdb or prometheus"});
}

TEST_CASE("check-config: the parser's problems, by source and line", "[daemon][check-config]") {
    const auto lines = described("PING 10.0.0.5\nINTERVAL 5\nBOGUS 1\nINTERVAL 6\n", std::nullopt);
    CHECK(lines == std::vector<std::string>{
                       "conf/web1:1: PING needs 'PING target PORT port'",
                       "conf/web1:3: unknown statement 'BOGUS'",
                       "conf/web1:4: INTERVAL repeated (first on line 2); the last one applies",
                   });
}

TEST_CASE("check-config: a master config checked as the master, by its ROLE or --role", "[daemon][check-config]") {
    CHECK(described(kMasterConfig, std::nullopt).empty());
    CHECK(described(kMasterConfig, Role::Master).empty());
    CHECK(described("ROLE=master\nRETENTION 0\n", Role::Master) ==
          std::vector<std::string>{"conf/web1:2: RETENTION needs 'RETENTION days' with days 1-3650"});
}

TEST_CASE("check-config: master-only statements are problems in a client config", "[daemon][check-config]") {
    CHECK(described(kMasterConfig, Role::Client) ==
          std::vector<std::string>{
              "conf/web1:2: DATABASE is read only by the master; a client ignores it",
              "conf/web1:3: EC2_CHECK is read only by the master; a client ignores it",
              "conf/web1:4: NO_AGENT is read only by the master; a client ignores it",
              "conf/web1:5: RETENTION is read only by the master; a client ignores it",
          });
    CHECK(described("PING h PORT 1\nMAX_HOSTS 10\nALERT_SCRIPT /bin/page\nRENOTIFY 60\n", std::nullopt).size() == 3);
    CHECK(described("PING h PORT 1\nTHRESHOLD load.1 4 8\nCLOUDWATCH niam\nTHRESHOLD load.5 4 8\n", Role::Client) ==
          std::vector<std::string>{
              "conf/web1:2: THRESHOLD is read only by the master; a client ignores it",
              "conf/web1:3: CLOUDWATCH is read only by the master; a client ignores it",
              "conf/web1:4: THRESHOLD is read only by the master; a client ignores it",
          });
    CHECK(described("ROLE=master\nTHRESHOLD load.1 4 8\nCLOUDWATCH niam\n", std::nullopt).empty());
    CHECK(described("PING h PORT 1\nSSH_ALERT accepted\nLOG_ALERT oops /oops/\nCONTAINER_ALERT oom\n", Role::Client) ==
          std::vector<std::string>{
              "conf/web1:2: SSH_ALERT is read only by the master; a client ignores it",
              "conf/web1:3: LOG_ALERT is read only by the master; a client ignores it",
              "conf/web1:4: CONTAINER_ALERT is read only by the master; a client ignores it",
          });
}

TEST_CASE("check-config: --role master needs ROLE=master", "[daemon][check-config]") {
    CHECK(described("PING h PORT 1\n", Role::Master) ==
          std::vector<std::string>{
              "conf/web1: checked as a master, but without ROLE=master niamd runs this config as a client"});
    CHECK(described("INTERVAL 5\nROLE=client\n", Role::Master) ==
          std::vector<std::string>{
              "conf/web1:2: checked as a master, but without ROLE=master niamd runs this config as a client"});
}

TEST_CASE("check-config: a file prints its problems, a summary and the exit code", "[daemon][check-config]") {
    test_support::TempDir dir("niam-check-config");
    const std::string good = dir.write("good", kMasterConfig).string();
    const std::string bad = dir.write("bad", "PING h\nROLE=client\nDATABASE db 3306 niam s3cretpw\n").string();
    std::ostringstream out;
    CHECK(check_config_file(good, std::nullopt, out) == 0);
    CHECK(out.str() == "niamd: " + good + ": syntax is ok\n");

    out.str("");
    CHECK(check_config_file(bad, std::nullopt, out) == 1);
    CHECK(out.str() == bad + ":1: PING needs 'PING target PORT port'\n" + bad +
                           ":3: DATABASE is read only by the master; a client ignores it\n"
                           "niamd: " +
                           bad + ": 2 problems\n");
    CHECK(out.str().find("s3cretpw") == std::string::npos);

    out.str("");
    CHECK(check_config_file(good, Role::Client, out) == 1);
    CHECK(out.str().find("s3cretpw") == std::string::npos);
    CHECK(out.str().find("k3ysecret") == std::string::npos);
}

TEST_CASE("check-config: a missing or unreadable file is one clear problem", "[daemon][check-config]") {
    test_support::TempDir dir("niam-check-config");
    std::ostringstream out;
    const std::string missing = dir.str() + "/nope";
    CHECK(check_config_file(missing, std::nullopt, out) == 1);
    CHECK(out.str() == "niamd: " + missing + ": cannot read: No such file or directory\n");
    out.str("");
    CHECK(check_config_file(dir.str(), std::nullopt, out) == 1);
    CHECK(out.str() == "niamd: " + dir.str() + ": cannot read: it is a directory\n");
}

TEST_CASE("check-config: a file over the bound is refused whole and not read past it", "[daemon][check-config]") {
    test_support::TempDir dir("niam-check-config");
    const std::string big = dir.write("big", std::string(200 * 1024, '#')).string();
    std::ostringstream out;
    CHECK(check_config_file(big, std::nullopt, out) == 1);
    CHECK(out.str() == big +
                           ": config is larger than 65536 bytes; ignored, using the defaults\n"
                           "niamd: " +
                           big + ": 1 problem\n");
}
