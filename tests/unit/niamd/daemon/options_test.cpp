// The niamd command line: the original short options, long options, and usage errors.
#include <catch2/catch.hpp>

#include "daemon/options.hpp"

using niamd::daemon::parse_options;

TEST_CASE("niamd takes the original niam command line", "[daemon][options]") {
    auto parsed =
        parse_options({"-s", "eu-west-1.queue.amazonaws.com", "-i", "monitor", "-e", "s3-eu-west-1.amazonaws.com", "-b",
                       "niam-conf", "-q", "niam", "-f", "-d", "50", "-c", "-h", "web1"});
    REQUIRE(parsed.error.empty());
    const auto& o = parsed.options;
    CHECK(o.sqs_endpoint == "eu-west-1.queue.amazonaws.com");
    CHECK(o.aws_user == "monitor");
    CHECK(o.s3_endpoint == "s3-eu-west-1.amazonaws.com");
    CHECK(o.bucket == "niam-conf");
    CHECK(o.queue == "niam");
    CHECK(o.foreground);
    CHECK(o.debug_level == 50);
    CHECK(o.force_client);
    CHECK(o.hostname == "web1");
    CHECK(o.state_dir == "/var/lib/niam");
    CHECK(o.log_dir == "/var/log/niam");
    CHECK(o.pid_file == "/var/lib/niam/niamd.pid");
    CHECK(o.user.empty());  // niam when it exists (daemon/privileges.hpp)
    CHECK_FALSE(o.once);
}

TEST_CASE("niamd long options, with a space or '='", "[daemon][options]") {
    auto parsed = parse_options({"-q",
                                 "q",
                                 "--config",
                                 "/etc/niam.conf",
                                 "--region=eu-north-1",
                                 "--profile",
                                 "mon",
                                 "--state-dir",
                                 "/tmp/s",
                                 "--log-dir=/tmp/l",
                                 "--once",
                                 "--config-refresh",
                                 "5",
                                 "--spool-max",
                                 "512K",
                                 "--web",
                                 "0.0.0.0:9090",
                                 "--web-token-file",
                                 "/etc/tok",
                                 "-d7",
                                 "--web-host",
                                 "monitor.example",
                                 "--web-host=niam.lan",
                                 "--web-tls-cert",
                                 "/etc/niam/web.pem",
                                 "--web-tls-key=/etc/niam/web.key",
                                 "--user",
                                 "monitor"});
    REQUIRE(parsed.error.empty());
    const auto& o = parsed.options;
    CHECK(o.config_file == "/etc/niam.conf");
    CHECK(o.region == std::optional<std::string>("eu-north-1"));
    CHECK(o.profile == "mon");
    CHECK(o.state_dir == "/tmp/s");
    CHECK(o.log_dir == "/tmp/l");
    CHECK(o.pid_file == "/tmp/s/niamd.pid");
    CHECK(o.once);
    CHECK(o.config_refresh == 5);
    CHECK(o.spool_max == 512 * 1024);
    CHECK(o.web == "0.0.0.0:9090");
    CHECK(o.web_token == "/etc/tok");
    CHECK(o.debug_level == 7);
    CHECK(o.web_hosts == std::vector<std::string>{"monitor.example", "niam.lan"});
    CHECK(o.web_tls_cert == "/etc/niam/web.pem");
    CHECK(o.web_tls_key == "/etc/niam/web.key");
    CHECK(o.user == "monitor");
    CHECK(parse_options({"-q", "q", "-b", "b", "--user=nobody"}).options.user == "nobody");
}

