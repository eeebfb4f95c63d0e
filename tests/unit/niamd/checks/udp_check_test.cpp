// UdpCheck against loopback UDP sockets: an answering one, a closed port (the kernel's ICMP
// port-unreachable), a silent one, a wrong answer.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "checks/udp_check.hpp"

using namespace std::chrono_literals;
using niamd::checks::UdpCheck;
using niamd::checks::UdpOptions;

namespace {

// A UDP socket on 127.0.0.1 that answers the first datagram with `reply` (none when empty).
class UdpPeer {
  public:
    explicit UdpPeer(std::string reply) : reply_(std::move(reply)) {
        fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t size = sizeof address;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] {
            pollfd waiting{fd_, POLLIN, 0};
            if (::poll(&waiting, 1, 3000) != 1) return;
            char buffer[2048];
            sockaddr_in from{};
            socklen_t from_size = sizeof from;
            const long got = ::recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &from_size);
            if (got >= 0) received_.assign(buffer, static_cast<std::size_t>(got));
            if (!reply_.empty())
                ::sendto(fd_, reply_.data(), reply_.size(), 0, reinterpret_cast<sockaddr*>(&from), from_size);
        });
    }
    ~UdpPeer() {
        if (thread_.joinable()) thread_.join();
        ::close(fd_);
    }
    int port() const { return port_; }
    std::string received() {
        if (thread_.joinable()) thread_.join();
        return received_;
    }

  private:
    std::string reply_;
    int fd_ = -1;
    int port_ = 0;
    std::thread thread_;
    std::string received_;
};

int closed_udp_port() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t size = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

UdpOptions udp_to(int port) {
    UdpOptions options;
    options.target = "127.0.0.1";
    options.port = port;
    return options;
}

}  // namespace

TEST_CASE("probes: udp an answer holding expect is OK", "[checks][probes]") {
    UdpPeer peer("pong v1\n");
    UdpOptions options = udp_to(peer.port());
    options.send = "ping";
    options.expect = "pong";
    const auto outcome = UdpCheck(options).run(2000ms);
    CHECK(outcome.ok);
    CHECK(outcome.output == "UDP answer pong v1\\n");
    CHECK(peer.received() == "ping");
}

TEST_CASE("probes: udp a wrong answer is a WARNING", "[checks][probes]") {
    UdpPeer peer("nope");
    UdpOptions options = udp_to(peer.port());
    options.expect = "pong";
    const auto outcome = UdpCheck(options).run(2000ms);
    CHECK(outcome.nagios_code == 1);
    CHECK(outcome.output == "UDP unexpected answer: nope");
}

TEST_CASE("probes: udp a closed port is CRITICAL port unreachable", "[checks][probes]") {
    const auto outcome = UdpCheck(udp_to(closed_udp_port())).run(2000ms);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "UDP port unreachable (ICMP)");
    CHECK(outcome.latency_ms < 1000);
}

TEST_CASE("probes: udp silence is OK without expect and CRITICAL with it", "[checks][probes]") {
    {
        UdpPeer peer("");
        const auto outcome = UdpCheck(udp_to(peer.port())).run(200ms);
        CHECK(outcome.ok);
        CHECK(outcome.output == "UDP no ICMP error within 200 ms");
        CHECK(peer.received().empty());
    }
    {
        UdpPeer peer("");
        UdpOptions options = udp_to(peer.port());
        options.expect = "pong";
        const auto outcome = UdpCheck(options).run(200ms);
        CHECK(outcome.nagios_code == 2);
        CHECK(outcome.output == "UDP no answer: timed out after 200 ms");
    }
}

TEST_CASE("probes: udp without a port is UNKNOWN", "[checks][probes]") {
    CHECK(UdpCheck(udp_to(0)).run(200ms).nagios_code == 3);
}
