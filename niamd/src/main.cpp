// niamd: the Non Intrusive Amazon Monitor daemon. One binary, two roles: the client runs
// on every monitored host and pushes heartbeats and check results into SQS; the master
// (ROLE=master in its config) reads the queue. See docs/niamd.md.
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "checks/script_check.hpp"
#include "client/client.hpp"
#include "client/config_source.hpp"
#include "client/delivery.hpp"
#include "client/script_sync.hpp"
#include "client/spool.hpp"
#include "daemon/aws_services.hpp"
#include "daemon/config_check.hpp"
#include "daemon/daemonize.hpp"
#include "daemon/options.hpp"
#include "daemon/signals.hpp"
#include "log/log.hpp"
#include "protocol/message_signature.hpp"
#include "daemon/master_role.hpp"
#include "version.hpp"

namespace {

using niamd::daemon::Options;

// --once: the cycle's messages did not all reach the queue (no credentials, refused, SQS
// unreachable); they are in the spool. 1 is a start-up failure, 2 a usage error.
constexpr int kExitNotDelivered = 3;

std::string system_hostname() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return name;
}

bool make_directory(const std::string& path, std::filesystem::perms perms) {
    std::error_code error;
    std::filesystem::create_directories(path, error);
    if (error || !std::filesystem::is_directory(path)) {
        std::fprintf(stderr, "niamd: cannot create %s: %s\n", path.c_str(), error.message().c_str());
        return false;
    }
    std::filesystem::permissions(path, perms, error);
    return true;
}

int run(const Options& options) {
    namespace fs = std::filesystem;
    using niamd::log::info;
    const auto dir_perms = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec;
    // The log dir even with -f: the master's alert.log lives there.
    if (!make_directory(options.state_dir, dir_perms) || !make_directory(options.log_dir, dir_perms)) return 1;
    if (options.debug_level > 0) niamd::log::set_level(niamd::log::Level::Debug);
    std::optional<niamd::daemon::PidFile> pid_file;
    if (options.foreground) {
        niamd::log::to_stream(stdout);
    } else {
        const std::string log_path = options.log_dir + "/niam.log";
        if (!niamd::log::to_file(log_path)) {
            std::fprintf(stderr, "niamd: cannot open %s\n", log_path.c_str());
            return 1;
        }
        // Locked before forking: a second instance exits 1 here, not 0 from a parent that forked.
        auto created = niamd::daemon::PidFile::create(options.pid_file);
        if (!created) {
            niamd::log::error(created.error().message);
            std::fprintf(stderr, "niamd: %s\n", created.error().message.c_str());
            return 1;
        }
        pid_file.emplace(std::move(created).value());
        if (auto detached = niamd::daemon::daemonize(); !detached) {
            niamd::log::error(detached.error().message);
            return 1;
        }
        if (auto recorded = pid_file->record_pid(); !recorded) {
            niamd::log::error(recorded.error().message);
            return 1;
        }
    }
    niamd::daemon::install_signal_handlers();

    const std::string hostname = options.hostname.empty() ? system_hostname() : options.hostname;
    auto services = niamd::daemon::AwsServices::create(options);
    if (!services) {
        niamd::log::error(services.error().describe());
        return 1;
    }
    auto& aws = **services;
    const std::string instance = aws.instance_id();
    // A client the master would refuse must not run: its host would never be seen.
    if (auto problem = niamd::client::identity_problem({instance, hostname}); !problem.empty()) {
        niamd::log::error("refusing to start: " + problem);
        return 1;
    }
    info("niamd " + std::string(niamd::version()) + " starting: host " + hostname + ", instance " + instance +
         ", region " + aws.region() + ", queue " + options.queue);
    // Who niamd acts as: the source and the access key id, never the secret. With -i the
    // user's line is the only source; without it a missing identity is told once here,
    // and the client spools until one can be had.
    const auto credentials = aws.credentials().credentials();
    if (credentials) {
        info("credentials: " + credentials->source + ", access key id " + credentials->access_key_id);
    } else if (!options.aws_user.empty()) {
        niamd::log::error("-i " + options.aws_user + ": " + credentials.error().describe());
        return 1;
    } else {
        niamd::log::error("no credentials, nothing can be sent until there are: " + credentials.error().describe());
    }

    niamd::client::ConfigSource config(aws.s3(), options.bucket, hostname, options.state_dir, options.config_file);
    config.refresh();
    if (config.config().role == niamd::config::Role::Master && !options.force_client) {
        return niamd::daemon::run_master_role(options, aws, config);
    }

    // Orphans of plugins (a `setsid` child) become ours, not init's, so each round's sweep
    // can kill them (checks/script_check.hpp).
    if (!niamd::checks::adopt_plugin_orphans()) {
        niamd::log::warning(std::string("cannot become the subreaper of plugins (children they detach go to init): ") +
                            std::strerror(errno));
    }
    const fs::path scripts_dir = fs::path(options.state_dir) / "scripts";
    std::optional<niamd::client::ScriptSync> scripts;
    if (aws.s3() != nullptr && options.config_file.empty()) scripts.emplace(*aws.s3(), options.bucket, scripts_dir);
    niamd::client::Spool spool(fs::path(options.state_dir) / "spool", options.spool_max);
    niamd::client::Delivery delivery(aws.sqs(), options.queue, spool);
    // With HMAC_KEY in the config, every message carries its send time and signature line
    // (docs/protocol.md); signed when sent, so a message drained from the spool is stamped fresh.
    delivery.set_signer([&config](const std::string& body) {
        const std::string& key = config.config().hmac_key;
        const auto sent_at = static_cast<std::int64_t>(std::time(nullptr));
        return key.empty() ? body : niamd::protocol::sign_message(body, key, sent_at);
    });
    if (auto url = delivery.queue_url(); !url) {
        if (!awsrest::is_credentials_problem(url.error())) {
            niamd::log::warning("queue " + options.queue + " not reachable yet (retried every cycle): " +
                                url.error().describe());
        } else if (credentials) {  // refused by AWS: as permanent as having none, and told once as well
            niamd::log::error("queue " + options.queue + ": the credentials are refused, nothing can be sent until " +
                              "they are fixed: " + url.error().describe());
        }
    }
    niamd::client::Client client({instance, hostname}, scripts_dir, config, scripts ? &*scripts : nullptr, delivery,
                                 awsrest::system_clock(), options.config_refresh);
    const auto last = client.run(options.once);
    niamd::checks::kill_running_scripts();  // stopped mid-round: no script outlives the daemon
    niamd::checks::sweep_plugin_leftovers();
    info("niamd stopping");
    // --once: whether the cycle reached the queue; what did not waits in the spool.
    if (options.once && (!last.error.empty() || last.spooled > 0)) return kExitNotDelivered;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto parsed = niamd::daemon::parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (parsed.help) {
        std::cout << niamd::daemon::usage();
        return 0;
    }
    if (parsed.version) {
        std::printf("niamd %s\n", niamd::version());
        return 0;
    }
    if (!parsed.error.empty()) {
        std::fprintf(stderr, "niamd: %s\n%s", parsed.error.c_str(), niamd::daemon::usage().c_str());
        return 2;
    }
    if (!parsed.options.check_config.empty()) {
        return niamd::daemon::check_config_file(parsed.options.check_config, parsed.options.check_role, std::cout);
    }
    return run(parsed.options);
}
