#include "client/log_file_source.hpp"

#include <algorithm>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/log_statements.hpp"
#include "follow/path_glob.hpp"
#include "log/log.hpp"
#include "protocol/metric_record.hpp"

namespace niamd::client {
namespace {

std::string canonical_text(const std::filesystem::path& path) {
    std::error_code error;
    auto resolved = std::filesystem::weakly_canonical(path, error);
    return error ? path.lexically_normal().string() : resolved.string();
}

}  // namespace

LogFileSource::LogFileSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_dir,
                             std::vector<std::filesystem::path> own_logs)
    : identity_(std::move(identity)), config_(config), state_dir_(std::move(state_dir)) {
    for (const auto& path : own_logs) own_logs_.push_back(canonical_text(path));
}

std::int64_t LogFileSource::next_due(std::int64_t now) const {
    if (config_.config().log_files.empty() && followed_.empty()) return kNever;
    return last_ == 0 ? now : last_ + 1;
}

std::vector<std::string> LogFileSource::sources() const {
    std::vector<std::string> names;
    for (const auto& [name, followed] : followed_) names.push_back(name);
    return names;
}

void LogFileSource::load(std::int64_t now) {
    loaded_ = true;
    next_counts_ = now;
    auto read = follow::read_positions_file(positions_path());
    for (const auto& problem : read.problems) {
        log::warning(positions_path().string() + ": " + problem +
                     "; the files without a position are followed from their end");
    }
    saved_ = std::move(read.positions);
    written_ = saved_;
}

bool LogFileSource::own_log(const std::string& path) const {
    const std::string resolved = canonical_text(path);
    return std::find(own_logs_.begin(), own_logs_.end(), resolved) != own_logs_.end();
}

// Whether another source reads the file at `path` now (a rotated file a glob also matches).
bool LogFileSource::being_read(const std::string& path, follow::FileIdentity& identity) const {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    identity.device = static_cast<std::uint64_t>(st.st_dev);
    identity.inode = static_cast<std::uint64_t>(st.st_ino);
    for (const auto& [name, followed] : followed_) {
        const auto reading = followed.file->reading();
        if (reading && reading->same_inode(identity)) return true;
    }
    return false;
}

void LogFileSource::add(const config::LogFileSpec& spec, const std::string& path, bool at_end, std::int64_t now) {
    const std::string source = config::log_source_name(spec, path);
    auto file = std::make_unique<follow::FollowedFile>(source, path, config_.config().log_max_line);
    std::optional<follow::FilePosition> saved;
    if (auto found = saved_.find({source, path}); found != saved_.end()) {
        saved = found->second;
        saved_.erase(found);  // used once: a file made again at the path later is a new one
    }
    const std::uint64_t first_seq = protocol::first_seq_at(now);
    if (!saved && spec.glob) {
        // A file let go by another source (app.log rotated to app.log.1): from where that one stopped.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        for (auto it = let_go_.begin(); fd >= 0 && it != let_go_.end(); ++it) {
            follow::FileIdentity known = it->identity;
            if (!follow::still_same(fd, known)) continue;
            saved = follow::FilePosition{known, it->end, first_seq, 0, {}};
            let_go_.erase(it);
            break;
        }
        if (fd >= 0) ::close(fd);
    }
    file->begin(saved, at_end, first_seq, now);
    followed_.emplace(source, Followed{std::move(file), spec.pattern, spec.glob});
}

