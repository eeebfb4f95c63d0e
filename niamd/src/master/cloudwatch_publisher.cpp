#include "master/cloudwatch_publisher.hpp"

#include <algorithm>

#include "log/log.hpp"
#include "master/cloudwatch_datum.hpp"

namespace niamd::master {
namespace {

// CloudWatch's answers to a request it will never take as it is.
bool refused_as_invalid(const awsrest::Error& error) {
    if (error.kind == awsrest::ErrorKind::InvalidArgument) return true;
    return error.kind == awsrest::ErrorKind::Service &&
           (error.code == "InvalidParameterValue" || error.code == "InvalidParameterCombination" ||
            error.code == "MissingParameter");
}

bool logged_count(std::uint64_t count) { return count == 1 || count % 1000 == 0; }

}  // namespace

CloudWatchPublisher::CloudWatchPublisher(PutMetricData put, std::size_t capacity)
    : put_(std::move(put)), capacity_(std::max<std::size_t>(capacity, 1)) {}

void CloudWatchPublisher::configure(const config::HostConfig& config) {
    std::lock_guard lock(mutex_);
    config_ = config.cloudwatch;
}

bool CloudWatchPublisher::active() const {
    std::lock_guard lock(mutex_);
    return config_.has_value();
}

void CloudWatchPublisher::offer(const store::HostKey& host, const metrics::Sample& sample, std::int64_t now) {
    std::lock_guard lock(mutex_);
    if (!config_) return;
    if (!config_->globs.empty() &&
        std::none_of(config_->globs.begin(), config_->globs.end(),
                     [&](const std::string& glob) { return glob_matches(glob, sample.name); })) {
        return;
    }
    auto datum = to_cloudwatch_datum(host, sample, now);
    if (!datum) {
        if (logged_count(++counters_.rejected)) {
            log::warning("cloudwatch: sample " + sample.name.substr(0, 64) + " of " + host.hostname +
                         " cannot be published (its name or value is beyond CloudWatch's limits); " +
                         std::to_string(counters_.rejected) + " so far");
        }
        return;
    }
    if (queue_.size() >= capacity_) {
        queue_.pop_front();
        ++counters_.dropped;
        if (!dropping_logged_) {
            dropping_logged_ = true;
            log::warning("cloudwatch: " + std::to_string(capacity_) +
                         " data waiting (CloudWatch failing?): dropping the oldest, counted in "
                         "niam_cloudwatch_dropped_total");
        }
    }
    queue_.push_back(Queued{next_seq_++, config_->name_space, std::move(*datum)});
    counters_.queued = queue_.size();
}

bool CloudWatchPublisher::send(const std::string& name_space, const std::vector<awsrest::MetricDatum>& data,
                               bool& invalid, std::string& error) {
    awsrest::PutMetricDataRequest request;
    request.name_space = name_space;
    request.metric_data = data;
    auto put = put_(request);
    if (put) return true;
    invalid = refused_as_invalid(put.error());
    error = put.error().describe();
    return false;
}

void CloudWatchPublisher::settle(std::uint64_t last_seq, std::size_t published) {
    std::lock_guard lock(mutex_);
    while (!queue_.empty() && queue_.front().seq <= last_seq) queue_.pop_front();
    counters_.published += published;
    counters_.queued = queue_.size();
    if (failures_ > 0) {
        log::info("cloudwatch: PutMetricData works again after " + std::to_string(failures_) + " failed attempt(s); " +
                  std::to_string(queue_.size()) + " data still waiting");
    }
    failures_ = 0;
    batch_limit_ = std::min(batch_limit_ * 2, awsrest::kMaxMetricDataPerRequest);
    if (queue_.empty()) dropping_logged_ = false;
}

void CloudWatchPublisher::reject(std::uint64_t seq, const std::string& why) {
    std::lock_guard lock(mutex_);
    const auto it = std::find_if(queue_.begin(), queue_.end(), [&](const Queued& q) { return q.seq == seq; });
    if (it == queue_.end()) return;  // dropped meanwhile (queue full)
    if (logged_count(++counters_.rejected)) {
        log::warning("cloudwatch: datum " + it->datum.metric_name.substr(0, 64) + " refused, dropped: " + why + "; " +
                     std::to_string(counters_.rejected) + " so far");
    }
    queue_.erase(it);
    counters_.queued = queue_.size();
    batch_limit_ = awsrest::kMaxMetricDataPerRequest;
}

void CloudWatchPublisher::pump(std::int64_t now) {
    for (int request = 0; request < kMaxRequestsPerPump; ++request) {
        std::string name_space;
        std::vector<awsrest::MetricDatum> chunk;
        std::vector<std::uint64_t> seqs;
        {
            std::lock_guard lock(mutex_);
            if (queue_.empty() || now < next_attempt_) return;
            name_space = queue_.front().name_space;
            for (const auto& queued : queue_) {
                if (chunk.size() == batch_limit_ || queued.name_space != name_space) break;
                chunk.push_back(queued.datum);
                seqs.push_back(queued.seq);
            }
        }
        auto requests = awsrest::batch_metric_data(name_space, chunk);
        if (!requests || requests->empty()) {
            // A datum the library refuses (offer() should have caught it): find it alone.
            for (std::size_t i = 0; i < chunk.size(); ++i) {
                auto alone = awsrest::batch_metric_data(name_space, {chunk[i]});
                if (!alone) reject(seqs[i], alone.error().describe());
            }
            continue;
        }
        // The first request holds the first data of the chunk, in order (1 MB may split it).
        const std::size_t count = std::min(requests->front().metric_data.size(), chunk.size());
        chunk.resize(count);
        bool invalid = false;
        std::string error;
        if (send(name_space, chunk, invalid, error)) {
            settle(seqs[count - 1], count);
            continue;
        }
        if (invalid) {
            if (count == 1) {
                reject(seqs[0], error);
            } else {
                std::lock_guard lock(mutex_);
                batch_limit_ = std::max<std::size_t>(count / 2, 1);  // halve until the bad one is alone
            }
            continue;
        }
        std::lock_guard lock(mutex_);
        ++counters_.failed_attempts;
        ++failures_;
        const std::int64_t delay =
            std::min<std::int64_t>(std::int64_t{1} << std::min(failures_ - 1, 6), kMaxRetryDelay);
        next_attempt_ = now + delay;
        if (failures_ == 1) {
            log::warning("cloudwatch: PutMetricData failed: " + error + "; " + std::to_string(queue_.size()) +
                         " data kept, retrying with backoff up to " + std::to_string(kMaxRetryDelay) + " s");
        }
        return;
    }
}

std::int64_t CloudWatchPublisher::next_attempt() const {
    std::lock_guard lock(mutex_);
    return next_attempt_;
}

std::size_t CloudWatchPublisher::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

CloudWatchCounters CloudWatchPublisher::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

}  // namespace niamd::master
