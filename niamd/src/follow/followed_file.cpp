#include "follow/followed_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log/log.hpp"

namespace niamd::follow {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr int kMaxSwitchesPerPoll = 4;

}  // namespace

struct FollowedFile::OpenFile {
    int fd = -1;
    explicit OpenFile(int descriptor) : fd(descriptor) {}
    ~OpenFile() {
        if (fd >= 0) ::close(fd);
    }
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
};

std::optional<std::filesystem::path> find_beside(const std::filesystem::path& dir, const FileIdentity& known) {
    std::error_code error;
    std::filesystem::directory_iterator it(dir, error);
    std::size_t looked = 0;
    for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
        if (++looked > kMaxBesideEntries) break;
        struct stat st {};
        if (::stat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (static_cast<std::uint64_t>(st.st_dev) != known.device ||
            static_cast<std::uint64_t>(st.st_ino) != known.inode) {
            continue;
        }
        const int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) continue;
        FileIdentity copy = known;
        const bool same = still_same(fd, copy);
        ::close(fd);
        if (same) return it->path();
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> find_copy(const std::filesystem::path& dir, const FileIdentity& known,
                                               std::uint64_t min_size) {
    if (known.fingerprint_bytes == 0) return std::nullopt;
    std::error_code error;
    std::filesystem::directory_iterator it(dir, error);
    std::size_t looked = 0;
    for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
        if (++looked > kMaxBesideEntries) break;
        struct stat st {};
        if (::stat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (static_cast<std::uint64_t>(st.st_size) < min_size) continue;
        if (static_cast<std::uint64_t>(st.st_dev) == known.device &&
            static_cast<std::uint64_t>(st.st_ino) == known.inode) {
            continue;
        }
        const int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) continue;
        FileIdentity copy = known;
        copy.device = static_cast<std::uint64_t>(st.st_dev);
        copy.inode = static_cast<std::uint64_t>(st.st_ino);
        const bool same = still_same(fd, copy);
        ::close(fd);
        if (same) return it->path();
    }
    return std::nullopt;
}

FollowedFile::FollowedFile(std::string source, std::filesystem::path path, std::size_t max_line)
    : source_(std::move(source)), path_(std::move(path)), splitter_(max_line) {}

FollowedFile::~FollowedFile() = default;

void FollowedFile::problem(const std::string& message) {
    if (message != error_) log::warning("LOG " + source_ + ": " + message);
    error_ = message;
}

std::shared_ptr<FollowedFile::OpenFile> FollowedFile::open(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno != ENOENT && errno != ENOTDIR) problem(path.string() + ": " + std::strerror(errno) + " (retried)");
        return nullptr;
    }
    auto file = std::make_shared<OpenFile>(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        problem(path.string() + " is not a regular file; not followed");
        return nullptr;
    }
    return file;
}

// Opens the file at the path as the one read, from its beginning.
bool FollowedFile::open_path() {
    auto file = open(path_);
    return file && start(std::move(file));
}

// Makes `file` the one read, from its beginning.
bool FollowedFile::start(std::shared_ptr<OpenFile> file) {
    auto identity = identity_of(file->fd);
    if (!identity) {
        problem(path_.string() + ": " + std::strerror(errno) + " (retried)");
        return false;
    }
    read_.file = std::move(file);
    read_.identity = *identity;
    read_.offset = 0;
    read_.size_seen = 0;
    read_.rotated = false;
    read_.at_end_since = 0;
    read_.copy = false;
    read_.next.reset();
    read_.next_identity = FileIdentity{};
    scan_ = 0;
    splitter_.reset();
    error_.clear();
    return true;
}

// The rotated file's successor: the file at the path now, unless there is none yet.
void FollowedFile::open_next() {
    if (read_.next || !read_.rotated) return;
    auto file = open(path_);
    struct stat st {};
    if (!file || ::fstat(file->fd, &st) != 0) return;
    if (static_cast<std::uint64_t>(st.st_dev) == read_.identity.device &&
        static_cast<std::uint64_t>(st.st_ino) == read_.identity.inode) {
        return;  // the one read is at the path again
    }
    if (auto identity = identity_of(file->fd)) read_.next_identity = *identity;
    read_.next = std::move(file);
}

