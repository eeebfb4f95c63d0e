// Log lines and events as LOG and EVENT records, and back (docs/protocol.md, "LOG", "EVENT").
//
// A LOG record is one line of one source (a followed file, the journal, a container's
// stream): the source's name, the line's sequence number (1, 2, 3, ... per source on a host,
// kept with the source's position, so a line read again after a restart has the number it
// had: the master stores (host, source, seq) once), the time and the line.
// An EVENT is one thing that happened (a container died, a login, a gap in a log): its kind
// ("docker.die", "ssh.accepted", "log.gap", ...), an id unique on the host (the master
// stores (host, id) once), its fields as key=value pairs (escaped like METRIC's tags) and,
// when it was read from a line, the raw line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/sample.hpp"
#include "protocol/record.hpp"

namespace niamd::protocol {

struct LogLine {
    std::string source;
    std::uint64_t seq = 0;
    std::int64_t time = 0;
    std::string line;
    std::string stream;           // "stdout", "stderr" or empty
    std::uint64_t cut_bytes = 0;  // bytes cut off the end of a too long line

    friend bool operator==(const LogLine&, const LogLine&) = default;
};

struct Event {
    std::string kind;
    std::string id;
    std::int64_t time = 0;
    std::vector<metrics::Tag> fields;
    std::string raw;

    friend bool operator==(const Event&, const Event&) = default;
};

// The first line number of a stream new to the client (no position kept): its start time × 1,000,000,
// so a lost position file never makes the master drop new lines as already stored.
inline constexpr std::uint64_t kSeqPerSecond = 1000000;
constexpr std::uint64_t first_seq_at(std::int64_t now) noexcept {
    return static_cast<std::uint64_t>(now > 0 ? now : 1) * kSeqPerSecond;
}

Record log_record(const std::string& instance, const std::string& hostname, const LogLine& line);
// nullopt when the record is not a LOG record or its SEQ does not read.
std::optional<LogLine> log_line_of(const Record& record);

Record event_record(const std::string& instance, const std::string& hostname, const Event& event);
// nullopt when the record is not an EVENT record or its fields do not read.
std::optional<Event> event_of(const Record& record);

// A field's value, or "" when absent.
std::string_view field_value(const Event& event, std::string_view key);

}  // namespace niamd::protocol
