// ConfigSource: where the host's config comes from and which one is in effect.
//
// From S3: s3://BUCKET/conf/<hostname>, else conf/GENERIC, re-read with a conditional GET
// (If-None-Match with the ETag last seen), so an unchanged config costs one 304. Each
// config applied is cached in STATE_DIR (config.cache, config.cache.source), so a restart
// while S3 cannot be reached starts with the last good one. A config that cannot be
// fetched keeps the one in effect. A config refused whole (too large) keeps the one in
// effect too, and at start — nothing in effect yet — the cached one, never the defaults
// while a good config is cached; refusal() says so until a config is accepted again. A bad
// line is logged with its source and line number and skipped. With --config FILE, that
// file instead.
#pragma once

#include <filesystem>
#include <string>

#include <awsrest/s3.hpp>

#include "config/config_parser.hpp"

namespace niamd::client {

class ConfigSource {
  public:
    // S3: s3 and bucket set, local_file empty. Local: s3 may be null.
    ConfigSource(awsrest::S3Client* s3, std::string bucket, std::string hostname, std::filesystem::path state_dir,
                 std::filesystem::path local_file);

    // Reads the config again; true when the config in effect changed (always true the
    // first time something is in effect).
    bool refresh();

    const config::HostConfig& config() const noexcept { return config_; }
    // "s3://bucket/conf/web1", "s3://bucket/conf/GENERIC", "/etc/niam/niam.conf",
    // "cache of s3://...", or "defaults" (nothing found anywhere: PINGs only).
    const std::string& source() const noexcept { return source_; }
    // Problems of the config in effect, as logged.
    const std::vector<config::ConfigProblem>& problems() const noexcept { return problems_; }
    // Empty, or why the config last fetched is not the one in effect ("config from
    // s3://b/conf/web1 refused whole (...); running the cached config from ...").
    const std::string& refusal() const noexcept { return refusal_; }

  private:
    enum class Fetch { Applied, Unchanged, Missing, Failed };
    Fetch fetch_from_s3(const std::string& key, std::string& etag);
    bool refresh_local();
    bool apply(const std::string& text, const std::string& source, bool cache);
    bool load_cache();
    bool refuse(const std::string& source, const std::string& why);

    awsrest::S3Client* s3_;
    std::string bucket_;
    std::string hostname_;
    std::filesystem::path state_dir_;
    std::filesystem::path local_file_;

    config::HostConfig config_;
    std::string source_;
    std::string text_;
    bool loaded_ = false;
    bool changed_ = false;
    std::vector<config::ConfigProblem> problems_;
    std::string refusal_;
    std::string host_etag_;
    std::string generic_etag_;
};

}  // namespace niamd::client
