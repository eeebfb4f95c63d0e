// ScriptSync: keeps STATE_DIR/scripts equal to s3://BUCKET/scripts/*. One ListObjectsV2
// per sync; a script is downloaded only when its ETag changed, written atomically with
// mode 0700 (owned by the daemon's user, as it writes it), and removed when it left S3.
// Keys that are not plain file names (sub-folders, "..", dot files) are skipped.
#pragma once

#include <filesystem>
#include <map>
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
};

class ScriptSync {
public:
    ScriptSync(awsrest::S3Client& s3, std::string bucket, std::filesystem::path scripts_dir);
    SyncReport sync();

private:
    void load_etags();
    void save_etags();

    awsrest::S3Client& s3_;
    std::string bucket_;
    std::filesystem::path dir_;
    std::map<std::string, std::string> etags_;  // name -> ETag of the copy on disk
    bool etags_loaded_ = false;
};

// Whether an S3 key's last part may be a script's file name here.
bool is_plain_script_name(std::string_view name) noexcept;

}  // namespace niamd::client
