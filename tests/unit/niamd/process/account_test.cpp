// The account a program runs as: look_up_user, become_user, and run_child's children, which
// never run as root: started by a root niamd they run as its --user account, else nobody.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "process/account.hpp"
#include "process/child_process.hpp"
#include "support/temp_dir.hpp"
#include "test_skip.hpp"

using namespace std::chrono_literals;
using niamd::process::ChildEnding;
using niamd::process::look_up_user;

namespace {

// `id -u` and `id -g` of a child run_child starts from `dir`, which the child's account owns.
std::string ids_of_child(const test_support::TempDir& dir) {
    const auto script = dir.write("ids", "#!/bin/sh\necho \"$(id -u) $(id -g) $(id -G)\"\n", 0700);
    const auto run = niamd::process::run_child({script, {}, 4096}, 5000ms);
    REQUIRE(run.ending == ChildEnding::Exited);
    CHECK(run.exit_code == 0);
    return run.stdout_text;
}

}  // namespace

TEST_CASE("look_up_user: root and nobody and a missing user", "[process][account]") {
    const auto root = look_up_user("root");
    REQUIRE(root);
    CHECK(root->name == "root");
    CHECK(root->uid == 0);
    CHECK(root->gid == 0);
    CHECK(root->home == "/root");
    CHECK(std::find(root->groups.begin(), root->groups.end(), gid_t{0}) != root->groups.end());

    const auto nobody = look_up_user("nobody");
    REQUIRE(nobody);
    CHECK(nobody->uid != 0);
    CHECK(std::find(nobody->groups.begin(), nobody->groups.end(), nobody->gid) != nobody->groups.end());

    std::string why;
    CHECK_FALSE(look_up_user("no-such-niam-user", &why));
    CHECK(why == "no such user");
}

TEST_CASE("child_account: none when not root and nobody by default when root", "[process][account]") {
    const auto account = niamd::process::child_account();
    if (::geteuid() != 0) {
        CHECK_FALSE(account);
        return;
    }
    REQUIRE(account);
    CHECK(account->uid != 0);
}

TEST_CASE("run_child: a child of a root niamd runs as nobody and never as root", "[process][account]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: the children keep this process's ids");
    const auto nobody = look_up_user("nobody");
    REQUIRE(nobody);
    test_support::TempDir dir("niam-account");
    dir.give_to(nobody->uid, nobody->gid);
    // The default (nothing set yet) or the same account set by an earlier case: nobody either way.
    const std::string ids = ids_of_child(dir);
    CHECK(ids ==
          std::to_string(nobody->uid) + " " + std::to_string(nobody->gid) + " " + std::to_string(nobody->gid) + "\n");
}

TEST_CASE("run_child: a child of a root niamd runs as the --user account with its groups", "[process][account]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: the children keep this process's ids");
    auto daemon_user = look_up_user("daemon");
    const auto nobody = look_up_user("nobody");
    if (!daemon_user) NIAM_SKIP("no user 'daemon' here to run a child as");
    REQUIRE(nobody);
    // Extra groups as from /etc/group: the child gets them all, and no group of root's.
    daemon_user->groups = {daemon_user->gid, 4};
    niamd::process::set_child_account(*daemon_user);
    test_support::TempDir dir("niam-account");
    dir.give_to(daemon_user->uid, daemon_user->gid);
    const std::string ids = ids_of_child(dir);
    niamd::process::set_child_account(*nobody);  // back to what the other cases expect
    CHECK(ids == std::to_string(daemon_user->uid) + " " + std::to_string(daemon_user->gid) + " " +
                     std::to_string(daemon_user->gid) + " 4\n");
}

TEST_CASE("run_child: a root account set for the children is ignored: they run as nobody", "[process][account]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: the children keep this process's ids");
    const auto root = look_up_user("root");
    const auto nobody = look_up_user("nobody");
    REQUIRE(root);
    REQUIRE(nobody);
    niamd::process::set_child_account(*root);
    const auto account = niamd::process::child_account();
    REQUIRE(account);
    CHECK(account->uid == nobody->uid);
}

TEST_CASE("become_user: a process that became nobody cannot become root again", "[process][account]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: only root can become another user");
    const auto nobody = look_up_user("nobody");
    REQUIRE(nobody);
    // In a child process of its own: the test program stays root.
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (!niamd::process::become_user(*nobody).empty()) ::_exit(2);
        if (::getuid() != nobody->uid || ::geteuid() != nobody->uid || ::getgid() != nobody->gid) ::_exit(3);
        if (::setuid(0) == 0 || ::seteuid(0) == 0 || ::setgid(0) == 0) ::_exit(4);
        gid_t groups[8];
        if (::getgroups(8, groups) != 1 || groups[0] != nobody->gid) ::_exit(5);
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);  // 2: become_user failed, 3: wrong ids, 4: root regained, 5: groups
}

TEST_CASE("become_user: a non-root process cannot become another user", "[process][account]") {
    if (::geteuid() == 0) NIAM_SKIP("root: the refusal of a plain user is what is checked");
    const auto root = look_up_user("root");
    REQUIRE(root);
    CHECK_THAT(niamd::process::become_user(*root), Catch::StartsWith("setgroups: "));
}
