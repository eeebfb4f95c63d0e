// Signed queue messages: an optional last line "#hmac-sha256=<64 lowercase hex>" holding
// HMAC-SHA256(key, every byte before that line's '\n'). A client signs with its send time
// in a line "#sent=<Unix seconds>" just before it, inside the signed part, so that the
// master can tell a replayed message from a fresh one. See docs/protocol.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace niamd::protocol {

inline constexpr std::string_view kSignaturePrefix = "#hmac-sha256=";
inline constexpr std::string_view kSentPrefix = "#sent=";
// What signing adds to a body at most: '\n' + "#sent=" + up to 19 digits, '\n' + prefix
// + 64 hex digits. Encode records with max_bytes = kMaxMessageBytes - kSignatureLineBytes
// when the messages will be signed.
inline constexpr std::size_t kSignatureLineBytes = 1 + kSentPrefix.size() + 19 + 1 + kSignaturePrefix.size() + 64;

// The body with its send-time line and signature line appended (what clients send); the
// body unchanged when `key` is empty.
std::string sign_message(std::string_view body, std::string_view key, std::int64_t sent_at);
// The body with only a signature line (no send time): what clients before the send-time
// line sent. A master with a key refuses it as unstamped.
std::string sign_message(std::string_view body, std::string_view key);

enum class SignatureStatus {
    Valid,      // a signature line that matches the key
    Unsigned,   // no signature line (the caller decides: a master with a key drops it)
    Forged,     // a signature line that does not match the key, or is not 64 hex digits
    Unchecked,  // a well-formed signature line, split off but not checked (no key)
};

struct SignatureCheck {
    SignatureStatus status = SignatureStatus::Unsigned;
    std::string_view payload;             // the body without its send-time and signature lines (a view into it)
    std::optional<std::int64_t> sent_at;  // the "#sent=" line of a Valid or Unchecked body, if any
};

// Splits off and checks a signature line. The comparison takes the same time wherever
// the digests differ.
SignatureCheck check_message_signature(std::string_view body, std::string_view key);

}  // namespace niamd::protocol
