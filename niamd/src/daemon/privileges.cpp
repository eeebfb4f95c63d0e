#include "daemon/privileges.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "log/log.hpp"
#include "process/unique_fd.hpp"

namespace niamd::daemon {
namespace {

namespace fs = std::filesystem;

awsrest::Error failure(const std::string& message) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, message);
}

std::string owner_name(uid_t uid) { return uid == 0 ? "root" : "uid " + std::to_string(uid); }

// Gives the entry `name` of the directory `dir_fd` to the account when root owns it: a
// directory, or a regular file with one link (a hard link planted in the account's directory
// to a file of root's is never taken). Opened with O_PATH | O_NOFOLLOW and changed through
// that descriptor: a symbolic link, or an entry swapped for one, is left alone. `subdir`
// gets the directory itself, opened without following a link, when the entry is one.
awsrest::Result<void> give_entry(int dir_fd, const char* name, const fs::path& shown, const process::Account& account,
                                 process::UniqueFd* subdir) {
    process::UniqueFd fd(::openat(dir_fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return {};  // gone meanwhile
        return failure("cannot open " + shown.string() + ": " + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) return failure("cannot stat " + shown.string() + ": " + std::strerror(errno));
    const bool is_directory = S_ISDIR(info.st_mode);
    if (info.st_uid == 0 && (is_directory || (S_ISREG(info.st_mode) && info.st_nlink == 1)) &&
        ::fchownat(fd.get(), "", account.uid, account.gid, AT_EMPTY_PATH) != 0) {
        return failure("cannot give " + shown.string() + " to " + account.name + ": " + std::strerror(errno));
    }
    if (is_directory && subdir != nullptr) {
        *subdir = process::UniqueFd(::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        struct stat opened {};
        // The very directory looked at, not one swapped in since.
        if (*subdir &&
            (::fstat(subdir->get(), &opened) != 0 || opened.st_dev != info.st_dev || opened.st_ino != info.st_ino)) {
            subdir->reset();
        }
    }
    return {};
}

// Every entry below the directory `dir_fd`, through descriptors only: no path is resolved
// again, so a directory swapped for a symbolic link meanwhile leads nowhere.
awsrest::Result<void> give_tree(int dir_fd, const fs::path& shown, const process::Account& account, int depth) {
    constexpr int kMaxDepth = 16;  // niamd's own trees are two or three deep
    if (depth > kMaxDepth) return {};
    const int listing_fd = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
    DIR* listing = listing_fd >= 0 ? ::fdopendir(listing_fd) : nullptr;
    if (listing == nullptr) {
        if (listing_fd >= 0) ::close(listing_fd);
        return failure("cannot read " + shown.string() + ": " + std::strerror(errno));
    }
    awsrest::Result<void> result;
    while (const dirent* entry = ::readdir(listing)) {
        const std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        process::UniqueFd subdir;
        if (result = give_entry(dir_fd, name.c_str(), shown / name, account, &subdir); !result) break;
        if (subdir && !(result = give_tree(subdir.get(), shown / name, account, depth + 1))) break;
    }
    ::closedir(listing);
    return result;
}

}  // namespace

awsrest::Result<RunAs> choose_account(const std::string& user) {
    RunAs run_as;
    const std::string wanted = user.empty() ? kDefaultUser : user;
    if (::geteuid() != 0) {
        if (!user.empty()) {
            const auto account = process::look_up_user(user);
            if (!account || account->uid != ::geteuid()) {
                run_as.warning = "--user " + user + " is ignored: niamd was not started as root";
            }
        }
        return run_as;
    }
    std::string why;
    auto account = process::look_up_user(wanted, &why);
    if (!account) {
        if (!user.empty()) return failure("--user " + user + ": " + why);
        run_as.warning = "niamd runs as root: there is no user " + wanted +
                         " to drop to (create it, or start niamd with --user NAME); its children run as nobody";
        return run_as;
    }
    if (account->uid == 0) {
        run_as.warning = "niamd runs as root: --user " + wanted + " is root; its children run as nobody";
        return run_as;
    }
    run_as.account = std::move(account);
    return run_as;
}

awsrest::Result<void> prepare_directory(const fs::path& dir, fs::perms perms, const process::Account* account) {
    std::error_code error;
    const bool existed = fs::exists(dir, error);
    if (!existed) {
        fs::create_directories(dir, error);
        if (error || !fs::is_directory(dir)) {
            return failure("cannot create " + dir.string() + ": " + (error ? error.message() : "not a directory"));
        }
        if (account != nullptr && ::chown(dir.c_str(), account->uid, account->gid) != 0) {
            return failure("cannot give " + dir.string() + " to " + account->name + ": " + std::strerror(errno));
        }
    }
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        return failure(dir.string() + " is not a directory");
    }
    if (account != nullptr && info.st_uid != account->uid) {
        return failure(dir.string() + " belongs to " + owner_name(info.st_uid) + ", not to " + account->name +
                       ", whom niamd runs as: chown -R " + account->name + ": " + dir.string() +
                       (info.st_uid == 0 ? " (or start niamd with --user root)" : ""));
    }
    fs::permissions(dir, perms, error);  // as before: a directory niamd may not change keeps its mode
    return {};
}

awsrest::Result<void> give_created_files(const process::Account& account, const std::vector<fs::path>& dirs,
                                         const std::vector<fs::path>& files) {
    for (const fs::path& dir : dirs) {
        process::UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!fd) return failure("cannot open " + dir.string() + ": " + std::strerror(errno));
        if (auto given = give_tree(fd.get(), dir, account, 0); !given) return given;
    }
    for (const fs::path& file : files) {
        process::UniqueFd parent(
            ::open(file.parent_path().empty() ? "." : file.parent_path().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!parent) return failure("cannot open " + file.parent_path().string() + ": " + std::strerror(errno));
        if (auto given = give_entry(parent.get(), file.filename().c_str(), file, account, nullptr); !given) {
            return given;
        }
    }
    return {};
}

awsrest::Result<void> drop_privileges(const process::Account& account, const std::vector<fs::path>& dirs,
                                      const std::vector<fs::path>& files) {
    if (auto given = give_created_files(account, dirs, files); !given) return given;
    process::set_child_account(account);
    if (std::string failed = process::become_user(account); !failed.empty()) {
        return failure("cannot become " + account.name + ": " + failed);
    }
    log::info("running as " + account.name + " (uid " + std::to_string(account.uid) + ", gid " +
              std::to_string(account.gid) + ")");
    return {};
}

}  // namespace niamd::daemon
