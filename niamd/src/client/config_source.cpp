#include "client/config_source.hpp"

#include "files/atomic_file.hpp"
#include "log/log.hpp"

namespace niamd::client {

ConfigSource::ConfigSource(awsrest::S3Client* s3, std::string bucket, std::string hostname,
                           std::filesystem::path state_dir, std::filesystem::path local_file)
    : s3_(s3),
      bucket_(std::move(bucket)),
      hostname_(std::move(hostname)),
      state_dir_(std::move(state_dir)),
      local_file_(std::move(local_file)) {}

bool ConfigSource::apply(const std::string& text, const std::string& source, bool cache) {
    auto parsed = config::parse_config(text, source);
    for (const auto& problem : parsed.problems) log::warning("config " + problem.describe());
    for (const auto& problem : parsed.problems) {
        if (problem.line == 0) return refuse(source, problem.message);
    }
    refusal_.clear();
    const bool changed = !loaded_ || text != text_ || source != source_;
    config_ = std::move(parsed.config);
    problems_ = std::move(parsed.problems);
    text_ = text;
    source_ = source;
    loaded_ = true;
    if (changed) {
        log::info("config from " + source + ": " + std::to_string(config_.checks.size()) + " check(s), interval " +
                  std::to_string(config_.interval) + " s" +
                  (config_.role == config::Role::Master ? ", role master" : ""));
    }
    if (changed && cache) {
        if (auto written = files::write_file_atomically(state_dir_ / "config.cache", text, 0600); !written) {
            log::warning("cannot cache the config: " + written.error().message);
        } else if (auto named = files::write_file_atomically(state_dir_ / "config.cache.source", source, 0600);
                   !named) {
            log::warning("cannot cache the config: " + named.error().message);
        }
    }
    return changed;
}

bool ConfigSource::load_cache() {
    if (s3_ == nullptr || !local_file_.empty()) return false;  // only S3 configs are cached
    auto text = files::read_small_file(state_dir_ / "config.cache", config::kMaxConfigBytes);
    auto source = files::read_small_file(state_dir_ / "config.cache.source", 4096);
    if (!text || !source) return false;
    log::info("using the cached config from " + *source);
    return apply(*text, *source, false);
}

bool ConfigSource::refuse(const std::string& source, const std::string& why) {
    bool changed = false;
    if (!loaded_) changed = load_cache();  // at start: the last good config, not the defaults
    if (!loaded_) {
        config_ = {};
        problems_.clear();
        text_.clear();
        source_ = "defaults";
        loaded_ = true;
        changed = true;
    }
    refusal_ = "config from " + source + " refused whole (" + why + "); running " +
               (source_ == "defaults" ? std::string("the defaults (PINGs only)") : "the config from " + source_);
    log::error(refusal_);
    return changed;
}

ConfigSource::Fetch ConfigSource::fetch_from_s3(const std::string& key, std::string& etag) {
    awsrest::GetObjectOptions options;
    options.if_none_match = etag;
    auto got = s3_->get_object(bucket_, key, options);
    if (!got) {
        if (awsrest::is_s3_not_found(got.error())) {
            etag.clear();
            return Fetch::Missing;
        }
        log::warning("config s3://" + bucket_ + "/" + key + ": " + got.error().describe());
        return Fetch::Failed;
    }
    if (got->not_modified) return Fetch::Unchanged;
    etag = got->etag;
    changed_ = apply(got->body, "s3://" + bucket_ + "/" + key, true);
    return Fetch::Applied;
}

bool ConfigSource::refresh_local() {
    auto text = files::read_small_file(local_file_, config::kMaxConfigBytes + 1);
    if (!text) {
        log::warning("config " + local_file_.string() + ": cannot be read (missing, unreadable or over " +
                     std::to_string(config::kMaxConfigBytes) + " bytes)");
        if (!loaded_) {
            loaded_ = true;
            source_ = "defaults";
            return true;
        }
        return false;
    }
    return apply(*text, local_file_.string(), false);
}

bool ConfigSource::refresh() {
    if (!local_file_.empty() || s3_ == nullptr) return refresh_local();
    changed_ = false;
    const bool was_host = source_ == "s3://" + bucket_ + "/conf/" + hostname_;
    auto host = fetch_from_s3("conf/" + hostname_, host_etag_);
    if (host == Fetch::Applied) return changed_;
    if (host == Fetch::Unchanged) return false;
    if (host == Fetch::Missing) {
        if (was_host) generic_etag_.clear();  // coming back to GENERIC: fetch it whole
        auto generic = fetch_from_s3("conf/GENERIC", generic_etag_);
        if (generic == Fetch::Applied) return changed_;
        if (generic == Fetch::Unchanged) return false;
        if (generic == Fetch::Missing) {
            if (!loaded_ || source_ != "defaults") {
                log::warning("no s3://" + bucket_ + "/conf/" + hostname_ + " nor conf/GENERIC: sending PINGs only");
                refusal_.clear();
                config_ = {};
                problems_.clear();
                text_.clear();
                source_ = "defaults";
                loaded_ = true;
                return true;
            }
            return false;
        }
    }
    // S3 failed: keep what is in effect; at start, the cached copy.
    if (!loaded_ && !load_cache()) {
        log::warning("no config yet (S3 unreachable, nothing cached): sending PINGs only");
        loaded_ = true;
        source_ = "defaults";
        return true;
    }
    return false;
}

}  // namespace niamd::client
