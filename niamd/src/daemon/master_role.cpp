#include "daemon/master_role.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "files/atomic_file.hpp"
#include "daemon/state_dir_lock.hpp"
#include "log/log.hpp"
#include "master/master.hpp"
#include "master/monitor.hpp"
#include "store/leader_lease.hpp"
#include "store/open_store.hpp"
#include "web/listen_address.hpp"
#include "web/secret_file.hpp"
#include "web/web_server.hpp"

namespace niamd::daemon {

namespace {

using Steady = std::chrono::steady_clock;

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(awsrest::system_clock().now().time_since_epoch()).count();
}

// This master among the others on the database: host name and pid.
std::string lease_holder() {
    std::array<char, 256> name{};
    if (::gethostname(name.data(), name.size() - 1) != 0) name[0] = '\0';
    return std::string(name.data()) + ":" + std::to_string(::getpid());
}

// A standby's web interface: the hosts and checks as the leader last committed them.
void publish_from_store(store::HistoryStore& store, const config::HostConfig& config, master::SnapshotBoard& board) {
    master::Monitor view(store, config);
    const std::int64_t now = unix_now();
    if (auto loaded = view.load(now, false); !loaded) {
        log::warning("standby: cannot read the state from the database: " + loaded.error().describe());
        return;
    }
    board.publish(view.snapshot(now));
}

}  // namespace

