#include "daemon/options.hpp"

#include <charconv>
#include <functional>
#include <map>

#include "client/client_identity.hpp"

namespace niamd::daemon {
namespace {

bool parse_int(const std::string& text, int low, int high, int& out) {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) return false;
    out = value;
    return true;
}

bool parse_size(const std::string& text, std::size_t& out) {
    if (text.empty()) return false;
    std::size_t multiplier = 1;
    std::string digits = text;
    char last = digits.back();
    if (last == 'K' || last == 'k') multiplier = 1024;
    if (last == 'M' || last == 'm') multiplier = 1024 * 1024;
    if (multiplier != 1) digits.pop_back();
    unsigned long long value = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) return false;
    if (value > (1ULL << 40) / multiplier) return false;
    out = static_cast<std::size_t>(value * multiplier);
    return out >= 64 * 1024;
}

}  // namespace

std::string usage() {
    return R"(usage: niamd -s SQS_ENDPOINT -i AWS_USER -e S3_ENDPOINT -b BUCKET -q QUEUE [-f] [-d LEVEL] [-c] [-h HOSTNAME]
             [--region R] [--profile P] [--config FILE] [--state-dir DIR] [--log-dir DIR]
             [--pidfile FILE] [--user NAME] [--once] [--config-refresh SECONDS] [--spool-max BYTES]
             [--monitoring-info DIR]
             [--web ADDR:PORT | --no-web] [--web-token-file FILE] [--web-auth-file FILE]
             [--web-host NAME]... [--web-tls-cert FILE --web-tls-key FILE] [--url-file FILE]
             [--leader-lease [--lease-seconds N]]
       niamd --check-config FILE [--role client|master]

  -s ENDPOINT   SQS endpoint: a legacy host name (eu-west-1.queue.amazonaws.com) or a URL
  -i USER       credentials of USER in $HOME/.awsAuth (else the standard AWS chain)
  -e ENDPOINT   S3 endpoint: a legacy host name or a URL
  -b BUCKET     bucket holding conf/<hostname>, conf/GENERIC and scripts/
  -q QUEUE      queue name (created if missing)
  -f            stay in the foreground, log to stdout
  -d LEVEL      debug level 1-100
  -c            client role even when the config says ROLE=master
  -h HOSTNAME   report this hostname (default: the system's)
  --region R            signing region (else AWS_REGION, the profile, the endpoint's name, IMDS)
  --profile P           credentials profile when -i is absent
  --config FILE         a local config file instead of s3://BUCKET/conf/<hostname>
  --state-dir DIR       spool, cached config, scripts, database (default /var/lib/niam)
  --monitoring-info DIR client: the service definitions (*.conf) to watch (default
                        /etc/monitoring-info; a missing folder is no services)
  --log-dir DIR         niam.log and alert.log (default /var/log/niam)
  --pidfile FILE        default STATE_DIR/niamd.pid (only without -f)
  --user NAME           started as root: run as NAME once the web interface listens (default
                        niam, when that user exists; else niamd stays root and warns). Plugins,
                        SCRIPT checks and ALERT_SCRIPT never run as root: as NAME, else nobody
  --once                one cycle (client) or one round (master), then exit
  --config-refresh S    seconds between conditional re-reads of the config and scripts (180)
  --spool-max BYTES     bound of the outbox, K/M suffixes allowed (default: SPOOL_MAX_MB, 64M)
  --web ADDR:PORT       master's web interface (default 127.0.0.1:8080); --no-web: none
  --web-token-file F    access token (first line of F), required off loopback unless
  --web-auth-file F     basic-auth users (user:password or user:{SHA256}hex lines)
  --web-host NAME       a Host name (besides loopback ones) an open web interface answers;
                        repeatable
  --web-tls-cert F      serve the web interface over HTTPS only (TLS 1.2 or later) with the
                        PEM certificate chain in F (the leaf, then its intermediates); every
                        answer then carries HSTS and every cookie Secure. SIGHUP reads it again
  --web-tls-key F       the certificate's PEM private key (no passphrase), readable by the
                        master's user only (else refused); with --web-tls-cert only
  --url-file FILE       master: write the web interface's URL (one line) to FILE once it
                        listens (scripts read it there, e.g. with --web 127.0.0.1:0)
  --leader-lease        master: one of two or more masters on one DATABASE (MariaDB): the
                        one holding the lease leads, the others serve the web interface
                        from the database and take over within 30 s (docs/master.md)
  --lease-seconds N     the leader lease's length, 3-60 (default 15; renewed every N/3 s, a
                        dead leader replaced within 4N/3 s)
  --check-config FILE   check the host config FILE, print each problem as FILE:LINE: message,
                        exit 0 when there is none, else 1. Reads only FILE: no state dir,
                        no credentials, no AWS
  --role client|master  with --check-config: check FILE as this role's config (default:
                        FILE's ROLE): master-only statements are problems in a client's,
                        a master's needs ROLE=master
  --help, --version
)";
}

