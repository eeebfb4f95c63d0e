#include "master/log_intake.hpp"

#include <algorithm>

#include "protocol/limits.hpp"

#include "protocol/log_record.hpp"
#include "protocol/metric_record.hpp"

namespace niamd::master {

void LogIntake::add(store::Batch& batch, const store::HostKey& host, const protocol::Record& record,
                    LogCounters& counters) {
    if (record.kind == protocol::RecordKind::Log) {
        ++counters.lines_received;
        auto line = protocol::log_line_of(record);
        if (!line) {
            ++counters.lines_unreadable;
            return;
        }
        if (batch.log_lines.size() >= store::kMaxLogLinesPerBatch) {
            ++counters.lines_batch_full;
            return;
        }
        PerHost& counts = in_batch_[host];
        if (counts.lines >= store::kMaxLogLinesPerHostBatch) {
            ++counters.lines_host_full;
            return;
        }
        ++counts.lines;
        store::LogLineRow row;
        row.hostname = host.hostname;
        row.instance = host.instance;
        row.source = std::move(line->source);
        row.seq = static_cast<std::int64_t>(line->seq);
        row.time = line->time;
        row.stream = std::move(line->stream);
        row.cut_bytes = static_cast<std::int64_t>(line->cut_bytes);
        row.line = std::move(line->line);
        batch.log_lines.push_back(std::move(row));
        return;
    }
    if (record.kind != protocol::RecordKind::Event) return;
    ++counters.events_received;
    auto event = protocol::event_of(record);
    if (!event) {
        ++counters.events_unreadable;
        return;
    }
    if (batch.events.size() >= store::kMaxEventsPerBatch) {
        ++counters.events_batch_full;
        return;
    }
    PerHost& counts = in_batch_[host];
    if (counts.events >= store::kMaxEventsPerHostBatch) {
        ++counters.events_host_full;
        return;
    }
    ++counts.events;
    store::EventRow row;
    row.hostname = host.hostname;
    row.instance = host.instance;
    row.kind = std::move(event->kind);
    row.id = std::move(event->id);
    row.time = event->time;
    row.fields = protocol::encode_tags(event->fields);
    row.raw = std::move(event->raw);
    batch.events.push_back(std::move(row));
}

void LogIntake::refused(const protocol::Record& record, LogCounters& counters) {
    if (record.kind == protocol::RecordKind::Log) {
        ++counters.lines_received;
        ++counters.lines_host_refused;
    } else if (record.kind == protocol::RecordKind::Event) {
        ++counters.events_received;
        ++counters.events_host_refused;
    }
}

bool LogIntake::nearly_full(const store::Batch& batch) const noexcept {
    // One more message holds at most kMaxRecordsPerMessage records.
    constexpr std::size_t room = protocol::kMaxRecordsPerMessage;
    if (batch.log_lines.size() + room > store::kMaxLogLinesPerBatch) return true;
    if (batch.events.size() + room > store::kMaxEventsPerBatch) return true;
    return std::any_of(in_batch_.begin(), in_batch_.end(), [](const auto& entry) {
        return entry.second.lines + room > store::kMaxLogLinesPerHostBatch ||
               entry.second.events + room > store::kMaxEventsPerHostBatch;
    });
}

void LogIntake::committed(const store::Batch& batch, LogCounters& counters) {
    counters.lines_stored += batch.log_outcome.lines_stored;
    counters.lines_duplicate += batch.log_outcome.lines_duplicate;
    counters.events_stored += batch.log_outcome.events_stored;
    counters.events_duplicate += batch.log_outcome.events_duplicate;
    in_batch_.clear();
}

}  // namespace niamd::master
