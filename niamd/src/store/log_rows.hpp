// The log lines and events the master keeps (LOG and EVENT records, docs/logs.md), LOG_RETENTION
// days: what a batch writes, what a query asks and what it reads back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace niamd::store {

inline constexpr std::size_t kMaxLogLinesPerBatch = 50000;      // lines one master batch writes at most
inline constexpr std::size_t kMaxLogLinesPerHostBatch = 10000;  // ... of one host
inline constexpr std::size_t kMaxEventsPerBatch = 20000;        // events one master batch writes at most
inline constexpr std::size_t kMaxEventsPerHostBatch = 5000;     // ... of one host
inline constexpr std::size_t kLogQueryLimitDefault = 100;       // rows a query returns without a limit
inline constexpr std::size_t kLogQueryLimitMax = 1000;          // rows a query returns at most
inline constexpr std::size_t kMaxSearchBytes = 512;             // q= text at most
inline constexpr std::size_t kMaxSearchWords = 16;              // words of q= at most

// One line of one source of a host; stored once per (host, source, seq).
struct LogLineRow {
    std::string hostname;
    std::string instance;
    std::string source;
    std::int64_t seq = 0;
    std::int64_t time = 0;
    std::string stream;          // "stdout", "stderr" or empty
    std::int64_t cut_bytes = 0;  // bytes cut off the end of a too long line
    std::string line;
    std::int64_t id = 0;  // read back: the row's id (the cursor's tie-break)
};

// One event of a host; stored once per (host, id).
struct EventRow {
    std::string hostname;
    std::string instance;
    std::string kind;  // "ssh.failed", "docker.die", ...
    std::string id;    // unique on the host
    std::int64_t time = 0;
    std::string fields;  // key=value pairs as the record escapes them (protocol::encode_tags)
    std::string raw;     // the line it was read from; may be empty
};

// Where a page of lines ends: the next page starts after (time, id), newest first.
struct LogCursor {
    std::int64_t time = 0;
    std::int64_t id = 0;
    friend bool operator==(const LogCursor&, const LogCursor&) = default;
};

struct LogQuery {
    std::string hostname;
    std::string instance;
    std::string source;                         // empty: every source
    std::string text;                           // the user's words (every one must be in the line); empty: any line
    std::int64_t since = 0;                     // time >= since
    std::int64_t until = 0;                     // time <= until
    std::optional<LogCursor> before;            // only lines older than this (the `next` of the page before)
    std::size_t limit = kLogQueryLimitDefault;  // clamped to [1, kLogQueryLimitMax]
};

struct LogPage {
    std::vector<LogLineRow> lines;  // newest first (time, then id)
    std::optional<LogCursor> next;  // set when there may be more lines
};

struct EventQuery {
    std::string hostname;
    std::string instance;
    std::string kind;  // empty: every kind
    std::int64_t since = 0;
    std::size_t limit = kLogQueryLimitDefault;
};

// What commit() did with a batch's lines and events (written back on success).
struct LogOutcome {
    std::size_t lines_stored = 0;
    std::size_t lines_duplicate = 0;  // (host, source, seq) stored already: ignored
    std::size_t events_stored = 0;
    std::size_t events_duplicate = 0;  // (host, id) stored already: ignored
};

}  // namespace niamd::store
