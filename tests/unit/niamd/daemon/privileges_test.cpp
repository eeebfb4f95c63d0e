// Who niamd runs as: the account chosen at start, STATE_DIR and LOG_DIR made for it (an
// existing one of another owner refused), and what niamd made as root given to it at the
// drop: never through a symbolic link, never a hard link to a file of root's.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "daemon/privileges.hpp"
#include "support/temp_dir.hpp"
#include "test_skip.hpp"

namespace fs = std::filesystem;
using niamd::daemon::choose_account;
using niamd::daemon::give_created_files;
using niamd::daemon::prepare_directory;

namespace {

uid_t owner_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::lstat(path.c_str(), &info) == 0);
    return info.st_uid;
}

const auto kDirPerms = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec;

}  // namespace

TEST_CASE("privileges: the account a root niamd drops to", "[daemon][privileges]") {
    if (::geteuid() != 0) {
        // Not root: no drop, and a --user of someone else is told.
        const auto chosen = choose_account("root");
        REQUIRE(chosen);
        CHECK_FALSE(chosen->account);
        CHECK(chosen->warning == "--user root is ignored: niamd was not started as root");
        NIAM_SKIP("not root: the choices of a root niamd are not checked");
    }
    const auto nobody = choose_account("nobody");
    REQUIRE(nobody);
    REQUIRE(nobody->account);
    CHECK(nobody->account->name == "nobody");
    CHECK(nobody->warning.empty());
    const auto root = choose_account("root");
    REQUIRE(root);
    CHECK_FALSE(root->account);
    CHECK(root->warning == "niamd runs as root: --user root is root; its children run as nobody");
    const auto unknown = choose_account("no-such-niam-user");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message == "--user no-such-niam-user: no such user");
    const auto fallback = choose_account("");
    REQUIRE(fallback);
    if (!niamd::process::look_up_user("niam")) {
        CHECK_FALSE(fallback->account);
        CHECK(fallback->warning ==
              "niamd runs as root: there is no user niam to drop to (create it, or start niamd "
              "with --user NAME); its children run as nobody");
    } else {
        CHECK(fallback->account);
    }
}

TEST_CASE("privileges: STATE_DIR made for the account and one of another owner refused", "[daemon][privileges]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: nothing can be given to another account");
    const auto nobody = niamd::process::look_up_user("nobody");
    REQUIRE(nobody);
    test_support::TempDir scratch("niam-privileges");
    const fs::path made = scratch.path() / "state";
    REQUIRE(prepare_directory(made, kDirPerms, &*nobody));
    CHECK(owner_of(made) == nobody->uid);
    CHECK((fs::status(made).permissions() & fs::perms::mask) == kDirPerms);
    REQUIRE(prepare_directory(made, kDirPerms, &*nobody));  // the account's already: taken as it is

    const fs::path roots = scratch.path() / "old-state";
    fs::create_directories(roots);
    const auto refused = prepare_directory(roots, kDirPerms, &*nobody);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == roots.string() +
                                         " belongs to root, not to nobody, whom niamd runs as: chown -R "
                                         "nobody: " +
                                         roots.string() + " (or start niamd with --user root)");
    CHECK(owner_of(roots) == 0);                          // not chowned
    CHECK(prepare_directory(roots, kDirPerms, nullptr));  // staying root: root's dir is fine
}

TEST_CASE("privileges: what root made is given to the account, a link never followed or taken",
          "[daemon][privileges]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: nothing can be given to another account");
    const auto nobody = niamd::process::look_up_user("nobody");
    REQUIRE(nobody);
    test_support::TempDir scratch("niam-privileges");
    const fs::path state = scratch.path() / "state";
    REQUIRE(prepare_directory(state, kDirPerms, &*nobody));
    // Files of root's outside the state dir that the account must never get.
    const fs::path outside = scratch.path() / "outside";
    fs::create_directories(outside);
    const auto secret = scratch.write("outside/secret", "s");
    const auto linked = scratch.write("outside/linked", "l");
    // What niamd made as root: a file, a folder and a file in it; and what the account planted.
    scratch.write("state/niam.db", "db");
    scratch.write("state/spool/part", "p");
    fs::create_symlink(secret, state / "to-secret");
    fs::create_directory_symlink(outside, state / "to-outside");
    fs::create_hard_link(linked, state / "hard");
    const auto pid_file = scratch.write("niamd.pid", "1\n");

    REQUIRE(give_created_files(*nobody, {state}, {pid_file}));
    CHECK(owner_of(state / "niam.db") == nobody->uid);
    CHECK(owner_of(state / "spool") == nobody->uid);
    CHECK(owner_of(state / "spool/part") == nobody->uid);
    CHECK(owner_of(pid_file) == nobody->uid);
    CHECK(owner_of(state / "to-secret") == 0);  // the link itself left alone
    CHECK(owner_of(secret) == 0);               // and what it points at
    CHECK(owner_of(outside) == 0);              // a folder link is not entered
    CHECK(owner_of(linked) == 0);               // a second link to root's file is not taken
}
