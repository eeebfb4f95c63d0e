// The process groups of the children run_child is running now, so a stopping daemon can
// kill them, and the sweep of what they leave behind.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>

namespace niamd::process {

// Calls `spawn` (which answers the new child's pid, or -1) with the registry locked and
// registers the pid it answers, so a sweep never takes a child that has just started for
// a leftover. The child leads its own process group. Answers what `spawn` answered.
pid_t spawn_registered(const std::function<pid_t()>& spawn);
// The child is no longer running (it was reaped).
void forget_running_child(pid_t pid);

// Kills (SIGKILL, whole process group) every child still running: for a daemon that
// stops in the middle of a round, so no child outlives it. Thread-safe.
void kill_running_children() noexcept;

// What children leave behind. A child's process group is killed when the child exits; a
// grandchild that left the group (setsid) escapes that. Made the subreaper of its
// descendants (PR_SET_CHILD_SUBREAPER), this process inherits such orphans instead of
// init, and sweep_leftovers() kills and reaps every child of this process that is not a
// child running now: the client calls it after each round, so at most one round's
// leftovers exist at a time. Each one is counted and logged.
bool adopt_orphans();                      // false (errno set) when the kernel refuses
std::size_t sweep_leftovers();             // the processes killed or reaped now
std::uint64_t leftovers_total() noexcept;  // since start

}  // namespace niamd::process