TEST_CASE("niamd usage errors name the option", "[daemon][options]") {
    struct Row {
        std::vector<std::string> args;
        std::string error;
    };
    const std::vector<Row> rows = {
        {{"-b", "b"}, "-q QUEUE is required"},
        {{"-q", "q"}, "-b BUCKET (or --config FILE) is required"},
        {{"-q", "q", "-b", "b", "-d", "0"}, "-d needs a level from 1 to 100"},
        {{"-q", "q", "-b", "b", "-d", "101"}, "-d needs a level from 1 to 100"},
        {{"-q", "q", "-b", "b", "-d", "x"}, "-d needs a level from 1 to 100"},
        {{"-q", "q", "-b", "b", "-x"}, "unknown option '-x'"},
        {{"-q", "q", "-b", "b", "--frobnicate"}, "unknown option '--frobnicate'"},
        {{"-q", "q", "-b"}, "-b needs a value"},
        {{"-q", "q", "-b", "b", "--spool-max", "1K"}, "--spool-max needs a size of at least 64K (e.g. 4M)"},
        {{"-q", "q", "-b", "b", "--config-refresh", "0"}, "--config-refresh needs seconds from 1 to 86400"},
        {{"-q", "q", "-b", "b", "--once=yes"}, "unknown option '--once=yes'"},
        {{"-q", "", "-b", "b"}, "-q needs a non-empty value"},
        {{"-q", "q", "-b", "b", "--user", ""}, "--user needs a non-empty value"},
        {{"-q", "q", "-b", "b", "--user"}, "--user needs a value"},
        {{"-q", "q", "-b", "b", "--web-token-file", "t", "--web-auth-file", "a"},
         "--web-token-file and --web-auth-file exclude each other"},
        {{"-q", "q", "-b", "b", "--web-tls-cert", "web.pem"},
         "--web-tls-cert needs --web-tls-key (the certificate's private key)"},
        {{"-q", "q", "-b", "b", "--web-tls-key", "web.key"},
         "--web-tls-key needs --web-tls-cert (the certificate of that key)"},
    };
    for (const auto& row : rows) {
        INFO(row.error);
        CHECK(parse_options(row.args).error == row.error);
    }
}

TEST_CASE("--help and --version need nothing else", "[daemon][options]") {
    CHECK(parse_options({"--help"}).help);
    CHECK(parse_options({"--help"}).error.empty());
    CHECK(parse_options({"--version"}).version);
    CHECK(niamd::daemon::usage().find("-s SQS_ENDPOINT") != std::string::npos);
}

TEST_CASE("niamd refuses a hostname the master would refuse", "[daemon][options]") {
    auto parsed = parse_options({"-q", "q", "-b", "b", "-h", std::string(1100, 'h')});
    CHECK(parsed.error == "-h HOSTNAME refused: hostname is 1100 bytes, more than the 1024 the protocol allows");
    CHECK(parse_options({"-q", "q", "-b", "b", "-h", "web1\tx"}).error.find("control character") != std::string::npos);
    CHECK(parse_options({"-q", "q", "-b", "b", "-h", std::string(1024, 'h')}).error.empty());
}

TEST_CASE("niamd check-config option needs nothing else and the role option only goes with it",
          "[daemon][options][check-config]") {
    auto parsed = parse_options({"--check-config", "/etc/niam.conf"});
    REQUIRE(parsed.error.empty());
    CHECK(parsed.options.check_config == "/etc/niam.conf");
    CHECK_FALSE(parsed.options.check_role);
    parsed = parse_options({"--check-config=/etc/niam.conf", "--role", "master"});
    REQUIRE(parsed.error.empty());
    CHECK(parsed.options.check_role == niamd::config::Role::Master);
    CHECK(parse_options({"--check-config", "f", "--role=client"}).options.check_role == niamd::config::Role::Client);
    CHECK(parse_options({"--check-config", "f", "--role", "Master"}).error == "--role needs 'client' or 'master'");
    CHECK(parse_options({"-q", "q", "-b", "b", "--role", "master"}).error ==
          "--role goes only with --check-config FILE");
    CHECK(parse_options({"--check-config"}).error == "--check-config needs a value");
}

TEST_CASE("niamd --monitoring-info moves the service definitions folder", "[daemon][options]") {
    CHECK(parse_options({"-q", "q", "-b", "b"}).options.monitoring_info == "/etc/monitoring-info");
    const auto parsed = parse_options({"-q", "q", "-b", "b", "--monitoring-info", "/srv/mi"});
    CHECK(parsed.error.empty());
    CHECK(parsed.options.monitoring_info == "/srv/mi");
    CHECK(parse_options({"-q", "q", "-b", "b", "--monitoring-info="}).error ==
          "--monitoring-info needs a non-empty value");
    CHECK(niamd::daemon::usage().find("--monitoring-info DIR") != std::string::npos);
}

TEST_CASE("options: --leader-lease and --lease-seconds", "[daemon][options]") {
    const niamd::daemon::Options defaults;
    CHECK_FALSE(defaults.leader_lease);
    CHECK(defaults.lease_seconds == 15);
    auto parsed = parse_options({"--config", "/etc/niam.conf", "-q", "q", "--leader-lease", "--lease-seconds=6"});
    INFO(parsed.error);
    REQUIRE(parsed.error.empty());
    CHECK(parsed.options.leader_lease);
    CHECK(parsed.options.lease_seconds == 6);
    CHECK(parse_options({"-q", "q", "--lease-seconds", "2"}).error == "--lease-seconds needs seconds from 3 to 60");
    CHECK(parse_options({"-q", "q", "--lease-seconds", "61"}).error == "--lease-seconds needs seconds from 3 to 60");
}