bool FollowedFile::path_moved() const {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) return errno == ENOENT || errno == ENOTDIR;
    return static_cast<std::uint64_t>(st.st_dev) != read_.identity.device ||
           static_cast<std::uint64_t>(st.st_ino) != read_.identity.inode;
}

void FollowedFile::begin(const std::optional<FilePosition>& saved, bool at_end, std::uint64_t first_seq,
                         std::int64_t now) {
    read_ = Cursor{};
    scan_ = 0;
    splitter_.reset();
    pending_events_.clear();
    if (!saved) {
        read_.seq = first_seq;
        if (open_path() && at_end) {
            struct stat st {};
            if (::fstat(read_.file->fd, &st) == 0)
                read_.offset = scan_ = read_.size_seen = static_cast<std::uint64_t>(st.st_size);
        }
        kept_ = read_;
        return;
    }
    read_.seq = saved->seq;
    read_.gaps = saved->gaps;
    const FileIdentity& known = saved->identity;
    auto resume = [&](std::shared_ptr<OpenFile> file, bool rotated) {
        read_.file = std::move(file);
        read_.identity = known;
        read_.offset = scan_ = read_.size_seen = saved->offset;
        read_.rotated = rotated;
    };
    Batch batch;  // collects the events of the start
    if (known.inode != 0) {
        if (auto file = open(path_)) {
            FileIdentity identity = known;
            struct stat st {};
            const bool stat_ok = ::fstat(file->fd, &st) == 0;
            const bool same_inode = stat_ok && static_cast<std::uint64_t>(st.st_dev) == known.device &&
                                    static_cast<std::uint64_t>(st.st_ino) == known.inode;
            if (same_inode && still_same(file->fd, identity) &&
                static_cast<std::uint64_t>(st.st_size) >= saved->offset) {
                resume(std::move(file), false);
                read_.identity = identity;
            } else if (same_inode) {
                // Truncated (or written anew) while niamd was down: the rest from a copy beside it
                // (copytruncate), when there is one, then the file from its beginning.
                gap(batch, "truncated", 0, now);
                auto copy = find_copy(path_.parent_path(), known, saved->offset);
                auto copied = copy ? open(*copy) : nullptr;
                auto copied_identity = copied ? identity_of(copied->fd) : std::nullopt;
                if (copied_identity) {
                    resume(std::move(copied), true);
                    read_.identity = *copied_identity;
                    read_.copy = true;
                } else {
                    open_path();
                }
            }
        }
        if (!read_.file) {
            if (auto beside = find_beside(path_.parent_path(), known)) {
                if (auto file = open(*beside)) {
                    log::info("LOG " + source_ + ": " + path_.string() + " was rotated to " + beside->string() +
                              " while niamd was down; reading it to its end first");
                    resume(std::move(file), true);
                }
            }
        }
        // The file read after it (the path's when it was rotated away), wherever it is now.
        auto next = saved->next.inode != 0 ? find_next(saved->next) : nullptr;
        if (!read_.file) {
            log::warning("LOG " + source_ + ": the file last read at " + path_.string() + " is gone (rotated away " +
                         "while niamd was down); lines after the last one kept may be lost");
            gap(batch, "gone", 0, now);
            if (next) start(std::move(next));
        } else if (next && read_.rotated) {
            read_.next_identity = saved->next;
            read_.next = std::move(next);
        }
    }
    if (!read_.file) open_path();  // a new file at the path (or none yet): from its beginning
    pending_events_ = std::move(batch.events);
    kept_ = read_;  // with the gaps counted: an id is never given twice
}

