// sshd's log lines as login events (docs/logs.md, "SSH logins").
//
// Reads what OpenSSH's sshd (and, from OpenSSH 9.8, sshd-session) writes through syslog or the
// journal, with or without the syslog prefix ("Dec  3 07:00:01 web1 sshd[812]: ",
// "2026-12-03T07:00:01.123456+00:00 web1 sshd[812]: ", or the journal's bare MESSAGE):
//   Accepted METHOD for USER from ADDR port PORT ssh2[: KEYTYPE FINGERPRINT ...] → ssh.accepted
//   Failed METHOD for [invalid user ]USER from ADDR port PORT ssh2[...]          → ssh.failed
//   Invalid user USER from ADDR[ port PORT]                                      → ssh.invalid_user
//   Connection closed by [authenticating user USER |invalid user USER ]ADDR[ port PORT] [preauth]
//   Disconnected from [authenticating user USER |invalid user USER ]ADDR[ port PORT] [preauth]
//                                                                                → ssh.closed_preauth
// rsyslog's "message repeated N times: [ ... ]" is read as its inner line with the field
// `repeated` = N. Fields (the shared vocabulary of docs/protocol.md's EVENT): user, method,
// source, port, fingerprint, invalid. A user name may be empty or hold spaces (sshd logs what
// the client sent); addresses are IPv4 or IPv6 as sshd prints them. Any other line (session
// opened, a key exchange failure, another program) is not a login event: nullopt.
#pragma once

#include <optional>
#include <string_view>

#include "protocol/log_record.hpp"

namespace niamd::sshd {

// The event a line tells, kind and fields set, raw = the line; id and time are the caller's.
std::optional<protocol::Event> login_event(std::string_view line);

}  // namespace niamd::sshd
