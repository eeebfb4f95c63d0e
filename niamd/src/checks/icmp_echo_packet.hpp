// ICMP / ICMPv6 echo request building and echo reply recognition (RFC 792, RFC 4443).
// Pure functions: no sockets, so the reply reader can be fuzzed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace niamd::checks {

// What makes our echo requests ours: an identifier and a random token carried as the
// payload (the kernel rewrites the identifier of a datagram ICMP socket, so the token is
// what tells our replies from another pinger's there).
struct EchoIdentity {
    std::uint16_t id = 0;
    std::array<std::uint8_t, 8> token{};
};

inline constexpr std::size_t kIcmpHeaderBytes = 8;
inline constexpr std::size_t kEchoPayloadBytes = 16;  // the token, then zeros
// Longest datagram read from an ICMP socket; longer ones are cut (and still read).
inline constexpr std::size_t kMaxIcmpPacketBytes = 2048;

// An echo request (IPv4 type 8 with its checksum; IPv6 type 128, whose checksum the
// kernel fills in) with the identity's id and token and sequence number `sequence`.
std::vector<std::uint8_t> build_echo_request(bool ipv6, const EchoIdentity& identity, std::uint16_t sequence);

// The sequence number of `packet` when it is an echo reply (IPv4 type 0, IPv6 type 129)
// carrying our token, with our id when `check_id`. `with_ip_header`: the packet starts
// with an IPv4 header (raw IPv4 sockets); it is checked and skipped. Never reads past
// the span.
std::optional<std::uint16_t> echo_reply_sequence(std::span<const std::uint8_t> packet, bool ipv6, bool with_ip_header,
                                                 bool check_id, const EchoIdentity& identity);

// The Internet checksum (RFC 1071) of `bytes`.
std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes);

}  // namespace niamd::checks