// The saved next file: at the path still, or rotated beside it since; null when it is gone.
std::shared_ptr<FollowedFile::OpenFile> FollowedFile::find_next(const FileIdentity& known) {
    FileIdentity identity = known;
    if (auto file = open(path_); file && still_same(file->fd, identity)) return file;
    if (auto beside = find_beside(path_.parent_path(), known)) {
        identity = known;
        if (auto file = open(*beside); file && still_same(file->fd, identity)) {
            log::info("LOG " + source_ + ": the file read after the one rotated was rotated too while niamd was " +
                      "down (now " + beside->string() + "); reading it next");
            return file;
        }
    }
    return nullptr;
}

void FollowedFile::gap(Batch& batch, std::string_view reason, std::uint64_t bytes, std::int64_t now) {
    protocol::Event event;
    event.kind = "log.gap";
    event.id = source_ + ":gap:" + std::to_string(read_.seq) + "." + std::to_string(read_.gaps++);
    event.time = now;
    event.fields = {{"source", source_},
                    {"path", path_.string()},
                    {"reason", std::string(reason)},
                    {"bytes", std::to_string(bytes)}};
    batch.events.push_back(std::move(event));
}

// Goes on in the copy of the truncated file at `offset` (the splitter keeps its unfinished
// line); the file at the path is read from its beginning once the copy is read to its end.
std::optional<std::uint64_t> FollowedFile::read_copy(std::uint64_t offset) {
    auto path = find_copy(path_.parent_path(), read_.identity, offset);
    if (!path) return std::nullopt;
    auto file = open(*path);
    if (!file) return std::nullopt;
    auto identity = identity_of(file->fd);
    struct stat st {};
    if (!identity || ::fstat(file->fd, &st) != 0) return std::nullopt;
    read_.file = std::move(file);
    read_.identity = *identity;
    read_.size_seen = offset;
    read_.rotated = true;
    read_.at_end_since = 0;
    read_.copy = true;
    read_.next.reset();  // the truncated file at the path: opened at the loop's next turn
    read_.next_identity = FileIdentity{};
    return static_cast<std::uint64_t>(st.st_size);
}

void FollowedFile::restart_at_beginning() {
    read_.offset = 0;
    scan_ = 0;
    splitter_.reset();
    if (auto identity = identity_of(read_.file->fd)) read_.identity = *identity;
}

void FollowedFile::emit(Batch& batch, std::int64_t now) {
    protocol::LogLine line;
    line.source = source_;
    line.seq = read_.seq++;
    line.time = now;
    line.line = splitter_.take(line.cut_bytes);
    read_.offset = scan_;
    batch.lines.push_back(std::move(line));
}

