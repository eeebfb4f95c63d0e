#include "process/account.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace niamd::process {
namespace {

// Bounds of the lookups' buffers: getpwnam_r answers ERANGE below what it needs.
constexpr std::size_t kMaxPasswdBuffer = 1 << 20;
constexpr int kMaxGroups = 65536;
constexpr const char* kFallbackChildUser = "nobody";

struct ChildAccount {
    std::mutex mutex;
    std::optional<Account> chosen;  // set_child_account's
    bool fallback_looked_up = false;
    std::optional<Account> fallback;  // nobody, looked up once
};
ChildAccount& child_account_state() {
    static auto* state = new ChildAccount();  // never destroyed: check threads may outlive main
    return *state;
}

std::string errno_text(const char* what, int error) { return std::string(what) + ": " + std::strerror(error); }

}  // namespace

std::optional<Account> look_up_user(const std::string& name, std::string* error) {
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* found = nullptr;
    int rc = 0;
    while ((rc = ::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found)) == ERANGE &&
           buffer.size() < kMaxPasswdBuffer) {
        buffer.resize(buffer.size() * 2);
    }
    if (found == nullptr) {
        if (error != nullptr) *error = rc == 0 ? "no such user" : errno_text("getpwnam_r", rc);
        return std::nullopt;
    }
    Account account;
    account.name = entry.pw_name;
    account.uid = entry.pw_uid;
    account.gid = entry.pw_gid;
    account.home = entry.pw_dir != nullptr ? entry.pw_dir : "";
    int count = 64;
    for (;;) {
        account.groups.assign(static_cast<std::size_t>(count), 0);
        int got = count;
        if (::getgrouplist(account.name.c_str(), account.gid, account.groups.data(), &got) >= 0) {
            account.groups.resize(static_cast<std::size_t>(got));
            break;
        }
        if (got <= count || got > kMaxGroups) {  // no growth asked for: keep the primary group only
            account.groups.assign(1, account.gid);
            break;
        }
        count = got;
    }
    return account;
}

std::string become_user(const Account& account) {
    if (::setgroups(account.groups.size(), account.groups.data()) != 0) return errno_text("setgroups", errno);
    if (::setgid(account.gid) != 0) return errno_text("setgid", errno);
    if (::setuid(account.uid) != 0) return errno_text("setuid", errno);
    if (account.uid != 0 && (::setuid(0) == 0 || ::seteuid(0) == 0)) return "root could be regained after setuid";
    if (account.gid != 0 && account.uid != 0 && ::setgid(0) == 0) return "group root could be regained after setgid";
    return "";
}

void set_child_account(const Account& account) {
    if (account.uid == 0) return;  // children never run as root: nobody stays theirs
    ChildAccount& state = child_account_state();
    std::lock_guard lock(state.mutex);
    state.chosen = account;
}

std::optional<Account> child_account() {
    if (::geteuid() != 0) return std::nullopt;
    ChildAccount& state = child_account_state();
    std::lock_guard lock(state.mutex);
    if (state.chosen) return state.chosen;
    if (!state.fallback_looked_up) {
        state.fallback = look_up_user(kFallbackChildUser);
        state.fallback_looked_up = true;
    }
    return state.fallback;
}

}  // namespace niamd::process
