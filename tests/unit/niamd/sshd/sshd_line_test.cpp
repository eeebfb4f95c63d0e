#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sshd/sshd_line.hpp"

using niamd::protocol::Event;
using niamd::protocol::field_value;
using niamd::sshd::login_event;

namespace {

struct Row {
    const char* what;
    std::string line;
    const char* kind;  // nullptr: not a login event
    std::vector<std::pair<std::string, std::string>> fields;
};

// Lines as OpenSSH writes them. 9.2p1 (Debian 12): captured from this machine's sshd with
// password, invalid-user and public-key logins; 9.8+ logs through sshd-session; 7.4 (CentOS 7)
// and 6.6 (Ubuntu 14.04) leave out the port of "Invalid user" and of a preauth close.
const std::vector<Row> kRows = {
    {"9.2 failed password",
     "Dec  3 07:47:02 web1 sshd[35781]: Failed password for root from 127.0.0.1 port 35782 ssh2",
     "ssh.failed",
     {{"user", "root"}, {"method", "password"}, {"source", "127.0.0.1"}, {"port", "35782"}}},
    {"9.2 close of an authenticating user",
     "Dec  3 07:47:02 web1 sshd[35781]: Connection closed by authenticating user root 127.0.0.1 port 35782 [preauth]",
     "ssh.closed_preauth",
     {{"user", "root"}, {"source", "127.0.0.1"}, {"port", "35782"}}},
    {"9.2 invalid user",
     "Dec  3 07:47:03 web1 sshd[35789]: Invalid user nosuch from 127.0.0.1 port 35790",
     "ssh.invalid_user",
     {{"user", "nosuch"}, {"source", "127.0.0.1"}, {"port", "35790"}}},
    {"9.2 failed password of an invalid user",
     "Dec  3 07:47:03 web1 sshd[35789]: Failed password for invalid user nosuch from 127.0.0.1 port 35790 ssh2",
     "ssh.failed",
     {{"user", "nosuch"}, {"method", "password"}, {"source", "127.0.0.1"}, {"port", "35790"}, {"invalid", "yes"}}},
    {"9.2 close of an invalid user",
     "Dec  3 07:47:03 web1 sshd[35789]: Connection closed by invalid user nosuch 127.0.0.1 port 35790 [preauth]",
     "ssh.closed_preauth",
     {{"user", "nosuch"}, {"source", "127.0.0.1"}, {"port", "35790"}, {"invalid", "yes"}}},
    {"9.2 accepted publickey with fingerprint",
     "Dec  3 07:47:04 web1 sshd[35791]: Accepted publickey for root from 127.0.0.1 port 35792 ssh2: ED25519 "
     "SHA256:hN8y158rKDQZpFzVnmraWhjltkA5Qc3IhVkOjBBw+ME",
     "ssh.accepted",
     {{"user", "root"},
      {"method", "publickey"},
      {"source", "127.0.0.1"},
      {"port", "35792"},
      {"fingerprint", "SHA256:hN8y158rKDQZpFzVnmraWhjltkA5Qc3IhVkOjBBw+ME"}}},
    {"9.2 journal message without prefix",
     "Accepted password for alice from 203.0.113.42 port 55123 ssh2",
     "ssh.accepted",
     {{"user", "alice"}, {"method", "password"}, {"source", "203.0.113.42"}, {"port", "55123"}}},
    {"9.8 sshd-session with an ISO time and a certificate",
     "2026-06-01T10:00:00.123456+00:00 web2 sshd-session[4242]: Accepted publickey for deploy from 10.0.0.5 port "
     "44321 ssh2: ED25519-CERT SHA256:AbCd ID deploy@ci (serial 7) CA ED25519 SHA256:EfGh",
     "ssh.accepted",
     {{"user", "deploy"},
      {"method", "publickey"},
      {"source", "10.0.0.5"},
      {"port", "44321"},
      {"fingerprint", "SHA256:AbCd"}}},
    {"8.x keyboard-interactive over IPv6",
     "Mar  9 11:00:00 db1 sshd[900]: Accepted keyboard-interactive/pam for carol from 2001:db8::7 port 50200 ssh2",
     "ssh.accepted",
     {{"user", "carol"}, {"method", "keyboard-interactive/pam"}, {"source", "2001:db8::7"}, {"port", "50200"}}},
    {"7.4 failed publickey",
     "Jun  1 10:00:00 c7 sshd[1234]: Failed publickey for bob from 198.51.100.3 port 40001 ssh2: RSA SHA256:Zz9",
     "ssh.failed",
     {{"user", "bob"},
      {"method", "publickey"},
      {"source", "198.51.100.3"},
      {"port", "40001"},
      {"fingerprint", "SHA256:Zz9"}}},
    {"7.4 preauth close without user",
     "Jun  1 10:00:01 c7 sshd[1235]: Connection closed by 203.0.113.5 port 40000 [preauth]",
     "ssh.closed_preauth",
     {{"source", "203.0.113.5"}, {"port", "40000"}}},
    {"6.6 invalid user without port",
     "Jan  5 02:00:00 old sshd[77]: Invalid user admin from 203.0.113.5",
     "ssh.invalid_user",
     {{"user", "admin"}, {"source", "203.0.113.5"}}},
    {"6.6 preauth close without port",
     "Jan  5 02:00:01 old sshd[77]: Connection closed by 203.0.113.5 [preauth]",
     "ssh.closed_preauth",
     {{"source", "203.0.113.5"}}},
    {"6.6 md5 fingerprint",
     "Jan  5 02:00:02 old sshd[78]: Accepted publickey for bob from 203.0.113.7 port 51000 ssh2: RSA 6f:1e:aa",
     "ssh.accepted",
     {{"user", "bob"}, {"method", "publickey"}, {"source", "203.0.113.7"}, {"port", "51000"}}},
    {"disconnected from an authenticating user",
     "Dec  3 07:50:00 web1 sshd[1]: Disconnected from authenticating user root 198.51.100.7 port 37291 [preauth]",
     "ssh.closed_preauth",
     {{"user", "root"}, {"source", "198.51.100.7"}, {"port", "37291"}}},
    {"rsyslog repeated failures",
     "Dec  3 07:50:01 web1 sshd[2]: message repeated 3 times: [ Failed password for root from 198.51.100.7 port 37291 "
     "ssh2]",
     "ssh.failed",
     {{"user", "root"}, {"method", "password"}, {"source", "198.51.100.7"}, {"port", "37291"}, {"repeated", "3"}}},
    {"a user name with a space",
     "Dec  3 07:50:02 web1 sshd[3]: Invalid user john smith from 198.51.100.9 port 4000",
     "ssh.invalid_user",
     {{"user", "john smith"}, {"source", "198.51.100.9"}, {"port", "4000"}}},
    {"an empty user name",
     "Dec  3 07:50:03 web1 sshd[4]: Invalid user  from 198.51.100.9 port 4001",
     "ssh.invalid_user",
     {{"user", ""}, {"source", "198.51.100.9"}, {"port", "4001"}}},
    {"a user name that fakes an address keeps the real one",
     "Dec  3 07:50:04 web1 sshd[5]: Failed password for invalid user x from 6.6.6.6 port 1 ssh2 from 198.51.100.9 port "
     "4002 ssh2",
     "ssh.failed",
     {{"user", "x from 6.6.6.6 port 1 ssh2"},
      {"method", "password"},
      {"source", "198.51.100.9"},
      {"port", "4002"},
      {"invalid", "yes"}}},
    {"a CRLF line end",
     "Dec  3 07:50:05 web1 sshd[6]: Invalid user a from 192.0.2.1 port 5\r\n",
     "ssh.invalid_user",
     {{"user", "a"}, {"source", "192.0.2.1"}, {"port", "5"}}},
    // Not login events.
    {"a session opened",
     "Dec  3 07:47:04 web1 sshd[35791]: pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)",
     nullptr,
     {}},
    {"a disconnect after the session",
     "Dec  3 07:47:05 web1 sshd[35791]: Disconnected from user root 127.0.0.1 port 35792",
     nullptr,
     {}},
    {"a received disconnect",
     "Dec  3 07:47:05 web1 sshd[35791]: Received disconnect from 127.0.0.1 port 35792:11: disconnected by user",
     nullptr,
     {}},
    {"sshd's start", "Dec  3 07:47:00 web1 sshd[35780]: Server listening on 127.0.0.1 port 22522.", nullptr, {}},
    {"shadow lookup", "Dec  3 07:47:03 web1 sshd[35789]: Could not get shadow information for NOUSER", nullptr, {}},
    {"another program",
     "Dec  3 07:47:03 web1 sudo[99]: Accepted password for root from 127.0.0.1 port 1 ssh2",
     nullptr,
     {}},
    {"a program whose name ends in sshd",
     "Dec  3 07:47:03 web1 notsshd[9]: Accepted password for root from 1.2.3.4 port 1 ssh2",
     nullptr,
     {}},
    {"a bad port",
     "Dec  3 07:47:03 web1 sshd[9]: Failed password for root from 1.2.3.4 port 99999999 ssh2",
     nullptr,
     {}},
    {"no address", "Dec  3 07:47:03 web1 sshd[9]: Failed password for root from  port 1 ssh2", nullptr, {}},
    {"cut in the middle", "Dec  3 07:47:03 web1 sshd[9]: Failed password for ro", nullptr, {}},
    {"an empty line", "", nullptr, {}},
};

}  // namespace

TEST_CASE("sshd: real OpenSSH lines of several versions become login events with their fields") {
    for (const Row& row : kRows) {
        INFO(row.what << ": " << row.line);
        const auto event = login_event(row.line);
        if (row.kind == nullptr) {
            CHECK_FALSE(event);
            continue;
        }
        REQUIRE(event);
        CHECK(event->kind == row.kind);
        std::vector<std::pair<std::string, std::string>> fields;
        for (const auto& tag : event->fields) fields.emplace_back(tag.key, tag.value);
        CHECK(fields == row.fields);
        std::string raw = row.line;
        while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.pop_back();
        CHECK(event->raw == raw);
    }
}

TEST_CASE("sshd: fields the alert rules need are where they look") {
    const auto failed =
        login_event("Dec  3 07:47:02 web1 sshd[1]: Failed password for root from 192.0.2.9 port 2 ssh2");
    REQUIRE(failed);
    CHECK(field_value(*failed, "source") == "192.0.2.9");
    const auto accepted = login_event("Accepted publickey for alice from 192.0.2.9 port 2 ssh2: RSA SHA256:x");
    REQUIRE(accepted);
    CHECK(field_value(*accepted, "user") == "alice");
    CHECK(accepted->id.empty());  // the source numbers it
}
