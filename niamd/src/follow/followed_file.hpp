// FollowedFile: one path followed like `tail -F` (docs/logs.md, "Files"): its new lines as
// LOG lines of one source, numbered, through every kind of rotation:
// - rename + create: when the path names another file, the file open is read to its end (and
//   its unfinished last line sent) before the new one is read from its beginning; it is let go
//   at the first poll that finds it at its end a second (a later `now`) after it was first seen
//   there, so what a program writes to it until it reopens its log (logrotate's postrotate) is
//   read too; the new file is opened as soon as the rotation is seen, so it is read next even
//   when it is rotated away too before then;
// - copytruncate and truncation in place (the same inode, fewer bytes than were read, or its
//   first bytes changed): read again from the beginning, with one `log.gap` event. When a copy
//   is found beside it (logrotate's copytruncate: the same first bytes, at least as long as what
//   was read), what was not read yet is read from the copy first; what was written after the
//   copy and before the truncation is in neither file;
// - a path that does not exist (yet, or after a rotation that has not created it again): read
//   from its beginning once it does.
// Nothing here reads the clock: `now` is the lines' time. Memory: max_line per file.
//
// Positions: poll() reads ahead; commit() (the lines are in the outbox) makes what was read the
// position kept (position()), rollback() (they are not on disk) goes back to it, so the same
// lines are read again with the same numbers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "follow/file_identity.hpp"
#include "follow/line_splitter.hpp"
#include "protocol/log_record.hpp"

namespace niamd::follow {

// Where a source is in its file: kept in STATE_DIR/log-positions (positions_file.hpp).
struct FilePosition {
    FileIdentity identity;     // inode 0: no file was open
    std::uint64_t offset = 0;  // after the last line kept
    std::uint64_t seq = 0;     // the next line's number
    std::uint64_t gaps = 0;    // log.gap events sent (part of their ids)
    FileIdentity next;         // the file read after it (it was rotated away); inode 0: none

    friend bool operator==(const FilePosition&, const FilePosition&) = default;
};

class FollowedFile {
  public:
    FollowedFile(std::string source, std::filesystem::path path, std::size_t max_line);
    ~FollowedFile();
    FollowedFile(const FollowedFile&) = delete;
    FollowedFile& operator=(const FollowedFile&) = delete;

    // Before the first poll. With a saved position: resume it — in the file at the path, or in
    // the file beside it with the saved identity (rotated while niamd was down: read to its end
    // first), or (it is gone) with a log.gap; the saved next file (wherever it is now) is read
    // after it, from its beginning, before the one at the path. Without: the file at the path from its end
    // (`at_end`, it was there before niamd) or its beginning, numbering lines from first_seq.
    void begin(const std::optional<FilePosition>& saved, bool at_end, std::uint64_t first_seq, std::int64_t now);

    struct Batch {
        std::vector<protocol::LogLine> lines;
        std::vector<protocol::Event> events;  // log.gap
        bool more = false;                    // stopped at max_lines with lines left in the file
    };
    // Up to max_lines new lines. Never throws; an unreadable file is logged once and retried.
    Batch poll(std::size_t max_lines, std::int64_t now);
    void commit();
    void rollback();

    const std::string& source() const noexcept { return source_; }
    const std::filesystem::path& path() const noexcept { return path_; }
    FilePosition position() const;  // the kept one
    // The file being read (perhaps a rotated one), nullopt when none is open.
    std::optional<FileIdentity> reading() const;
    // No file open (the last one read to its end) and nothing at the path.
    bool gone() const;
    void set_max_line(std::size_t max_line) { splitter_.set_max_line(max_line); }

    // The files read to their end and let go (rotated away) since the last call, with their size:
    // a glob that matches one later (app.log.1) goes on from there, not from its beginning.
    struct LetGo {
        FileIdentity identity;
        std::uint64_t end = 0;
    };
    std::vector<LetGo> take_let_go() { return std::exchange(let_go_, {}); }

  private:
    struct OpenFile;
    struct Cursor {
        std::shared_ptr<OpenFile> file;  // null: none open
        FileIdentity identity;
        std::uint64_t offset = 0;  // after the last complete line
        std::uint64_t seq = 0;
        std::uint64_t gaps = 0;
        std::uint64_t size_seen = 0;    // the file's size at the last look
        bool rotated = false;           // no longer at the path: read to its end, then let go
        std::int64_t at_end_since = 0;  // rotated: when it was first seen at its end (0: not yet)
        bool copy = false;              // a copytruncate's copy: nothing writes to it, let go at its end
        // rotated: the file at the path once it was seen rotated, read next from its beginning
        // (held open: rotated away again meanwhile, it is still read, not skipped).
        std::shared_ptr<OpenFile> next;
        FileIdentity next_identity;  // next's, when it was opened (kept with the position)
    };

    std::shared_ptr<OpenFile> open(const std::filesystem::path& path);
    bool open_path();
    std::shared_ptr<OpenFile> find_next(const FileIdentity& known);
    bool start(std::shared_ptr<OpenFile> file);
    void open_next();
    bool path_moved() const;
    std::optional<std::uint64_t> read_copy(std::uint64_t offset);  // the copy's size, when found
    void gap(Batch& batch, std::string_view reason, std::uint64_t bytes, std::int64_t now);
    void restart_at_beginning();
    void emit(Batch& batch, std::int64_t now);
    void problem(const std::string& message);

    std::string source_;
    std::filesystem::path path_;
    LineSplitter splitter_;
    Cursor read_;
    Cursor kept_;
    std::uint64_t scan_ = 0;                       // bytes of read_.file fed to the splitter
    std::vector<protocol::Event> pending_events_;  // from begin()
    std::string error_;                            // the last problem logged, "" when none
    std::vector<LetGo> let_go_;
};

// The file in `dir` with identity `known` (same inode and first bytes), if any; at most
// kMaxBesideEntries entries are looked at.
inline constexpr std::size_t kMaxBesideEntries = 4096;
std::optional<std::filesystem::path> find_beside(const std::filesystem::path& dir, const FileIdentity& known);
// A copy in `dir` of the file `known` (another inode with the same first bytes, at least
// min_size bytes long): logrotate's copytruncate.
std::optional<std::filesystem::path> find_copy(const std::filesystem::path& dir, const FileIdentity& known,
                                               std::uint64_t min_size);

}  // namespace niamd::follow