int run_master_role(const Options& options, AwsServices& aws, client::ConfigSource& config, control::Control& control,
                    const std::function<bool()>& drop_privileges) {
    log::info("role: master (config from " + config.source() + ")");
    if (options.leader_lease && !config.config().database) {
        log::error(
            "--leader-lease needs a DATABASE statement (MariaDB): the SQLite store (STATE_DIR/niam.db) "
            "serves one master only");
        return 1;
    }
    auto lock = StateDirLock::take(options.state_dir);
    if (!lock) {
        log::error(lock.error().message + (config.config().database
                                               ? std::string()
                                               : " (its SQLite database serves one master; two masters need DATABASE "
                                                 "and --leader-lease)"));
        return 1;
    }
    auto store = store::open_store(config.config().database, options.state_dir);
    if (!store) {
        log::error("history store: " + store.error().describe());
        return 1;
    }
    std::unique_ptr<store::LeaderLease> lease;
    if (options.leader_lease) {
        auto opened = store::open_mariadb_lease(*config.config().database, lease_holder(), awsrest::system_clock());
        if (!opened) {
            log::error("leader lease: " + opened.error().describe());
            return 1;
        }
        lease = std::move(opened).value();
    }
    auto queue_url = aws.sqs().create_queue(options.queue);
    while (!queue_url && !control.stop_requested()) {
        log::warning("queue " + options.queue + " not reachable yet, retrying in 5 s: " + queue_url.error().describe());
        control.wait_for(std::chrono::seconds(5));
        queue_url = aws.sqs().create_queue(options.queue);
    }
    if (!queue_url) return 0;

    master::SnapshotBoard board;
    std::unique_ptr<store::HistoryStore> web_store;
    std::optional<web::WebServer> web_server;
    if (!options.web_off) {
        web::WebOptions web_options;
        auto listen = web::parse_listen_address(options.web);
        if (!listen) {
            log::error("--web " + options.web + ": " + listen.error().message);
            return 1;
        }
        web_options.address = listen->address;
        web_options.port = listen->port;
        if (!options.web_token.empty()) {
            auto token = web::read_access_token_file(options.web_token);
            if (!token) {
                log::error("--web-token-file: " + token.error().message);
                return 1;
            }
            web_options.access_token = std::move(token).value();
        }
        web_options.basic_auth_file = options.web_auth_file;
        web_options.allowed_hosts = options.web_hosts;
        web_options.tls_certificate = options.web_tls_cert;
        web_options.tls_key = options.web_tls_key;
        auto reader = store::open_store(config.config().database, options.state_dir);
        if (!reader) {
            log::error("history store (web): " + reader.error().describe());
            return 1;
        }
        web_store = std::move(reader).value();
        web_server.emplace(board, *web_store, awsrest::system_clock(), web_options);
        if (auto started = web_server->start(); !started) {
            log::error("web interface: " + started.error().describe());
            return 1;
        }
        const std::string url = std::string(web_server->scheme()) + "://" +
                                (web_options.address.find(':') != std::string::npos ? "[" + web_options.address + "]"
                                                                                    : web_options.address) +
                                ":" + std::to_string(web_server->port()) + "/";
        log::info("web interface on " + url);
        if (!options.url_file.empty()) {
            if (auto written = files::write_file_atomically(options.url_file, url + "\n", 0644); !written) {
                log::error("--url-file " + options.url_file + ": " + written.error().message);
                return 1;
            }
        }
    }

    // Sockets bound, store and log open: from here on niamd runs as --user (when it was root).
    if (!drop_privileges()) {
        if (web_server) web_server->stop();
        return 1;
    }

    // Two masters (docs/master.md, "Two masters"): a standby serves the web interface from the
    // database until the lease is free; then it leads for as long as it renews the lease.
    std::atomic<Steady::rep> lease_valid_until{0};  // Steady ticks: act as the leader before this
    const std::int64_t lease_seconds = options.lease_seconds;
    const auto lease_length = std::chrono::milliseconds(lease_seconds * 1000);
    const auto renew_every = lease_length / 3;
    auto renew = [&](std::int64_t epoch_before) -> std::optional<store::LeaseState> {
        const auto asked = Steady::now();
        auto got = lease->acquire(lease_seconds);
        if (!got) {
            log::warning("leader lease: " + got.error().describe());
            return std::nullopt;
        }
        if (got->held) {
            lease_valid_until = (asked + lease_length - lease_length / 5).time_since_epoch().count();
        } else if (epoch_before != 0) {
            lease_valid_until = 0;
        }
        return std::move(got).value();
    };
    if (lease) {
        std::string announced;
        while (!control.stop_requested()) {
            auto got = renew(0);
            if (got && got->held) break;
            if (got && got->holder != announced) {
                announced = got->holder;
                log::info("standby: the leader is " + got->holder + " (epoch " + std::to_string(got->epoch) +
                          "); serving the web interface from the database");
            }
            publish_from_store(**store, config.config(), board);
            control.wait_for(renew_every);
        }
        if (control.stop_requested()) {
            if (web_server) web_server->stop();
            log::info("niamd stopping (standby)");
            return 0;
        }
        log::info("leader lease taken (epoch " + std::to_string(lease->epoch()) + ", holder " + lease->holder() +
                  "): this master leads; state loaded from the database");
        if (auto fenced =
                (*store)->fence_writes({std::string(store::kMasterLeaseName), lease->holder(), lease->epoch()});
            !fenced) {
            log::error("history store: " + fenced.error().describe());
            return 1;
        }
    }

    const auto& database = config.config().database;
    master::MasterServices services{aws.sqs(),
                                    *queue_url,
                                    &aws.sns(),
                                    &aws.ec2(),
                                    &aws.cloudwatch(),
                                    20,
                                    [database, &options] {
                                        auto pruning = store::open_store(database, options.state_dir);
                                        return pruning ? std::move(pruning).value()
                                                       : std::unique_ptr<store::HistoryStore>();
                                    },
                                    aws.more_receivers(config::lanes_wanted(config.config()) - 1)};
    if (lease) {
        services.is_leader = [&lease_valid_until] {
            return Steady::now().time_since_epoch().count() < lease_valid_until;
        };
    }
    master::Master master(services, **store, awsrest::system_clock(), board, {options.state_dir, options.log_dir},
                          config.config());
    if (auto started = master.start(); !started) {
        log::error("master: " + started.error().describe());
        return 1;
    }
    std::atomic<bool> stop{false};
    std::thread runner([&] { master.run(stop); });
    auto next_refresh = control.clock().now() + std::chrono::seconds(options.config_refresh);
    auto next_renew = control.clock().now() + renew_every;
    int status = 0;
    while (!control.stop_requested()) {
        control.wait_until(lease ? std::min(next_refresh, next_renew) : next_refresh);
        if (lease && control.clock().now() >= next_renew) {
            next_renew = control.clock().now() + renew_every;
            const std::int64_t epoch = lease->epoch();
            auto got = renew(epoch);
            const bool taken = got && !got->held;
            // The master's own view counts too: a renewal that came back late but in time
            // still leaves a master that saw its lease run out meanwhile, and stopped for good.
            if (taken || Steady::now().time_since_epoch().count() >= lease_valid_until || master.stopped_leading()) {
                log::error("leader lease lost (epoch " + std::to_string(epoch) + ")" +
                           (taken ? ": " + got->holder + " holds it now (epoch " + std::to_string(got->epoch) + ")"
                            : master.stopped_leading() && got && got->held
                                ? std::string(": renewed, but too late for this master, which had stopped leading")
                                : std::string(": not renewed in time")) +
                           "; stopping, exit status 75 (a service manager starts it again as a standby)");
                // Still ours when the renewal itself went through: released below, after the
                // master stopped, so that the standby need not wait for the expiry.
                if (!got || !got->held) lease->forget();
                status = kLeaseLostExitStatus;
                break;
            }
        }
        bool reload = control.take_reload_request();
        if (reload) {
            log::info("SIGHUP: reloading the config");
            log::reopen();
            if (web_server) {
                // A bad new pair leaves the old one serving; the error names the file.
                if (auto reloaded = web_server->reload_tls(); !reloaded) {
                    log::error("web: TLS reload failed, the old certificate stays: " + reloaded.error().message);
                } else if (!reloaded->empty()) {
                    log::info("web: TLS certificate reloaded: " + reloaded->front());
                    for (std::size_t i = 1; i < reloaded->size(); ++i) log::warning("web: " + (*reloaded)[i]);
                }
            }
        }
        if (reload || control.clock().now() >= next_refresh) {
            if (config.refresh()) master.apply_config(config.config());
            next_refresh = control.clock().now() + std::chrono::seconds(options.config_refresh);
        }
    }
    // The master cancels its own long polls (and still deletes on the same clients); this
    // ends what the other lanes have in flight (an SNS publish, an S3 poll) within a second.
    aws.cancel_requests();
    stop = true;
    runner.join();  // the last round is committed; no alert is raised past here
    if (web_server) web_server->stop();
    if (lease && lease->epoch() != 0) {
        // Stopped in order (or stopped leading while the lease was still ours): the standby
        // takes over within a third of the lease, not at the expiry.
        if (auto released = lease->release(); !released) {
            log::warning("leader lease: not released (it expires by itself): " + released.error().describe());
        } else {
            log::info("leader lease released");
        }
    }
    log::info("niamd stopping");
    return status;
}

}  // namespace niamd::daemon
