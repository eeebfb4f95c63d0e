#include "checks/icmp_echo_packet.hpp"

#include <algorithm>

namespace niamd::checks {
namespace {

constexpr std::uint8_t kEchoRequestV4 = 8;
constexpr std::uint8_t kEchoReplyV4 = 0;
constexpr std::uint8_t kEchoRequestV6 = 128;
constexpr std::uint8_t kEchoReplyV6 = 129;
constexpr std::uint8_t kProtocolIcmp = 1;
constexpr std::size_t kMinIpv4HeaderBytes = 20;

std::uint16_t read16(std::span<const std::uint8_t> bytes, std::size_t at) {
    return static_cast<std::uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}

void write16(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint16_t value) {
    bytes[at] = static_cast<std::uint8_t>(value >> 8);
    bytes[at + 1] = static_cast<std::uint8_t>(value & 0xff);
}

}  // namespace

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes) {
    std::uint32_t sum = 0;
    std::size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) sum += read16(bytes, i);
    if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i]) << 8;
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::vector<std::uint8_t> build_echo_request(bool ipv6, const EchoIdentity& identity, std::uint16_t sequence) {
    std::vector<std::uint8_t> packet(kIcmpHeaderBytes + kEchoPayloadBytes, 0);
    packet[0] = ipv6 ? kEchoRequestV6 : kEchoRequestV4;
    packet[1] = 0;  // code
    write16(packet, 4, identity.id);
    write16(packet, 6, sequence);
    std::copy(identity.token.begin(), identity.token.end(), packet.begin() + kIcmpHeaderBytes);
    if (!ipv6) write16(packet, 2, internet_checksum(packet));
    return packet;
}

std::optional<std::uint16_t> echo_reply_sequence(std::span<const std::uint8_t> packet, bool ipv6, bool with_ip_header,
                                                 bool check_id, const EchoIdentity& identity) {
    if (with_ip_header) {
        if (packet.size() < kMinIpv4HeaderBytes || (packet[0] >> 4) != 4) return std::nullopt;
        const std::size_t header_bytes = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
        if (header_bytes < kMinIpv4HeaderBytes || header_bytes > packet.size()) return std::nullopt;
        if (packet[9] != kProtocolIcmp) return std::nullopt;
        packet = packet.subspan(header_bytes);
    }
    if (packet.size() < kIcmpHeaderBytes + identity.token.size()) return std::nullopt;
    if (packet[0] != (ipv6 ? kEchoReplyV6 : kEchoReplyV4) || packet[1] != 0) return std::nullopt;
    if (check_id && read16(packet, 4) != identity.id) return std::nullopt;
    if (!std::equal(identity.token.begin(), identity.token.end(), packet.begin() + kIcmpHeaderBytes)) {
        return std::nullopt;
    }
    return read16(packet, 6);
}

}  // namespace niamd::checks