FollowedFile::Batch FollowedFile::poll(std::size_t max_lines, std::int64_t now) {
    Batch batch;
    batch.events = pending_events_;  // those of begin(), until they are kept
    static thread_local std::vector<char> buffer(kChunkBytes);
    for (int switches = 0; batch.lines.size() < max_lines && switches <= kMaxSwitchesPerPoll;) {
        if (!read_.file && !open_path()) break;
        if (!read_.rotated) read_.rotated = path_moved();
        open_next();
        struct stat st {};
        if (::fstat(read_.file->fd, &st) != 0) {
            problem(path_.string() + ": " + std::strerror(errno) + " (retried)");
            break;
        }
        const auto size = static_cast<std::uint64_t>(st.st_size);
        // Bytes seen in the file but not read yet: lost when it was truncated since, but for
        // those its copy holds (lines written and truncated between two looks are never seen:
        // their loss is told by the gap, its bytes cannot count them).
        const std::uint64_t seen = read_.size_seen;
        const auto lost = [&](const std::optional<std::uint64_t>& copy_size) {
            const std::uint64_t kept = copy_size ? std::max(*copy_size, scan_) : scan_;
            return seen > kept ? seen - kept : 0;
        };
        if (size < scan_) {
            // Truncated (copytruncate, or `> file`): the rest is read from a copy when there is one.
            const auto copy_size = read_.rotated ? std::nullopt : read_copy(scan_);
            const bool copied = copy_size.has_value();
            log::warning("LOG " + source_ + ": " + path_.string() + " was truncated (" + std::to_string(size) +
                         " bytes, " + std::to_string(scan_) + " were read); " +
                         (copied ? "reading the rest from its copy, then it from its beginning"
                                 : "reading it from its beginning"));
            gap(batch, "truncated", lost(copy_size), now);
            if (copied) continue;
            restart_at_beginning();
        } else if (size != read_.size_seen && !still_same(read_.file->fd, read_.identity)) {
            // As long as before, or longer, but its first bytes are others: truncated and written
            // anew since the last look.
            const auto copy_size = read_.rotated ? std::nullopt : read_copy(scan_);
            const bool copied = copy_size.has_value();
            log::warning("LOG " + source_ + ": " + path_.string() + " was written anew; " +
                         (copied ? "reading the rest from its copy, then it from its beginning"
                                 : "reading it from its beginning"));
            gap(batch, "truncated", lost(copy_size), now);
            if (copied) continue;
            restart_at_beginning();
        }
        read_.size_seen = size;
        while (batch.lines.size() < max_lines && scan_ < size) {
            const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, size - scan_));
            const ssize_t got = ::pread(read_.file->fd, buffer.data(), want, static_cast<off_t>(scan_));
            if (got <= 0) {
                if (got < 0) problem(path_.string() + ": " + std::strerror(errno) + " (retried)");
                break;
            }
            const std::string_view chunk(buffer.data(), static_cast<std::size_t>(got));
            std::size_t at = 0;
            while (at < chunk.size() && batch.lines.size() < max_lines) {
                bool complete = false;
                const std::size_t used = splitter_.feed(chunk.substr(at), complete);
                at += used;
                scan_ += used;
                if (complete) emit(batch, now);
            }
            if (static_cast<std::size_t>(got) < want) break;  // shorter than fstat said: look again next poll
        }
        if (batch.lines.size() >= max_lines) {
            batch.more = scan_ < size || read_.rotated;
            break;
        }
        if (!read_.rotated) break;
        // The path names another file (or none): this one is read to its end; once no more
        // came meanwhile, its unfinished last line is sent and it is let go.
        if (::fstat(read_.file->fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) > scan_) continue;
        if (!read_.copy && (read_.at_end_since == 0 || now <= read_.at_end_since)) {
            if (read_.at_end_since == 0) read_.at_end_since = now;
            break;  // a second for the program to write its last lines here and reopen its log
        }
        if (splitter_.pending() > 0) emit(batch, now);
        if (let_go_.size() < 64) let_go_.push_back(LetGo{read_.identity, scan_});
        auto next = std::move(read_.next);
        read_.file.reset();
        read_.identity = FileIdentity{};
        read_.offset = 0;
        read_.size_seen = 0;
        read_.rotated = false;
        read_.at_end_since = 0;
        read_.copy = false;
        read_.next.reset();
        read_.next_identity = FileIdentity{};
        scan_ = 0;
        ++switches;
        if (next) start(std::move(next));  // else the path's file, when there is one, at the loop's top
    }
    return batch;
}

void FollowedFile::commit() {
    kept_ = read_;
    pending_events_.clear();
}

void FollowedFile::rollback() {
    read_ = kept_;
    scan_ = read_.offset;
    splitter_.reset();
}

FilePosition FollowedFile::position() const {
    FilePosition position;
    if (kept_.file) position.identity = kept_.identity;
    position.offset = kept_.offset;
    position.seq = kept_.seq;
    position.gaps = kept_.gaps;
    if (kept_.file && kept_.next) position.next = kept_.next_identity;
    return position;
}

std::optional<FileIdentity> FollowedFile::reading() const {
    if (!read_.file) return std::nullopt;
    return read_.identity;
}

bool FollowedFile::gone() const {
    if (read_.file || kept_.file) return false;
    struct stat st {};
    return ::stat(path_.c_str(), &st) != 0;
}

}  // namespace niamd::follow
