// ScriptSync: keeps STATE_DIR/scripts equal to s3://BUCKET/scripts/*. One ListObjectsV2
// per sync; a script is downloaded only when its ETag changed, written atomically with
// mode 0700 (owned by the daemon's user, as it writes it), and removed when it left S3.
// Keys that are not plain file names (sub-folders, "..", dot files) are skipped.
// With a children's group (niamd runs as root, its children as another account: see
// process/account.hpp) the scripts and their folder are the group's, mode 0750, and the
// state dir above them 0710 in that group: the children can run them, and reach nothing
// else of the state dir. A folder above the state dir that the group cannot pass (neither
// o+x nor g+x in the group) is named in the report and warned about once: the children could
// not reach the scripts.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <awsrest/s3.hpp>

namespace niamd::client {

inline constexpr std::uint64_t kMaxScriptBytes = 1024 * 1024;

struct SyncReport {
    int downloaded = 0;
    int removed = 0;
    int unchanged = 0;
    int skipped = 0;
    bool failed = false;  // the listing or a download failed (logged); retried next time
    std::optional<std::filesystem::path> children_blocked_at;  // a folder above the state dir they cannot pass
};

class ScriptSync {
  public:
    ScriptSync(awsrest::S3Client& s3, std::string bucket, std::filesystem::path scripts_dir,
               std::optional<gid_t> children_group = std::nullopt);
    SyncReport sync();

  private:
    void load_etags();
    void save_etags();
    void open_to_children(const std::filesystem::path& path, mode_t mode) const;
    std::optional<std::filesystem::path> first_closed_ancestor() const;

    awsrest::S3Client& s3_;
    std::string bucket_;
    std::filesystem::path dir_;
    std::optional<gid_t> children_group_;
    std::map<std::string, std::string> etags_;  // name -> ETag of the copy on disk
    bool etags_loaded_ = false;
    bool blocked_warned_ = false;
};

// Whether an S3 key's last part may be a script's file name here.
bool is_plain_script_name(std::string_view name) noexcept;

}  // namespace niamd::client
