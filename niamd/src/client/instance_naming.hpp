// instance_id_off_ec2: the instance id a host off EC2 gives itself from `INSTANCE_ID` (see
// docs/config.md): `prefix-S` with `serial S`; `prefix-` and the first line the command
// prints with `command CMD [args...]` (run without a shell, with a timeout, like a plugin);
// `serial` wins over `command`. Without the statement, or when the command fails, the host
// stays "NOT-AWS" and the failure is logged. On EC2 the statement is ignored.
#pragma once

#include <chrono>
#include <string>

#include "config/host_config.hpp"

namespace niamd::client {

inline constexpr const char* kNotAws = "NOT-AWS";
inline constexpr std::size_t kMaxInstanceNumberBytes = 128;  // the command's line, at most

struct InstanceNaming {
    std::string instance;  // the id to use
    std::string problem;   // empty, or why the statement could not apply (also logged)
};

// `current`: what the instance metadata service said (an EC2 instance id, or "NOT-AWS").
InstanceNaming instance_id_off_ec2(const config::InstanceIdConfig& statement, const std::string& current,
                                   std::chrono::milliseconds timeout);

// The number a command printed, if it is one: the first line, trimmed, 1-128 letters,
// digits, '.', '_' and '-'. Else empty.
std::string instance_number_of(std::string_view output);

}  // namespace niamd::client
