#include "client/script_sync.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <system_error>

#include "files/atomic_file.hpp"
#include "log/log.hpp"

namespace niamd::client {
namespace {
constexpr const char* kEtagFile = ".etags";
}

bool is_plain_script_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > 255 || name.front() == '.') return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == '+';
        if (!ok) return false;
    }
    return true;
}

ScriptSync::ScriptSync(awsrest::S3Client& s3, std::string bucket, std::filesystem::path scripts_dir,
                       std::optional<gid_t> children_group)
    : s3_(s3), bucket_(std::move(bucket)), dir_(std::move(scripts_dir)), children_group_(children_group) {}

void ScriptSync::open_to_children(const std::filesystem::path& path, mode_t mode) const {
    if (::chown(path.c_str(), static_cast<uid_t>(-1), *children_group_) != 0 || ::chmod(path.c_str(), mode) != 0) {
        log::warning("scripts: cannot open " + path.string() + " to the group of plugins: " + std::strerror(errno));
    }
}

void ScriptSync::load_etags() {
    etags_loaded_ = true;
    auto text = files::read_small_file(dir_ / kEtagFile, 1024 * 1024);
    if (!text) return;
    std::istringstream lines(*text);
    std::string name;
    std::string etag;
    while (lines >> name >> etag) {
        if (is_plain_script_name(name)) etags_[name] = etag;
    }
}

void ScriptSync::save_etags() {
    std::string text;
    for (const auto& [name, etag] : etags_) text += name + " " + etag + "\n";
    if (auto written = files::write_file_atomically(dir_ / kEtagFile, text, 0600); !written) {
        log::warning("scripts: " + written.error().message);
    }
}

std::optional<std::filesystem::path> ScriptSync::first_closed_ancestor() const {
    std::error_code error;
    const std::filesystem::path state_dir = std::filesystem::absolute(dir_, error).parent_path();
    for (auto path = state_dir.parent_path(); !path.empty(); path = path.parent_path()) {
        struct stat info {};
        if (::stat(path.c_str(), &info) == 0) {
            const bool others_pass = (info.st_mode & S_IXOTH) != 0;
            const bool group_passes = info.st_gid == *children_group_ && (info.st_mode & S_IXGRP) != 0;
            if (!others_pass && !group_passes) return path;
        }
        if (path == path.root_path()) break;
    }
    return std::nullopt;
}

SyncReport ScriptSync::sync() {
    SyncReport report;
    std::error_code error;
    std::filesystem::create_directories(dir_, error);
    if (children_group_) {
        open_to_children(dir_.parent_path(), 0710);  // the state dir: passage to scripts/ only
        open_to_children(dir_, 0750);
        report.children_blocked_at = first_closed_ancestor();
        if (report.children_blocked_at && !blocked_warned_) {
            blocked_warned_ = true;
            log::warning("scripts: the plugins' account cannot pass " + report.children_blocked_at->string() +
                         " to reach " + dir_.string() + "; SCRIPT checks will not run (keep the state dir out of it)");
        }
    } else {
        ::chmod(dir_.c_str(), 0700);
    }
    if (!etags_loaded_) load_etags();

    awsrest::ListObjectsV2Request request;
    request.bucket = bucket_;
    request.prefix = "scripts/";
    auto listing = s3_.list_all_objects(request);
    if (!listing) {
        log::warning("scripts: cannot list s3://" + bucket_ + "/scripts/: " + listing.error().describe());
        report.failed = true;
        return report;
    }
    std::map<std::string, std::string> seen;
    bool etags_changed = false;
    for (const auto& object : listing->objects) {
        std::string name = object.key.substr(request.prefix.size());
        if (name.empty()) continue;  // the "folder" itself
        if (!is_plain_script_name(name)) {
            log::warning("scripts: skipping s3://" + bucket_ + "/" + object.key + " (not a plain file name)");
            ++report.skipped;
            continue;
        }
        if (object.size > kMaxScriptBytes) {
            log::warning("scripts: skipping " + name + " (" + std::to_string(object.size) + " bytes, over " +
                         std::to_string(kMaxScriptBytes) + ")");
            ++report.skipped;
            continue;
        }
        seen[name] = object.etag;
        auto known = etags_.find(name);
        if (known != etags_.end() && known->second == object.etag && std::filesystem::exists(dir_ / name)) {
            if (children_group_) open_to_children(dir_ / name, 0750);  // synced by a niamd that was not root
            ++report.unchanged;
            continue;
        }
        auto got = s3_.get_object(bucket_, object.key);
        if (!got) {
            log::warning("scripts: cannot fetch " + name + ": " + got.error().describe());
            report.failed = true;
            seen.erase(name);
            continue;
        }
        if (auto written = files::write_file_atomically(dir_ / name, got->body, 0700); !written) {
            log::warning("scripts: " + written.error().message);
            report.failed = true;
            seen.erase(name);
            continue;
        }
        if (children_group_) open_to_children(dir_ / name, 0750);
        etags_[name] = object.etag;  // compared with the next listing's
        etags_changed = true;
        ++report.downloaded;
        log::info("scripts: " + name + " updated from S3");
    }
    // Scripts that left S3 leave the disk (only ones we synced: others are not ours).
    for (auto it = etags_.begin(); it != etags_.end();) {
        if (seen.count(it->first) == 0 && !report.failed) {
            std::filesystem::remove(dir_ / it->first, error);
            log::info("scripts: " + it->first + " removed (no longer in S3)");
            ++report.removed;
            it = etags_.erase(it);
            etags_changed = true;
        } else {
            ++it;
        }
    }
    if (etags_changed) save_etags();
    return report;
}

}  // namespace niamd::client