ParsedOptions parse_options(const std::vector<std::string>& args) {
    ParsedOptions parsed;
    Options& o = parsed.options;
    // Options taking a value, by every name they answer to.
    std::map<std::string, std::function<std::string(const std::string&)>> valued = {
        {"-s",
         [&](const std::string& v) {
             o.sqs_endpoint = v;
             return std::string();
         }},
        {"-i",
         [&](const std::string& v) {
             o.aws_user = v;
             return std::string();
         }},
        {"-e",
         [&](const std::string& v) {
             o.s3_endpoint = v;
             return std::string();
         }},
        {"-b",
         [&](const std::string& v) {
             o.bucket = v;
             return std::string();
         }},
        {"-q",
         [&](const std::string& v) {
             o.queue = v;
             return std::string();
         }},
        {"-h",
         [&](const std::string& v) {
             o.hostname = v;
             const std::string problem = client::identity_problem({"NOT-AWS", v});
             return problem.empty() ? problem : "-h HOSTNAME refused: " + problem;
         }},
        {"-d",
         [&](const std::string& v) {
             return parse_int(v, 1, 100, o.debug_level) ? "" : "-d needs a level from 1 to 100";
         }},
        {"--region",
         [&](const std::string& v) {
             o.region = v;
             return std::string();
         }},
        {"--profile",
         [&](const std::string& v) {
             o.profile = v;
             return std::string();
         }},
        {"--config",
         [&](const std::string& v) {
             o.config_file = v;
             return std::string();
         }},
        {"--state-dir",
         [&](const std::string& v) {
             o.state_dir = v;
             return std::string();
         }},
        {"--monitoring-info",
         [&](const std::string& v) {
             o.monitoring_info = v;
             return std::string();
         }},
        {"--log-dir",
         [&](const std::string& v) {
             o.log_dir = v;
             return std::string();
         }},
        {"--pidfile",
         [&](const std::string& v) {
             o.pid_file = v;
             return std::string();
         }},
        {"--user",
         [&](const std::string& v) {
             o.user = v;
             return std::string();
         }},
        {"--config-refresh",
         [&](const std::string& v) {
             return parse_int(v, 1, 86400, o.config_refresh) ? "" : "--config-refresh needs seconds from 1 to 86400";
         }},
        {"--spool-max",
         [&](const std::string& v) {
             return parse_size(v, o.spool_max) ? "" : "--spool-max needs a size of at least 64K (e.g. 4M)";
         }},
        {"--web",
         [&](const std::string& v) {
             o.web = v;
             return std::string();
         }},
        {"--web-token-file",
         [&](const std::string& v) {
             o.web_token = v;
             return std::string();
         }},
        {"--web-auth-file",
         [&](const std::string& v) {
             o.web_auth_file = v;
             return std::string();
         }},
        {"--web-host",
         [&](const std::string& v) {
             o.web_hosts.push_back(v);
             return std::string();
         }},
        {"--web-tls-cert",
         [&](const std::string& v) {
             o.web_tls_cert = v;
             return std::string();
         }},
        {"--web-tls-key",
         [&](const std::string& v) {
             o.web_tls_key = v;
             return std::string();
         }},
        {"--url-file",
         [&](const std::string& v) {
             o.url_file = v;
             return std::string();
         }},
        {"--lease-seconds",
         [&](const std::string& v) {
             return parse_int(v, 3, 60, o.lease_seconds) ? "" : "--lease-seconds needs seconds from 3 to 60";
         }},
        {"--check-config",
         [&](const std::string& v) {
             o.check_config = v;
             return std::string();
         }},
        {"--role",
         [&](const std::string& v) {
             if (v == "client") o.check_role = config::Role::Client;
             if (v == "master") o.check_role = config::Role::Master;
             return o.check_role ? "" : "--role needs 'client' or 'master'";
         }},
    };
    std::map<std::string, std::function<void()>> flags = {
        {"-f", [&] { o.foreground = true; }},
        {"-c", [&] { o.force_client = true; }},
        {"--once", [&] { o.once = true; }},
        {"--no-web", [&] { o.web_off = true; }},
        {"--leader-lease", [&] { o.leader_lease = true; }},
        {"--help", [&] { parsed.help = true; }},
        {"--version", [&] { parsed.version = true; }},
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i];
        std::optional<std::string> inline_value;
        if (name.rfind("--", 0) == 0) {
            auto equals = name.find('=');
            if (equals != std::string::npos) {
                inline_value = name.substr(equals + 1);
                name.resize(equals);
            }
        } else if (name.size() > 2 && name[0] == '-' && valued.count(name.substr(0, 2)) != 0) {
            inline_value = name.substr(2);  // -d5, -qQUEUE
            name.resize(2);
        }
        if (auto flag = flags.find(name); flag != flags.end() && !inline_value) {
            flag->second();
            continue;
        }
        auto option = valued.find(name);
        if (option == valued.end()) {
            parsed.error = "unknown option '" + args[i] + "'";
            return parsed;
        }
        std::string value;
        if (inline_value) {
            value = *inline_value;
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            parsed.error = name + " needs a value";
            return parsed;
        }
        if (value.empty()) {
            parsed.error = name + " needs a non-empty value";
            return parsed;
        }
        if (std::string error = option->second(value); !error.empty()) {
            parsed.error = error;
            return parsed;
        }
    }
    if (parsed.help || parsed.version) return parsed;
    if (!o.check_config.empty()) return parsed;  // needs nothing else
    if (o.check_role) {
        parsed.error = "--role goes only with --check-config FILE";
        return parsed;
    }
    if (o.queue.empty()) {
        parsed.error = "-q QUEUE is required";
    } else if (o.bucket.empty() && o.config_file.empty()) {
        parsed.error = "-b BUCKET (or --config FILE) is required";
    } else if (!o.web_token.empty() && !o.web_auth_file.empty()) {
        parsed.error = "--web-token-file and --web-auth-file exclude each other";
    } else if (o.web_tls_cert.empty() != o.web_tls_key.empty()) {
        parsed.error = o.web_tls_cert.empty() ? "--web-tls-key needs --web-tls-cert (the certificate of that key)"
                                              : "--web-tls-cert needs --web-tls-key (the certificate's private key)";
    }
    if (o.pid_file.empty()) o.pid_file = o.state_dir + "/niamd.pid";
    return parsed;
}

}  // namespace niamd::daemon
