#include "client/outbox.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "client/spool_file.hpp"
#include "log/log.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

namespace niamd::client {
namespace {

awsrest::Error file_error(const std::filesystem::path& path, const std::string& what) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                               "outbox " + path.string() + ": " + what + ": " + std::strerror(errno));
}

bool write_all(const Outbox::Writer& writer, int fd, const std::string& text) {
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

std::size_t digits(std::uint64_t n) { return std::to_string(n).size(); }

// The drop order: lower goes first.
int drop_tier(const OutboxEntry& entry) {
    if (entry.kind == EntryKind::Log) return 0;
    if (entry.kind == EntryKind::Metric) return 1;
    return entry.kept_last ? 3 : 2;
}
constexpr int kDropTiers = 4;

}  // namespace

Outbox::Outbox(std::filesystem::path path, std::size_t max_bytes, awsrest::Clock& clock)
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
    dropped_ = {contents.dropped_logs, contents.dropped_metrics, contents.dropped_records, contents.dropped_pings};
    unreadable_bytes_ = contents.unreadable_bytes + contents.skipped_bytes;
    if (!contents.entries.empty()) next_seq_ = contents.entries.back().seq + 1;
    // A lost entry took at least one of the skipped bytes: past them, no number comes again.
    next_seq_ += contents.skipped_bytes;
    // One entry per record. An entry of an earlier version holds a whole message: split.
    bool split = false;
    for (auto& old : contents.entries) {
        auto decoded = protocol::decode_message(old.body);
        if (!decoded.errors.empty() || decoded.records.empty()) {
            // Not ours to judge: sent as it is, the master decides (and names what is wrong).
            hold(make_entry(old.seq, std::move(old.body), EntryKind::Check, false));
            continue;
        }
        for (const auto& record : decoded.records) {
            EntryKind kind{};
            bool kept_last = false;
            classify(record, kind, kept_last);
            hold(make_entry(old.seq,
                            decoded.records.size() == 1 ? std::move(old.body) : protocol::encode_record(record), kind,
                            kept_last));
        }
        split = split || decoded.records.size() > 1;
    }
    if (split) {  // numbers in order again, none handed out before
        for (auto& entry : entries_) {
            bytes_ -= entry.file_bytes;
            entry.seq = next_seq_++;
            entry = make_entry(entry.seq, std::move(entry.body), entry.kind, entry.kept_last);
            bytes_ += entry.file_bytes;
        }
    }
    if (!entries_.empty()) {
        log::info("outbox: " + std::to_string(entries_.size()) + " record(s) left by the previous run");
    }
    bool must_rewrite = split;
    if (over_bound()) {  // a bound lowered since the file was written
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

OutboxEntry Outbox::make_entry(std::uint64_t seq, std::string body, EntryKind kind, bool kept_last) {
    OutboxEntry entry;
    entry.seq = seq;
    // "@niam SEQ LENGTH CRC\n" BODY "\n" (spool_file.hpp)
    entry.file_bytes = 6 + digits(entry.seq) + 1 + digits(body.size()) + 1 + 8 + 1 + body.size() + 1;
    entry.body = std::move(body);
    entry.kind = kind;
    entry.kept_last = kept_last;
    return entry;
}

void Outbox::classify(const protocol::Record& record, EntryKind& kind, bool& kept_last) {
    using protocol::RecordKind;
    kept_last = false;
    switch (record.kind) {
        case RecordKind::Metric: kind = EntryKind::Metric; return;
        case RecordKind::Ping:
            kind = EntryKind::Ping;
            kept_last = true;
            return;
        case RecordKind::Problem:
        case RecordKind::Inventory:  // sent only when it changed: a lost part is not sent again
        case RecordKind::Services:   // the same: the registration is sent on a change only
            kind = EntryKind::Check;
            kept_last = true;
            return;
        case RecordKind::Log:  // log lines and events go first, before the metric samples
        case RecordKind::Event:
            kind = EntryKind::Log;
            kept_last = false;
            return;
        default: break;
    }
    kind = EntryKind::Check;
    std::string check(protocol::to_string(record.kind));
    check += '\n' + record.target + '\n' + record.port_or_arg;
    const int status = record.nagios_code.value_or(record.status);
    if (last_status_.size() >= kMaxRememberedChecks && last_status_.find(check) == last_status_.end()) {
        last_status_.clear();
    }
    auto [it, first] = last_status_.try_emplace(std::move(check), status);
    kept_last = first || it->second != status;  // never seen here: it may be a change
    it->second = status;
}

void Outbox::hold(OutboxEntry entry) {
    bytes_ += entry.file_bytes;
    entries_.push_back(std::move(entry));
}

bool Outbox::keep_damaged_file() {
    namespace fs = std::filesystem;
    const std::string stamp =
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count());
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
        log::warning("outbox: removed the oldest damaged copy " + copies[i].string() + " (at most " +
                     std::to_string(kMaxCorruptSpoolCopies) + " are kept)");
    }
    return true;
}

