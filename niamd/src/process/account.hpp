// The account a program runs as: niamd's own drop from root (--user) and the account
// run_child's children get while niamd is still root, so that no plugin, SCRIPT check or
// ALERT_SCRIPT ever runs as root.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace niamd::process {

struct Account {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;  // the primary group
    std::string home;
    std::vector<gid_t> groups;  // every group of the account, the primary one included
};

// The account `name` (getpwnam_r, its groups from getgrouplist). nullopt when there is no
// such user; `error`, when given, then says why (no such user, or the lookup's failure).
std::optional<Account> look_up_user(const std::string& name, std::string* error = nullptr);

// Becomes `account` for good: its groups (setgroups), its gid, then its uid, and checks that
// root cannot be had back (setuid(0) and setgid(0) must fail). Every thread of the process
// changes (glibc applies set*id to all). Empty on success, else what failed and errno's text.
std::string become_user(const Account& account);

// The account run_child's children run as while this process runs as root (euid 0): the
// one set here (the daemon's --user; a root account is ignored), else `nobody`. nullopt when
// this process is not root (the children keep its ids) or, root, when no such account
// exists: run_child then starts nothing (a child never runs as root). Thread-safe.
void set_child_account(const Account& account);
std::optional<Account> child_account();

}  // namespace niamd::process
