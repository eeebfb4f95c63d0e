// niamd: the Non Intrusive Amazon Monitor daemon. One binary, two roles: the client runs
// on every monitored host and pushes heartbeats and check results into SQS; the master
// (ROLE=master in its config) reads the queue. See docs/niamd.md.
#include <malloc.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
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

#include "client/config_source.hpp"
#include "client/client_identity.hpp"
#include "client/instance_naming.hpp"
#include "control/control.hpp"
#include "daemon/aws_services.hpp"
#include "daemon/client_role.hpp"
#include "daemon/config_check.hpp"
#include "daemon/daemonize.hpp"
#include "daemon/options.hpp"
#include "daemon/privileges.hpp"
#include "daemon/signals.hpp"
#include "log/log.hpp"
#include "daemon/master_role.hpp"
#include "version.hpp"

namespace {

using niamd::daemon::Options;

std::string system_hostname() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return name;
}

int run(const Options& options) {
    namespace fs = std::filesystem;
    using niamd::log::info;
    const auto dir_perms = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec;
    // Started as root: the account niamd drops to once its sockets are bound (--user, else niam).
    auto run_as = niamd::daemon::choose_account(options.user);
    if (!run_as) {
        std::fprintf(stderr, "niamd: %s\n", run_as.error().message.c_str());
        return 1;
    }
    const niamd::process::Account* account = run_as->account ? &*run_as->account : nullptr;
    // The log dir even with -f: the master's alert.log lives there.
    for (const std::string& dir : {options.state_dir, options.log_dir}) {
        if (auto prepared = niamd::daemon::prepare_directory(dir, dir_perms, account); !prepared) {
            std::fprintf(stderr, "niamd: %s\n", prepared.error().message.c_str());
            return 1;
        }
    }
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
    if (!run_as->warning.empty()) niamd::log::warning(run_as->warning);
    // What niamd created as root goes to the account it drops to, then it becomes that account.
    const auto drop_privileges = [&] {
        if (account == nullptr) return true;
        std::vector<fs::path> files;
        if (pid_file) files.emplace_back(options.pid_file);
        auto dropped = niamd::daemon::drop_privileges(*account, {options.state_dir, options.log_dir}, files);
        if (!dropped) niamd::log::error(dropped.error().message);
        return dropped.ok();
    };
    // The daemon's stop and reload requests: the signal handlers feed it, both roles' loops read it.
    static niamd::control::Control control(awsrest::system_clock());
    niamd::daemon::install_signal_handlers(&control);

    const std::string hostname = options.hostname.empty() ? system_hostname() : options.hostname;
    auto services = niamd::daemon::AwsServices::create(options);
    if (!services) {
        niamd::log::error(services.error().describe());
        return 1;
    }
    auto& aws = **services;
    std::string instance = aws.instance_id();
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
        return niamd::daemon::run_master_role(options, aws, config, control, drop_privileges);
    }
    // The client binds no socket: it drops now, before its first check or plugin.
    if (!drop_privileges()) return 1;

    // Off EC2, INSTANCE_ID names the host (client/instance_naming.hpp); without it: NOT-AWS.
    const auto named = niamd::client::instance_id_off_ec2(config.config().instance_id, instance,
                                                          std::chrono::seconds(config.config().timeout));
    if (named.instance != instance) {
        info("instance id " + named.instance + " (INSTANCE_ID)");
        instance = named.instance;
    }
    return niamd::daemon::run_client_role(options, aws, config, {instance, hostname}, credentials.ok(), control);
}

}  // namespace

int main(int argc, char** argv) {
    // Blocks of 1 MiB and more (a master's snapshot of every host, a page of /api/hosts) get
    // their own mapping, given back when freed. glibc would otherwise raise this threshold
    // to the largest block freed so far and keep later ones in the heap, which it cannot
    // give back: at 100,000 hosts that held about 48 MB of freed memory (docs/scale.md).
    ::mallopt(M_MMAP_THRESHOLD, 1 << 20);
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
