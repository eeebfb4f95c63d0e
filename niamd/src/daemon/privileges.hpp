// Who niamd runs as. Started as root, it runs as --user NAME (default niam, when that user
// exists) from the moment its sockets are bound: choose_account() at start, prepare_directory()
// for STATE_DIR and LOG_DIR, drop_privileges() once the web interface listens (master) or the
// config is read (client). With no such user it stays root and says so; its children never
// run as root either way (process/account.hpp).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <awsrest/result.hpp>

#include "process/account.hpp"

namespace niamd::daemon {

inline constexpr const char* kDefaultUser = "niam";

struct RunAs {
    std::optional<process::Account> account;  // the account to drop to; none: no drop
    std::string warning;                      // non-empty: logged at start ("niamd runs as root: ...")
};

// The account a niamd started with `user` (--user; empty: niam if it exists) runs as.
// Not root: no drop (a --user naming another account is a warning). Root: --user NAME must
// exist (an error otherwise), --user root stays root with a warning, and with no --user a
// missing niam leaves niamd root with a warning.
awsrest::Result<RunAs> choose_account(const std::string& user);

// Makes `dir` with `perms` when it is missing, owned by `account` when there is one. An
// existing `dir` must already be the account's: one owned by another user (root, from a
// run as root) is refused with an error naming it, never chowned behind the owner's back.
awsrest::Result<void> prepare_directory(const std::filesystem::path& dir, std::filesystem::perms perms,
                                        const process::Account* account);

// Gives `account` what niamd created as root inside `dirs` (the entries still owned by root:
// directories and singly-linked regular files, never through a symbolic link) and the
// `files`. An error names what failed.
awsrest::Result<void> give_created_files(const process::Account& account,
                                         const std::vector<std::filesystem::path>& dirs,
                                         const std::vector<std::filesystem::path>& files);

// give_created_files, then becomes the account for good; its children then run as the
// account too. Logs the drop. An error names what failed.
awsrest::Result<void> drop_privileges(const process::Account& account, const std::vector<std::filesystem::path>& dirs,
                                      const std::vector<std::filesystem::path>& files);

}  // namespace niamd::daemon
