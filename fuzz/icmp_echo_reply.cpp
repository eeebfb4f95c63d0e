// Fuzzes the recognition of ICMP echo replies read from an ICMP socket. The first byte
// picks the mode (bit 0 IPv6, bit 1 IPv4 header in front, bit 2 check the id), the next
// 2 bytes are our id, the next 8 our token; the rest is the packet.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "checks/icmp_echo_packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd::checks;
    if (size < 11) return 0;
    const bool ipv6 = (data[0] & 1) != 0;
    const bool with_ip_header = (data[0] & 2) != 0;
    const bool check_id = (data[0] & 4) != 0;
    EchoIdentity identity;
    identity.id = static_cast<std::uint16_t>((data[1] << 8) | data[2]);
    std::memcpy(identity.token.data(), data + 3, identity.token.size());
    const std::span<const std::uint8_t> packet(data + 11, size - 11);

    const auto sequence = echo_reply_sequence(packet, ipv6, with_ip_header, check_id, identity);
    if (!sequence) return 0;
    // A reply we accept is one our own request would draw: rebuild it and compare.
    std::size_t offset = with_ip_header ? static_cast<std::size_t>(packet[0] & 0x0f) * 4 : 0;
    if (offset > packet.size() || packet.size() - offset < kIcmpHeaderBytes + identity.token.size()) __builtin_trap();
    const auto request = build_echo_request(ipv6, identity, *sequence);
    const std::uint8_t reply_type = ipv6 ? 129 : 0;
    if (packet[offset] != reply_type || packet[offset + 1] != 0) __builtin_trap();
    if (check_id && (packet[offset + 4] != request[4] || packet[offset + 5] != request[5])) __builtin_trap();
    if (std::memcmp(&packet[offset + kIcmpHeaderBytes], &request[kIcmpHeaderBytes], identity.token.size()) != 0) {
        __builtin_trap();
    }
    return 0;
}
