#include "process/running_children.hpp"

#include <dirent.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "log/log.hpp"

namespace niamd::process {
namespace {

// Never destroyed: a check thread left running (abandoned) may still use it while the
// process exits.
struct RunningChildren {
    std::mutex mutex;
    std::set<pid_t> groups;
};
RunningChildren& running_children() {
    static auto* running = new RunningChildren();
    return *running;
}

// The parent pid and process group in /proc/PID/stat: "PID (COMM) S PPID PGRP ...";
// COMM may hold anything, so the fields are read after its last ')'.
bool parent_and_group(pid_t pid, pid_t& parent, pid_t& group) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    const auto close = line.rfind(')');
    if (close == std::string::npos) return false;
    char state = 0;
    long ppid = 0;
    long pgrp = 0;
    if (std::sscanf(line.c_str() + close + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3) return false;
    parent = static_cast<pid_t>(ppid);
    group = static_cast<pid_t>(pgrp);
    return true;
}

std::atomic<std::uint64_t> g_leftovers_total{0};

}  // namespace

pid_t spawn_registered(const std::function<pid_t()>& spawn) {
    std::lock_guard lock(running_children().mutex);
    const pid_t pid = spawn();
    if (pid >= 0) running_children().groups.insert(pid);
    return pid;
}

void forget_running_child(pid_t pid) {
    std::lock_guard lock(running_children().mutex);
    running_children().groups.erase(pid);
}

void kill_running_children() noexcept {
    std::lock_guard lock(running_children().mutex);
    for (pid_t pid : running_children().groups) ::kill(-pid, SIGKILL);
}

bool adopt_orphans() { return ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0; }

std::size_t sweep_leftovers() {
    std::lock_guard lock(running_children().mutex);
    const auto& running = running_children().groups;
    const pid_t self = ::getpid();
    std::vector<pid_t> leftovers;
    if (DIR* proc = ::opendir("/proc")) {
        while (const dirent* item = ::readdir(proc)) {
            char* end = nullptr;
            const long pid = std::strtol(item->d_name, &end, 10);
            if (pid <= 0 || *end != '\0') continue;
            pid_t parent = 0;
            pid_t group = 0;
            if (!parent_and_group(static_cast<pid_t>(pid), parent, group) || parent != self) continue;
            if (running.count(static_cast<pid_t>(pid)) != 0) continue;
            // Its own group leader (setsid): the group goes too, unless a running child leads it.
            if (group == pid && running.count(group) == 0) ::kill(-group, SIGKILL);
            ::kill(static_cast<pid_t>(pid), SIGKILL);
            leftovers.push_back(static_cast<pid_t>(pid));
        }
        ::closedir(proc);
    }
    for (const pid_t pid : leftovers) {
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
    if (!leftovers.empty()) {
        const auto total = g_leftovers_total += leftovers.size();
        log::warning("plugins left " + std::to_string(leftovers.size()) + " process(es) behind: killed and reaped (" +
                     std::to_string(total) + " since start)");
    }
    return leftovers.size();
}

std::uint64_t leftovers_total() noexcept { return g_leftovers_total.load(); }

}  // namespace niamd::process
