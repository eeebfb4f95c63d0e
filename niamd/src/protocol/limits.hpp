// Upper bounds on everything the record codec reads from the queue or writes to it.
#pragma once

#include <cstddef>

namespace niamd::protocol {

// An SQS message body is at most 256 KiB; longer bodies are refused unread.
inline constexpr std::size_t kMaxMessageBytes = 256 * 1024;
// Records (non-blank lines) in one message; the encoder starts a new message at this count.
inline constexpr std::size_t kMaxRecordsPerMessage = 4096;
// Any field but the output text: instance, hostname, kind, target, port/argument, numbers.
inline constexpr std::size_t kMaxFieldBytes = 1024;
// The optional output text (plugin output); the encoder truncates longer text.
inline constexpr std::size_t kMaxOutputBytes = 64 * 1024;
// Optional fields after the original ones: latency, Nagios code, output, noise.
inline constexpr int kOptionalFieldCount = 4;
// NOISE's numbers (retries, recover, flap_changes) are at most this.
inline constexpr int kMaxNoiseSetting = 100;
// METRIC's optional fields: unit, limits.
inline constexpr int kMetricOptionalFieldCount = 2;
// LOG's optional fields: stream, cut bytes. EVENT's: raw line.
inline constexpr int kLogOptionalFieldCount = 2;
inline constexpr int kEventOptionalFieldCount = 1;
// EVENT's kind: at most this many bytes of [a-z0-9._-].
inline constexpr std::size_t kMaxEventKindBytes = 64;

}  // namespace niamd::protocol