void LogFileSource::scan(std::int64_t now, bool specs_new) {
    const auto& specs = config_.config().log_files;
    if (specs_new) {
        // Sources of statements no longer in the config stop (their positions stay on disk until
        // the next write).
        for (auto it = followed_.begin(); it != followed_.end();) {
            const bool kept = std::any_of(specs.begin(), specs.end(), [&](const config::LogFileSpec& spec) {
                return spec.pattern == it->second.pattern &&
                       config::log_source_name(spec, it->second.file->path()) == it->first;
            });
            it = kept ? std::next(it) : followed_.erase(it);
        }
    }
    for (const auto& spec : specs) {
        const bool spec_is_new = std::find(specs_.begin(), specs_.end(), spec) == specs_.end();
        folders_.watch(std::filesystem::path(spec.pattern).parent_path());
        std::vector<std::string> paths;
        if (spec.glob) {
            bool more = false;
            paths = follow::glob_files(spec.pattern, kMaxFilesPerLog, more);
            if (more) ++counts_.unfollowed_bound;
        } else {
            paths.push_back(spec.pattern);
        }
        for (const auto& path : paths) {
            const std::string source = config::log_source_name(spec, path);
            if (followed_.count(source) != 0) continue;
            if (own_log(path)) {
                if (refused_.insert(source).second) {
                    ++counts_.unfollowed_own;
                    log::warning("LOG line " + std::to_string(spec.line) + ": " + path +
                                 " is niamd's own log; it is never followed");
                }
                continue;
            }
            follow::FileIdentity identity;
            if (spec.glob && being_read(path, identity)) continue;  // a rotated file still read by its source
            if (followed_.size() >= kMaxFollowedFiles) {
                ++counts_.unfollowed_bound;
                continue;
            }
            add(spec, path, spec_is_new || !spec.glob, now);
        }
    }
    // A glob's files that are gone (rotated away and read to their end) stop.
    for (auto it = followed_.begin(); it != followed_.end();) {
        it = it->second.glob && it->second.file->gone() ? followed_.erase(it) : std::next(it);
    }
    specs_ = specs;
}

std::vector<protocol::Record> LogFileSource::collect(std::int64_t now) {
    if (!loaded_) load(now);
    last_ = now;
    const bool folders_changed = folders_.take();
    if (specs_changed_ || config_.config().log_files != specs_) {
        scan(now, true);
        specs_changed_ = false;
        next_rescan_ = now + kRescanSeconds;
    } else if (folders_changed || now >= next_rescan_) {
        scan(now, false);
        next_rescan_ = now + kRescanSeconds;
    }
    const auto& config = config_.config();
    std::vector<protocol::Record> records;
    for (auto& [name, followed] : followed_) {
        followed.file->set_max_line(config.log_max_line);
        auto batch = followed.file->poll(config.log_rate, now);
        if (batch.more) ++counts_.deferred;
        counts_.gaps += batch.events.size();
        counts_.lines += batch.lines.size();
        for (const auto& event : batch.events) {
            records.push_back(protocol::event_record(identity_.instance, identity_.hostname, event));
        }
        for (const auto& line : batch.lines) {
            records.push_back(protocol::log_record(identity_.instance, identity_.hostname, line));
        }
        for (auto& let_go : followed.file->take_let_go()) {
            let_go_.push_back(let_go);
            if (let_go_.size() > kMaxLetGo) let_go_.pop_front();
        }
    }
    if (now >= next_counts_) {
        count_records(records, now);
        next_counts_ = now + kCountsSeconds;
    }
    return records;
}

void LogFileSource::count_records(std::vector<protocol::Record>& records, std::int64_t now) const {
    auto add = [&](const char* name, std::vector<metrics::Tag> tags, const char* unit, double value) {
        metrics::Sample sample{name, std::move(tags), unit, value, now};
        records.push_back(protocol::metric_record(identity_.instance, identity_.hostname, sample, now));
    };
    add("niamd.logfiles.followed", {}, "", static_cast<double>(followed_.size()));
    add("niamd.logfiles.deferred", {}, "c", static_cast<double>(counts_.deferred));
    add("niamd.logfiles.gaps", {}, "c", static_cast<double>(counts_.gaps));
    add("niamd.logfiles.unfollowed", {{"reason", "bound"}}, "c", static_cast<double>(counts_.unfollowed_bound));
    add("niamd.logfiles.unfollowed", {{"reason", "own_log"}}, "c", static_cast<double>(counts_.unfollowed_own));
}

void LogFileSource::kept(bool ok) {
    if (!ok) {
        for (auto& [name, followed] : followed_) followed.file->rollback();
        return;
    }
    follow::Positions positions;
    for (auto& [name, followed] : followed_) {
        followed.file->commit();
        positions[{name, followed.file->path().string()}] = followed.file->position();
    }
    if (positions == written_) return;
    if (auto written = follow::write_positions_file(positions_path(), positions); !written) {
        log::warning("LOG: " + written.error().message + " (the positions are kept in memory)");
        return;
    }
    written_ = std::move(positions);
}

}  // namespace niamd::client
