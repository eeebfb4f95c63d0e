// The niamd command line: the original niam's short options plus long ones (--help).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "config/host_config.hpp"

namespace niamd::daemon {

struct Options {
    std::string sqs_endpoint;           // -s: legacy host name or full URL; empty: resolved
    std::string aws_user;               // -i: user in $HOME/.awsAuth; empty: standard chain
    std::string s3_endpoint;            // -e
    std::string bucket;                 // -b
    std::string queue;                  // -q: queue name (created if missing)
    bool foreground = false;            // -f
    int debug_level = 0;                // -d 1..100; 0 = off
    bool force_client = false;          // -c
    std::string hostname;               // -h; empty: gethostname()
    std::optional<std::string> region;  // --region
    std::string profile;                // --profile
    std::string config_file;            // --config: local file instead of S3
    std::string state_dir = "/var/lib/niam";
    std::string monitoring_info = "/etc/monitoring-info";  // --monitoring-info DIR (client)
    std::string log_dir = "/var/log/niam";
    std::string pid_file;                    // --pidfile; empty: STATE_DIR/niamd.pid
    std::string user;                        // --user NAME: started as root, run as NAME; empty: niam if it exists
    bool once = false;                       // --once: one cycle, then exit
    int config_refresh = 180;                // --config-refresh SECONDS: S3 config/scripts re-read
    std::size_t spool_max = 0;               // --spool-max BYTES (K/M suffix); 0: SPOOL_MAX_MB of the config
    std::string web = "127.0.0.1:8080";      // --web ADDR:PORT (master)
    std::string web_token;                   // --web-token-file FILE: its first line
    std::string web_auth_file;               // --web-auth-file FILE: basic-auth users
    std::vector<std::string> web_hosts;      // --web-host NAME (repeatable): Host names served openly
    std::string web_tls_cert;                // --web-tls-cert FILE: PEM chain (leaf first); with web_tls_key, HTTPS
    std::string web_tls_key;                 // --web-tls-key FILE: its PEM private key, mode 0600
    bool web_off = false;                    // --no-web
    bool leader_lease = false;               // --leader-lease: one of several masters on one MariaDB
    int lease_seconds = 15;                  // --lease-seconds N (3-60): the lease's length
    std::string url_file;                    // --url-file FILE: the web interface's URL, written once it listens
    std::string check_config;                // --check-config FILE: check FILE, print its problems, exit
    std::optional<config::Role> check_role;  // --role client|master (only with --check-config)
};

struct ParsedOptions {
    Options options;
    bool help = false;
    bool version = false;
    std::string error;  // non-empty: a usage error ("-d needs a level from 1 to 100")
};

ParsedOptions parse_options(const std::vector<std::string>& args);  // args without argv[0]
std::string usage();

}  // namespace niamd::daemon
