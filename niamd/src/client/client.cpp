#include "client/client.hpp"

#include <algorithm>
#include <chrono>

#include "client/outbox_metrics.hpp"
#include "client/reload_schedule.hpp"
#include "log/log.hpp"
#include "protocol/message_signature.hpp"

namespace niamd::client {
namespace {

std::int64_t unix_seconds(awsrest::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace

Client::Client(ClientIdentity identity, ConfigSource& config, ScriptSync* scripts, Outbox& outbox, Delivery& delivery,
               control::Control& control, int config_refresh_seconds, std::size_t spool_max_override)
    : identity_(std::move(identity)),
      config_(config),
      scripts_(scripts),
      outbox_(outbox),
      delivery_(delivery),
      control_(control),
      clock_(control.clock()),
      config_refresh_seconds_(config_refresh_seconds),
      spool_max_override_(spool_max_override) {
    outbox_.set_max_bytes(outbox_bound());
    backlog_ = {outbox_.size(), outbox_.bytes()};  // what the previous run left unsent
}

void Client::add_source(std::unique_ptr<Source> source) { sources_.push_back(std::move(source)); }

std::size_t Client::outbox_bound() const {
    if (spool_max_override_ > 0) return spool_max_override_;
    return static_cast<std::size_t>(config_.config().spool_max_mb) * 1024 * 1024;
}

void Client::reload() {
    config_.refresh();
    if (scripts_ != nullptr) scripts_->sync();
    outbox_.set_max_bytes(outbox_bound());  // SPOOL_MAX_MB may have changed
    for (const auto& source : sources_) source->reload();
}

std::int64_t Client::next_due(std::int64_t now) const {
    std::int64_t earliest = Source::kNever;
    for (const auto& source : sources_) earliest = std::min(earliest, source->next_due(now));
    return earliest;
}

RoundReport Client::run_round(bool force) {
    RoundReport round;
    const std::int64_t now = unix_seconds(clock_.now());
    bool deliver = force;
    if (cwlogs_ != nullptr) cwlogs_->configure(config_.config(), identity_);
    for (const auto& source : sources_) {
        if (source->next_due(now) > now) continue;
        auto records = source->collect(now);  // a source stopped halfway returns what is whole
        round.collected += records.size();
        if (source->delivers_now()) deliver = true;
        auto kept = outbox_.append(records);
        if (!kept) log::error(kept.error().message);
        if (cwlogs_ != nullptr) cwlogs_->offer(records);
        source->kept(kept.ok());
        if (control_.stop_requested()) return round;  // stopping: what is kept stays for the next start
    }
    if (cwlogs_ != nullptr) cwlogs_->pump(now);
    // A signed message carries one more line; the body and it together stay within SQS's limit.
    const std::size_t max_bytes = config_.config().hmac_key.empty()
                                      ? protocol::kMaxMessageBytes
                                      : protocol::kMaxMessageBytes - protocol::kSignatureLineBytes;
    if (!deliver) {
        // A busy source (log lines) between heartbeats: whole requests go now, the rest rides
        // in the heartbeat's message.
        // (Not a backlog for the heartbeat's count: what is left goes with the heartbeat.)
        if (round.collected > 0) round.delivery = delivery_.deliver_whole(max_bytes);
        return round;
    }
    auto own = outbox_metric_records(identity_, outbox_, backlog_, now);
    for (auto& record : delivery_metric_records(identity_, delivery_.totals(), now)) own.push_back(std::move(record));
    if (auto kept = outbox_.append(own); !kept) {
        log::error(kept.error().message);
    }
    if (cwlogs_ != nullptr) {
        if (auto kept = outbox_.append(cwlogs_->metric_records(identity_, now)); !kept)
            log::error(kept.error().message);
    }
    round.delivered = true;
    round.delivery = delivery_.deliver(max_bytes);
    backlog_ = {outbox_.size(), outbox_.bytes()};
    log::debug("round: " + std::to_string(round.collected) + " record(s), " + std::to_string(round.delivery.sent) +
               " message(s) sent, " + std::to_string(round.delivery.spooled) + " record(s) in the outbox");
    return round;
}

DeliveryReport Client::run(bool once) {
    using namespace std::chrono;
    if (scripts_ != nullptr) scripts_->sync();  // the config itself was read at start
    ReloadSchedule schedule(clock_.now(), seconds(config_refresh_seconds_));
    DeliveryReport last;
    while (!control_.stop_requested()) {
        if (control_.take_reload_request()) {
            log::reopen();  // at once: log rotation waits for it
            if (schedule.request()) log::debug("SIGHUP: config reload requested");
        }
        const auto merged = schedule.merged();
        const auto due = schedule.take_due(clock_.now());
        if (due == ReloadSchedule::Due::Requested) {
            log::info("SIGHUP: reloading the config" +
                      (merged > 0 ? " (" + std::to_string(merged) + " more SIGHUP(s) merged into this reload)"
                                  : std::string()));
        }
        if (due != ReloadSchedule::Due::No) reload();
        const std::int64_t now = unix_seconds(clock_.now());
        if (once || next_due(now) <= now) {
            auto round = run_round(once);
            if (round.delivered) last = round.delivery;
            if (once) return last;
        }
        const std::int64_t wake = next_due(unix_seconds(clock_.now()));
        auto until = schedule.next_due();
        if (wake != Source::kNever) until = std::min(until, awsrest::TimePoint(seconds(wake)));
        control_.wait_until(until);
    }
    return last;
}

}  // namespace niamd::client
