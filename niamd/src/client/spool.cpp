#include "client/spool.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "log/log.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

namespace niamd::client {
namespace {

awsrest::Error file_error(const std::filesystem::path& path, const std::string& what) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                               "spool " + path.string() + ": " + what + ": " + std::strerror(errno));
}

bool write_all(const Spool::Writer& writer, int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = writer(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void fsync_directory(const std::filesystem::path& path) {
    int fd = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

Spool::Spool(std::filesystem::path path, std::size_t max_bytes, awsrest::Clock& clock)
    : path_(std::move(path)),
      max_bytes_(max_bytes),
      clock_(clock),
      writer_([](int fd, const char* data, std::size_t size) { return ::write(fd, data, size); }) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return;
    std::ostringstream text;
    text << in.rdbuf();
    in.close();
    auto contents = parse_spool_file(text.str());
    dropped_pings_ = contents.dropped_pings;
    dropped_records_ = contents.dropped_records;
    unreadable_bytes_ = contents.unreadable_bytes + contents.skipped_bytes;
    for (auto& entry : contents.entries) {
        bytes_ += entry.body.size();
        next_seq_ = entry.seq + 1;
        entries_.push_back(std::move(entry));
    }
    // A lost entry took at least one of the skipped bytes: past them, no number comes again.
    next_seq_ += contents.skipped_bytes;
    if (!entries_.empty()) {
        log::info("spool: " + std::to_string(entries_.size()) + " message(s) left by the previous run");
    }
    bool must_rewrite = false;
    if (bytes_ > max_bytes_) {  // a bound lowered since the file was written
        enforce_bound();
        must_rewrite = true;
    }
    if (!contents.damage.empty()) {
        log::warning(path_.string() + ": " + contents.damage + " (" + std::to_string(unreadable_bytes_) +
                     " bytes unreadable in all)");
        // Not kept aside: it is left as it is (appends go after it; the next start reads
        // past the damage again) rather than replaced.
        if (!keep_damaged_file()) return;
        must_rewrite = true;
    } else if (contents.format == 1) {
        log::info(path_.string() + ": rewritten in spool format 2");
        must_rewrite = true;
    }
    if (!must_rewrite) return;
    if (auto written = rewrite(); !written) log::error(written.error().message);
}

bool Spool::keep_damaged_file() {
    namespace fs = std::filesystem;
    const std::string stamp = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count());
    fs::path kept = path_.string() + ".corrupt-" + stamp;
    for (int n = 2; fs::exists(kept) && n < 100; ++n) {
        kept = path_.string() + ".corrupt-" + stamp + "-" + std::to_string(n);
    }
    if (::rename(path_.c_str(), kept.c_str()) != 0) {
        log::error(file_error(path_, "cannot keep the damaged spool aside as " + kept.string()).message +
                   "; left in place");
        return false;
    }
    log::warning(path_.string() + ": the damaged file is kept as " + kept.string());
    // Bounded: the oldest copies go first (names sort by time).
    std::vector<fs::path> copies;
    std::error_code error;
    const std::string prefix = path_.filename().string() + ".corrupt-";
    for (const auto& item : fs::directory_iterator(path_.parent_path().empty() ? "." : path_.parent_path(), error)) {
        if (item.path().filename().string().rfind(prefix, 0) == 0) copies.push_back(item.path());
    }
    std::sort(copies.begin(), copies.end());
    for (std::size_t i = 0; i + kMaxCorruptSpoolCopies < copies.size(); ++i) {
        fs::remove(copies[i], error);
        log::warning("spool: removed the oldest damaged copy " + copies[i].string() + " (at most " +
                     std::to_string(kMaxCorruptSpoolCopies) + " are kept)");
    }
    return true;
}

awsrest::Result<void> Spool::append(std::string body) {
    SpoolEntry entry{next_seq_++, std::move(body)};
    auto keep = [&] {  // true when the bound dropped something: the file must be rewritten
        bytes_ += entry.body.size();
        entries_.push_back(std::move(entry));
        if (bytes_ <= max_bytes_) return false;
        enforce_bound();
        return true;
    };
    if (unsynced_) {
        keep();
        return rewrite();
    }
    const bool fresh_file = !std::filesystem::exists(path_);
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return file_error(path_, "open");
    struct stat info {};
    const off_t before = ::fstat(fd, &info) == 0 ? info.st_size : -1;
    std::string text = before <= 0 ? format_spool_header(dropped_pings_, dropped_records_, unreadable_bytes_)
                                   : std::string();
    text += format_spool_entry(entry);
    bool ok = before >= 0 && write_all(writer_, fd, text) && ::fsync(fd) == 0;
    if (!ok) {
        // No torn entry may stay: later appends would land behind it. Cut back to the last
        // whole entry; the message stays queued and the next write rewrites the file.
        auto error = file_error(path_, "write");
        if (before < 0 || ::ftruncate(fd, before) != 0 || ::fsync(fd) != 0) {
            log::error(file_error(path_, "cannot cut a failed write back off").message);
        }
        ::close(fd);
        unsynced_ = true;
        keep();
        return error;
    }
    ::close(fd);
    if (fresh_file) fsync_directory(path_);
    if (keep()) return rewrite();
    return {};
}

awsrest::Result<void> Spool::remove(const std::vector<std::uint64_t>& seqs) {
    if (seqs.empty()) return {};
    auto gone = [&](const SpoolEntry& entry) {
        return std::find(seqs.begin(), seqs.end(), entry.seq) != seqs.end();
    };
    for (const auto& entry : entries_) {
        if (gone(entry)) bytes_ -= entry.body.size();
    }
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(), gone), entries_.end());
    return rewrite();
}

