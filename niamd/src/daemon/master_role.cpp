#include "daemon/master_role.hpp"

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "files/atomic_file.hpp"
#include "daemon/state_dir_lock.hpp"
#include "log/log.hpp"
#include "master/master.hpp"
#include "store/open_store.hpp"
#include "web/listen_address.hpp"
#include "web/secret_file.hpp"
#include "web/web_server.hpp"

namespace niamd::daemon {

int run_master_role(const Options& options, AwsServices& aws, client::ConfigSource& config, control::Control& control,
                    const std::function<bool()>& drop_privileges) {
    log::info("role: master (config from " + config.source() + ")");
    auto lock = StateDirLock::take(options.state_dir);
    if (!lock) {
        log::error(lock.error().message);
        return 1;
    }
    auto store = store::open_store(config.config().database, options.state_dir);
    if (!store) {
        log::error("history store: " + store.error().describe());
        return 1;
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

    const auto& database = config.config().database;
    master::MasterServices services{aws.sqs(), *queue_url, &aws.sns(), &aws.ec2(), &aws.cloudwatch(), 20, [database, &options] {
                                        auto pruning = store::open_store(database, options.state_dir);
                                        return pruning ? std::move(pruning).value()
                                                       : std::unique_ptr<store::HistoryStore>();
                                    },
                                    &aws.sqs_control(),
                                    aws.more_receivers(config.config().receivers - 1)};
    master::Master master(services, **store, awsrest::system_clock(), board,
                          {options.state_dir, options.log_dir}, config.config());
    if (auto started = master.start(); !started) {
        log::error("master: " + started.error().describe());
        return 1;
    }
    std::atomic<bool> stop{false};
    std::thread runner([&] { master.run(stop); });
    auto next_refresh = control.clock().now() + std::chrono::seconds(options.config_refresh);
    while (!control.stop_requested()) {
        control.wait_until(next_refresh);
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
    // The long poll in flight ends now, not in up to 20 s (~Master waits for it); cancelled
    // first so that its second or so overlaps the last round. One failed receive raises
    // nothing, and the last round's deletes go through the control lane, never cancelled.
    aws.cancel_requests();
    stop = true;
    runner.join();  // the last round is committed; no alert is raised past here
    if (web_server) web_server->stop();
    log::info("niamd stopping");
    return 0;
}

}  // namespace niamd::daemon
