// TCP connections by state through the kernel's sock_diag netlink interface (what ss(8)
// uses). Reading /proc/net/tcp makes the kernel walk its whole connection hash table on
// every read (about 4 ms of CPU on a host with 262,144 buckets); one netlink dump walks it
// once. No program is run.
#pragma once

#include <optional>

#include "metrics/proc_text.hpp"

namespace niamd::metrics {

// The connections of IPv4 and IPv6 by state, or nullopt when netlink is not available (then
// the collector reads /proc/net/tcp and tcp6).
std::optional<TcpStateCounts> tcp_states_from_netlink();

}  // namespace niamd::metrics