void Spool::enforce_bound() {
    const std::uint64_t pings_before = dropped_pings_;
    const std::uint64_t records_before = dropped_records_;
    // First the PING records, oldest message first: a late heartbeat says little.
    for (auto it = entries_.begin(); it != entries_.end() && bytes_ > max_bytes_;) {
        auto decoded = protocol::decode_message(it->body);
        auto is_ping = [](const protocol::Record& r) { return r.kind == protocol::RecordKind::Ping; };
        auto pings = std::count_if(decoded.records.begin(), decoded.records.end(), is_ping);
        if (pings == 0) {
            ++it;
            continue;
        }
        decoded.records.erase(std::remove_if(decoded.records.begin(), decoded.records.end(), is_ping),
                              decoded.records.end());
        dropped_pings_ += static_cast<std::uint64_t>(pings);
        bytes_ -= it->body.size();
        auto bodies = protocol::encode_messages(decoded.records);
        if (decoded.records.empty() || bodies.empty()) {
            it = entries_.erase(it);
            continue;
        }
        it->body = std::move(bodies.front());  // fewer records than before: still one message
        bytes_ += it->body.size();
        ++it;
    }
    // Then whole messages, oldest first.
    while (bytes_ > max_bytes_ && entries_.size() > 1) {
        dropped_records_ += protocol::decode_message(entries_.front().body).records.size();
        bytes_ -= entries_.front().body.size();
        entries_.pop_front();
    }
    log::warning("spool: over its bound of " + std::to_string(max_bytes_) + " bytes; dropped " +
                 std::to_string(dropped_pings_ - pings_before) + " PING record(s) and " +
                 std::to_string(dropped_records_ - records_before) + " check record(s) (totals: " +
                 std::to_string(dropped_pings_) + " PINGs, " + std::to_string(dropped_records_) + " records)");
}

awsrest::Result<void> Spool::rewrite() {
    if (entries_.empty() && dropped_pings_ == 0 && dropped_records_ == 0 && unreadable_bytes_ == 0) {
        if (::unlink(path_.c_str()) != 0 && errno != ENOENT) return file_error(path_, "unlink");
        unsynced_ = false;
        return {};
    }
    unsynced_ = true;  // until the new file is in place
    std::string text = format_spool_header(dropped_pings_, dropped_records_, unreadable_bytes_);
    for (const auto& entry : entries_) text += format_spool_entry(entry);
    std::filesystem::path temporary = path_;
    temporary += ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return file_error(temporary, "open");
    bool ok = write_all(writer_, fd, text) && ::fsync(fd) == 0;
    auto error = ok ? awsrest::Error{} : file_error(temporary, "write");
    ::close(fd);
    if (!ok) {
        ::unlink(temporary.c_str());  // a half-written copy only takes space
        return error;
    }
    if (::rename(temporary.c_str(), path_.c_str()) != 0) {
        auto failed = file_error(path_, "rename");
        ::unlink(temporary.c_str());
        return failed;
    }
    fsync_directory(path_);
    unsynced_ = false;
    return {};
}

}  // namespace niamd::client
