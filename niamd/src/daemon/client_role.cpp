#include "daemon/client_role.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>

#include <sys/resource.h>

#include "checks/script_check.hpp"
#include "client/client.hpp"
#include "client/cloudwatch_logs_publisher.hpp"
#include "client/delivery.hpp"
#include "client/script_sync.hpp"
#include "client/check_source.hpp"
#include "client/docker_source.hpp"
#include "client/heartbeat_source.hpp"
#include "client/inventory_source.hpp"
#include "client/journal_source.hpp"
#include "client/log_file_source.hpp"
#include "client/metric_plugin_source.hpp"
#include "client/system_metrics_source.hpp"
#include "client/outbox.hpp"
#include "client/folder_watch.hpp"
#include "client/service_source.hpp"
#include "client/ssh_login_source.hpp"
#include "log/log.hpp"
#include "process/account.hpp"
#include "process/running_children.hpp"
#include "protocol/message_signature.hpp"

namespace niamd::daemon {

int run_client_role(const Options& options, AwsServices& aws, client::ConfigSource& config,
                    const client::ClientIdentity& identity, bool have_credentials, control::Control& control) {
    namespace fs = std::filesystem;
    // Orphans of plugins (a `setsid` child) become ours, not init's, so each round's sweep
    // can kill them (process/running_children.hpp).
    if (!process::adopt_orphans()) {
        log::warning(std::string("cannot become the subreaper of plugins (children they detach go to init): ") +
                     std::strerror(errno));
    }
    const fs::path scripts_dir = fs::path(options.state_dir) / "scripts";
    std::optional<client::ScriptSync> scripts;
    // Still root (no account to drop to), niamd runs its children as nobody: the scripts are
    // given to that account's group (client/script_sync.hpp).
    std::optional<gid_t> children_group;
    if (const auto children = process::child_account()) children_group = children->gid;
    if (aws.s3() != nullptr && options.config_file.empty()) {
        scripts.emplace(*aws.s3(), options.bucket, scripts_dir, children_group);
    }
    // The bound follows SPOOL_MAX_MB (the Client applies a reloaded one) unless --spool-max gave one.
    const std::size_t bound = options.spool_max > 0
                                  ? options.spool_max
                                  : static_cast<std::size_t>(config.config().spool_max_mb) * 1024 * 1024;
    client::Outbox outbox(fs::path(options.state_dir) / "spool", bound, control.clock());
    client::Delivery delivery(aws.sqs(), options.queue, outbox);
    // With HMAC_KEY in the config, every message carries its send time and signature line
    // (docs/protocol.md); signed when sent, so a message drained from the outbox is stamped fresh.
    delivery.set_signer([&config](const std::string& body) {
        const std::string& key = config.config().hmac_key;
        const auto sent_at = static_cast<std::int64_t>(std::time(nullptr));
        return key.empty() ? body : protocol::sign_message(body, key, sent_at);
    });
    if (auto url = delivery.queue_url(); !url) {
        if (!awsrest::is_credentials_problem(url.error())) {
            log::warning("queue " + options.queue +
                         " not reachable yet (retried every cycle): " + url.error().describe());
        } else if (have_credentials) {  // refused by AWS: as permanent as having none, and told once as well
            log::error("queue " + options.queue + ": the credentials are refused, nothing can be sent until " +
                       "they are fixed: " + url.error().describe());
        }
    }
    client::Client client(identity, config, scripts ? &*scripts : nullptr, outbox, delivery, control,
                          options.config_refresh, options.spool_max);
    // CLOUDWATCH_LOGS: LOG records also go to CloudWatch Logs, spooled on their own.
    std::optional<client::Outbox> cwlogs_spool;
    std::optional<client::CloudWatchLogsPublisher> cwlogs;
    if (const auto& logs = config.config().cloudwatch_logs) {
        cwlogs_spool.emplace(fs::path(options.state_dir) / "cwlogs.spool",
                             static_cast<std::size_t>(logs->spool_mb) * 1024 * 1024, control.clock());
        cwlogs.emplace(*cwlogs_spool, [&aws](const std::string& group, const std::string& stream,
                                             const std::vector<awsrest::LogEvent>& batch, std::size_t* requests) {
            return aws.logs().deliver_log_events(group, stream, batch, requests);
        });
        client.set_log_publisher(&*cwlogs);
    }
    client.add_source(std::make_unique<client::HeartbeatSource>(identity, scripts_dir, config,
                                                                [&control] { return control.stop_requested(); }));
    // Checks with an interval= of their own (their results ride in the next heartbeat's message).
    client.add_source(std::make_unique<client::CheckSource>(identity, scripts_dir, config,
                                                            [&control] { return control.stop_requested(); }));
    // METRICS: system metrics and metric plugins (their records ride in the next heartbeat's message).
    client.add_source(std::make_unique<client::SystemMetricsSource>(identity, config));
    client.add_source(std::make_unique<client::MetricPluginSource>(identity, config, scripts_dir,
                                                                   [&control] { return control.stop_requested(); }));
    // INVENTORY: sent when it changed, riding in the next heartbeat's message like metrics.
    client.add_source(std::make_unique<client::InventorySource>(
        identity, config, fs::path(options.state_dir) / "inventory.digest",
        client::InventoryCollector({}, [&control] { return control.stop_requested(); })));
    // The services of the monitoring-info folder, checked beside the config's; a change of the
    // folder is a reload request, as SIGHUP (a burst of changes makes one).
    client.add_source(std::make_unique<client::ServiceSource>(
        identity, config, options.monitoring_info, [&control] { return control.stop_requested(); },
        client::ServiceSource::ServiceCheckMaker{}, fs::path(options.state_dir)));
    // JOURNAL and SSH_LOGINS: the journal's lines and sshd's logins (riding in the next heartbeat's message).
    client.add_source(std::make_unique<client::JournalSource>(identity, config, fs::path(options.state_dir)));
    client.add_source(std::make_unique<client::SshLoginSource>(identity, config, fs::path(options.state_dir)));
    // LOG: files followed like tail -F (never niamd's own logs), riding in the next heartbeat's message.
    // Each followed file holds a descriptor: the soft limit (1,024 under systemd) is raised toward
    // the hard one, enough for LogFileSource::kMaxFollowedFiles.
    if (rlimit files{};
        ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 8192 && files.rlim_max > files.rlim_cur) {
        files.rlim_cur = std::min<rlim_t>(files.rlim_max, 8192);
        ::setrlimit(RLIMIT_NOFILE, &files);
    }
    client.add_source(std::make_unique<client::LogFileSource>(
        identity, config, fs::path(options.state_dir),
        std::vector<fs::path>{fs::path(options.log_dir) / "niam.log", fs::path(options.log_dir) / "alert.log"}));
    // DOCKER: the engine's events and its containers' logs, read by a thread of its own.
    client.add_source(
        std::make_unique<client::DockerSource>(identity, config, fs::path(options.state_dir) / "docker.state"));
    std::optional<client::FolderWatcher> watcher;
    if (!options.once) {
        watcher.emplace(options.monitoring_info, [&control] {
            log::info("monitoring-info: the folder changed; reloading (as SIGHUP)");
            control.request_reload();
        });
    }
    const auto last = client.run(options.once);
    watcher.reset();
    process::kill_running_children();  // stopped mid-round: no script outlives the daemon
    process::sweep_leftovers();
    log::info("niamd stopping");
    // --once: whether the cycle reached the queue; what did not waits in the outbox.
    if (options.once && (!last.error.empty() || last.spooled > 0)) return kExitNotDelivered;
    return 0;
}

}  // namespace niamd::daemon
