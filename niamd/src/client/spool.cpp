#include "client/spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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

bool write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
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

Spool::Spool(std::filesystem::path path, std::size_t max_bytes) : path_(std::move(path)), max_bytes_(max_bytes) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return;
    std::ostringstream text;
    text << in.rdbuf();
    auto contents = parse_spool_file(text.str());
    if (!contents.damage.empty()) log::warning(path_.string() + ": " + contents.damage);
    dropped_pings_ = contents.dropped_pings;
    dropped_records_ = contents.dropped_records;
    for (auto& entry : contents.entries) {
        bytes_ += entry.body.size();
        next_seq_ = entry.seq + 1;
        entries_.push_back(std::move(entry));
    }
    if (!entries_.empty()) {
        log::info("spool: " + std::to_string(entries_.size()) + " message(s) left by the previous run");
    }
    if (!contents.damage.empty()) {
        if (auto written = rewrite(); !written) log::error(written.error().message);
    }
}

awsrest::Result<void> Spool::append(std::string body) {
    SpoolEntry entry{next_seq_++, std::move(body)};
    const bool fresh_file = !std::filesystem::exists(path_);
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return file_error(path_, "open");
    std::string text = fresh_file || std::filesystem::file_size(path_) == 0
                           ? format_spool_header(dropped_pings_, dropped_records_)
                           : std::string();
    text += format_spool_entry(entry);
    bool ok = write_all(fd, text) && ::fsync(fd) == 0;
    auto error = ok ? awsrest::Error{} : file_error(path_, "write");
    ::close(fd);
    if (!ok) return error;
    if (fresh_file) fsync_directory(path_);
    bytes_ += entry.body.size();
    entries_.push_back(std::move(entry));
    if (bytes_ > max_bytes_) {
        enforce_bound();
        return rewrite();
    }
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
    if (entries_.empty() && dropped_pings_ == 0 && dropped_records_ == 0) {
        if (::unlink(path_.c_str()) != 0 && errno != ENOENT) return file_error(path_, "unlink");
        return {};
    }
    std::string text = format_spool_header(dropped_pings_, dropped_records_);
    for (const auto& entry : entries_) text += format_spool_entry(entry);
    std::filesystem::path temporary = path_;
    temporary += ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return file_error(temporary, "open");
    bool ok = write_all(fd, text) && ::fsync(fd) == 0;
    auto error = ok ? awsrest::Error{} : file_error(temporary, "write");
    ::close(fd);
    if (!ok) return error;
    if (::rename(temporary.c_str(), path_.c_str()) != 0) return file_error(path_, "rename");
    fsync_directory(path_);
    return {};
}

}  // namespace niamd::client
