// The identity a client reports must be one the master accepts, or the client refuses to start.
#include <catch2/catch.hpp>

#include "client/client_identity.hpp"
#include "protocol/limits.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

using niamd::client::ClientIdentity;
using niamd::client::identity_problem;

TEST_CASE("client identity: what the master accepts passes", "[client][identity]") {
    CHECK(identity_problem({"i-0abc123def4567890", "web1.example.com"}).empty());
    CHECK(identity_problem({"NOT-AWS", std::string(niamd::protocol::kMaxFieldBytes, 'h')}).empty());
    CHECK(identity_problem({"NOT-AWS", "web1,eu \"quoted\""}).empty());  // quoted on the wire
}

TEST_CASE("client identity: what the master would drop is refused, with a reason", "[client][identity]") {
    const std::string long_name(1100, 'h');
    // The master's decoder is the judge: a PING with this hostname is refused.
    niamd::protocol::Record ping;
    ping.instance = "NOT-AWS";
    ping.hostname = long_name;
    ping.time = 1700000000;
    REQUIRE(niamd::protocol::decode_message(niamd::protocol::encode_record(ping)).records.empty());
    CHECK(identity_problem({"NOT-AWS", long_name}) == "hostname is 1100 bytes, more than the 1024 the protocol allows");
    CHECK(identity_problem({"NOT-AWS", ""}) == "hostname is empty");
    CHECK(identity_problem({"", "web1"}) == "instance id is empty");
    CHECK(identity_problem({std::string(2000, 'i'), "web1"}).find("instance id is 2000 bytes") == 0);
    CHECK(identity_problem({"NOT-AWS", "web1\nweb2"}) == "hostname holds a control character (byte 5)");
}