void Outbox::set_max_bytes(std::size_t max_bytes) {
    if (max_bytes == max_bytes_) return;
    max_bytes_ = max_bytes;
    if (!over_bound()) return;
    enforce_bound();
    if (auto written = rewrite(); !written) log::error(written.error().message);
}

awsrest::Result<void> Outbox::append(const std::vector<protocol::Record>& records) {
    if (records.empty()) return {};
    std::vector<OutboxEntry> fresh;
    fresh.reserve(records.size());
    for (const auto& record : records) {
        EntryKind kind{};
        bool kept_last = false;
        classify(record, kind, kept_last);
        fresh.push_back(make_entry(next_seq_++, protocol::encode_record(record), kind, kept_last));
    }
    auto keep = [&] {  // true when the bound dropped something: the file must be rewritten
        for (auto& entry : fresh) hold(std::move(entry));
        if (!over_bound()) return false;
        enforce_bound();
        return true;
    };
    if (unsynced_) {
        keep();
        return rewrite();
    }
    const bool fresh_file = !std::filesystem::exists(path_);
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        auto error = file_error(path_, "open");
        unsynced_ = true;
        keep();
        return error;
    }
    struct stat info {};
    const off_t before = ::fstat(fd, &info) == 0 ? info.st_size : -1;
    std::string text = before <= 0 ? format_spool_header(dropped_.ping, dropped_.check, unreadable_bytes_,
                                                         dropped_.metric, dropped_.log)
                                   : std::string();
    for (const auto& entry : fresh) text += format_spool_entry({entry.seq, entry.body});
    bool ok = before >= 0 && write_all(writer_, fd, text) && ::fsync(fd) == 0;
    if (!ok) {
        // No torn entry may stay: later appends would land behind it. Cut back to the last
        // whole entry; the records stay in memory and the next write rewrites the file.
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

void Outbox::forget(std::size_t first, std::size_t end) {
    end = std::min(end, entries_.size());
    if (first >= end) return;
    for (std::size_t i = first; i < end; ++i) bytes_ -= entries_[i].file_bytes;
    const auto begin = entries_.begin() + static_cast<std::ptrdiff_t>(first);
    entries_.erase(begin, begin + static_cast<std::ptrdiff_t>(end - first));
    unsynced_ = true;
}

awsrest::Result<void> Outbox::sync() {
    if (!unsynced_) return {};
    return rewrite();
}

void Outbox::enforce_bound() {
    if (!over_bound()) return;
    const OutboxDrops before = dropped_;
    // Down to 90% of the bound: at the bound, the next rewrites are a tenth of it apart.
    const std::size_t target = max_bytes_ - max_bytes_ / 10;
    for (int tier = 0; tier < kDropTiers && bytes_ > target; ++tier) {
        for (auto& entry : entries_) {
            if (bytes_ <= target) break;
            if (entry.seq == 0 || drop_tier(entry) != tier) continue;
            bytes_ -= entry.file_bytes;
            entry.seq = 0;  // marked: never a real number
            switch (entry.kind) {
                case EntryKind::Log: ++dropped_.log; break;
                case EntryKind::Metric: ++dropped_.metric; break;
                case EntryKind::Check: ++dropped_.check; break;
                case EntryKind::Ping: ++dropped_.ping; break;
            }
        }
    }
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(), [](const OutboxEntry& e) { return e.seq == 0; }),
                   entries_.end());
    log::warning("outbox: over its bound of " + std::to_string(max_bytes_) + " bytes; dropped " +
                 std::to_string(dropped_.log - before.log) + " log record(s), " +
                 std::to_string(dropped_.metric - before.metric) + " metric sample(s), " +
                 std::to_string(dropped_.check - before.check) + " check record(s) and " +
                 std::to_string(dropped_.ping - before.ping) + " PING(s) (totals: " + std::to_string(dropped_.log) +
                 " log, " + std::to_string(dropped_.metric) + " metric, " + std::to_string(dropped_.check) +
                 " check, " + std::to_string(dropped_.ping) + " ping)");
}

awsrest::Result<void> Outbox::rewrite() {
    if (entries_.empty() && dropped_.log == 0 && dropped_.metric == 0 && dropped_.check == 0 && dropped_.ping == 0 &&
        unreadable_bytes_ == 0) {
        if (::unlink(path_.c_str()) != 0 && errno != ENOENT) return file_error(path_, "unlink");
        unsynced_ = false;
        return {};
    }
    unsynced_ = true;  // until the new file is in place
    std::string text =
        format_spool_header(dropped_.ping, dropped_.check, unreadable_bytes_, dropped_.metric, dropped_.log);
    text.reserve(text.size() + bytes_);
    for (const auto& entry : entries_) text += format_spool_entry({entry.seq, entry.body});
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
