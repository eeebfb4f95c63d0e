#include "client/cloudwatch_logs_publisher.hpp"

#include <algorithm>
#include <map>

#include "log/log.hpp"
#include "protocol/log_record.hpp"
#include "protocol/metric_record.hpp"
#include "protocol/record_decoder.hpp"

namespace niamd::client {

namespace {

bool group_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == '/' || c == '#';
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

}  // namespace

std::string log_stream_for(std::string_view source) {
    // Valid UTF-8 is kept (CloudWatch takes any character but ':' and '*'); other bytes become '_'.
    std::string out;
    out.reserve(std::min(source.size(), awsrest::kMaxLogStreamNameBytes));
    for (std::size_t i = 0; i < source.size();) {
        const auto lead = static_cast<unsigned char>(source[i]);
        const std::size_t length = lead < 0x80   ? 1
                                   : lead < 0xC2 ? 0
                                   : lead < 0xE0 ? 2
                                   : lead < 0xF0 ? 3
                                   : lead < 0xF5 ? 4
                                                 : 0;
        const bool keep =
            length != 0 && i + length <= source.size() && awsrest::is_log_stream_name(source.substr(i, length));
        const std::size_t taken = keep ? length : 1;
        if (out.size() + taken > awsrest::kMaxLogStreamNameBytes) break;
        if (keep) {
            out.append(source.substr(i, length));
        } else {
            out.push_back('_');
        }
        i += taken;
    }
    return out.empty() ? "_" : out;
}

std::string log_group_for(std::string_view group_template, const ClientIdentity& identity) {
    std::string group(group_template);
    replace_all(group, "{instance_id}", identity.instance);
    replace_all(group, "{hostname}", identity.hostname);
    for (char& c : group) {
        if (!group_char(c)) c = '_';
    }
    if (group.size() > awsrest::kMaxLogGroupNameBytes) group.resize(awsrest::kMaxLogGroupNameBytes);
    return group;
}

CloudWatchLogsPublisher::CloudWatchLogsPublisher(Outbox& spool, Put put) : spool_(spool), put_(std::move(put)) {}

void CloudWatchLogsPublisher::configure(const config::HostConfig& config, const ClientIdentity& identity) {
    if (!config.cloudwatch_logs) {
        group_.clear();
        return;
    }
    group_ = log_group_for(config.cloudwatch_logs->group_template, identity);
    const std::size_t bound = static_cast<std::size_t>(config.cloudwatch_logs->spool_mb) * 1024 * 1024;
    if (spool_.max_bytes() != bound) spool_.set_max_bytes(bound);
}

std::uint64_t CloudWatchLogsPublisher::spool_dropped() const noexcept {
    const auto& dropped = spool_.dropped();
    return dropped.log + dropped.metric + dropped.check + dropped.ping;
}

void CloudWatchLogsPublisher::offer(const std::vector<protocol::Record>& records) {
    if (group_.empty()) return;
    std::vector<protocol::Record> lines;
    for (const auto& record : records) {
        if (record.kind == protocol::RecordKind::Log) lines.push_back(record);
    }
    if (lines.empty()) return;
    const std::uint64_t dropped_before = spool_dropped();
    if (auto kept = spool_.append(lines); !kept) log::error("CloudWatch Logs spool: " + kept.error().message);
    counters_.offered += lines.size();
    if (const std::uint64_t dropped = spool_dropped() - dropped_before; dropped > 0) {
        log::warning("CloudWatch Logs spool over its bound: dropped the " + std::to_string(dropped) +
                     " oldest line(s) (" + std::to_string(spool_dropped()) + " in all)");
    }
}

void CloudWatchLogsPublisher::pump(std::int64_t now) {
    if (group_.empty() || spool_.empty() || now < next_attempt_) return;
    const auto& entries = spool_.entries();
    const std::size_t window = std::min(entries.size(), kMaxLinesPerPump);
    std::vector<bool> done(window, false);

    // The lines of each stream, in spool order, and where each came from.
    std::map<std::string, std::size_t> slot_of;
    std::vector<std::string> streams;
    std::vector<std::vector<awsrest::LogEvent>> events;
    std::vector<std::vector<std::size_t>> positions;
    for (std::size_t i = 0; i < window; ++i) {
        auto decoded = protocol::decode_message(entries[i].body);
        std::optional<protocol::LogLine> line;
        if (decoded.records.size() == 1) line = protocol::log_line_of(decoded.records[0]);
        if (!line) {
            done[i] = true;
            ++counters_.unreadable;
            continue;
        }
        const std::string stream = log_stream_for(line->source);
        auto [at, added] = slot_of.try_emplace(stream, streams.size());
        if (added) {
            streams.push_back(stream);
            events.emplace_back();
            positions.emplace_back();
        }
        events[at->second].push_back({line->time * 1000, std::move(line->line)});
        positions[at->second].push_back(i);
    }

    bool failed = false;
    for (std::size_t s = 0; s < streams.size() && !failed; ++s) {
        auto batches = awsrest::batch_log_events(std::move(events[s]));
        for (std::size_t b = 0; b < batches.batches.size(); ++b) {
            const auto& batch = batches.batches[b];
            std::size_t calls = 0;
            auto put = put_(group_, streams[s], batch, &calls);
            counters_.requests += calls;
            if (!put && put.error().code != "InvalidParameterException") {
                log::warning("CloudWatch Logs: " + put.error().describe() + "; " + std::to_string(spool_.size()) +
                             " line(s) kept for the next attempt");
                failed = true;
                break;
            }
            if (!put) {
                log::error("CloudWatch Logs refused " + std::to_string(batch.size()) + " line(s) of '" + streams[s] +
                           "': " + put.error().describe());
                counters_.refused += batch.size();
            } else {
                counters_.sent += put->accepted;
                counters_.rejected += put->rejected();
            }
            for (const std::size_t position : batches.positions[b]) done[positions[s][position]] = true;
        }
    }

    // Forget what CloudWatch Logs answered, from the back so positions stay valid.
    for (std::size_t end = window; end > 0;) {
        if (!done[end - 1]) {
            --end;
            continue;
        }
        std::size_t first = end - 1;
        while (first > 0 && done[first - 1]) --first;
        spool_.forget(first, end);
        end = first;
    }
    if (auto synced = spool_.sync(); !synced) log::error("CloudWatch Logs spool: " + synced.error().message);

    if (failed) {
        ++counters_.failed_attempts;
        backoff_ = backoff_ == 0 ? 1 : std::min(backoff_ * 2, kMaxLogsBackoffSeconds);
        next_attempt_ = now + backoff_;
    } else {
        backoff_ = 0;
        next_attempt_ = 0;
    }
}

std::vector<protocol::Record> CloudWatchLogsPublisher::metric_records(const ClientIdentity& identity,
                                                                      std::int64_t now) const {
    std::vector<protocol::Record> records;
    if (group_.empty()) return records;
    auto add = [&](const char* name, std::vector<metrics::Tag> tags, const char* unit, double value) {
        metrics::Sample sample{name, std::move(tags), unit, value, now};
        records.push_back(protocol::metric_record(identity.instance, identity.hostname, sample, now));
    };
    add("niamd.cwlogs.sent", {}, "c", static_cast<double>(counters_.sent));
    add("niamd.cwlogs.spooled", {}, "", static_cast<double>(spool_.size()));
    add("niamd.cwlogs.dropped", {{"reason", "spool"}}, "c", static_cast<double>(spool_dropped()));
    add("niamd.cwlogs.dropped", {{"reason", "rejected"}}, "c", static_cast<double>(counters_.rejected));
    add("niamd.cwlogs.dropped", {{"reason", "refused"}}, "c", static_cast<double>(counters_.refused));
    return records;
}

}  // namespace niamd::client
