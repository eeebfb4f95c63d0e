#include "client/spool_file.hpp"

#include <array>
#include <charconv>
#include <optional>

namespace niamd::client {
namespace {

constexpr std::string_view kMagic = "niam-spool 2";
constexpr std::string_view kOldMagic = "niam-spool 1";
constexpr std::string_view kEntryMagic = "@niam ";
// "@niam " SEQ(20) ' ' LENGTH(20) ' ' CRC(8): an entry header line is never longer.
constexpr std::size_t kMaxEntryHeaderBytes = 64;

bool read_number(std::string_view text, std::uint64_t& out) {
    if (text.empty() || text.size() > 20) return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

std::uint32_t crc32(std::uint32_t crc, std::string_view data) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (const char byte : data) crc = table[(crc ^ static_cast<unsigned char>(byte)) & 0xff] ^ (crc >> 8);
    return ~crc;
}

std::string entry_checksum(std::uint64_t seq, std::string_view body) {
    const std::string fields = std::to_string(seq) + " " + std::to_string(body.size()) + "\n";
    const std::uint32_t crc = crc32(crc32(0, fields), body);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text(8, '0');
    for (int i = 0; i < 8; ++i) text[static_cast<std::size_t>(i)] = kHex[(crc >> (28 - 4 * i)) & 0xf];
    return text;
}

// "dropped_pings=N dropped_records=M unreadable_bytes=U dropped_metrics=K dropped_logs=L"; unknown words
// are ignored.
void read_counters(std::string_view rest, SpoolFileContents& contents) {
    while (!rest.empty()) {
        auto start = rest.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        auto word_end = rest.find(' ');
        std::string_view word = rest.substr(0, word_end);
        rest.remove_prefix(word_end == std::string_view::npos ? rest.size() : word_end);
        auto equals = word.find('=');
        if (equals == std::string_view::npos) continue;
        std::uint64_t value = 0;
        if (!read_number(word.substr(equals + 1), value)) continue;
        const std::string_view name = word.substr(0, equals);
        if (name == "dropped_pings") contents.dropped_pings = value;
        if (name == "dropped_records") contents.dropped_records = value;
        if (name == "unreadable_bytes") contents.unreadable_bytes = value;
        if (name == "dropped_metrics") contents.dropped_metrics = value;
        if (name == "dropped_logs") contents.dropped_logs = value;
    }
}

struct EntryRead {
    std::optional<SpoolEntry> entry;
    std::size_t end = 0;  // the offset after the entry
    std::string error;    // why there is no entry
};

EntryRead read_entry(std::string_view text, std::size_t offset) {
    EntryRead read;
    if (text.substr(offset, kEntryMagic.size()) != kEntryMagic) {
        read.error = "no entry";
        return read;
    }
    auto line_end = text.find('\n', offset);
    if (line_end == std::string_view::npos || line_end - offset > kMaxEntryHeaderBytes) {
        read.error = "entry header cut short";
        return read;
    }
    std::string_view line = text.substr(offset + kEntryMagic.size(), line_end - offset - kEntryMagic.size());
    auto first = line.find(' ');
    auto second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    std::uint64_t seq = 0;
    std::uint64_t length = 0;
    if (second == std::string_view::npos || !read_number(line.substr(0, first), seq) ||
        !read_number(line.substr(first + 1, second - first - 1), length) || line.size() - second - 1 != 8) {
        read.error = "malformed entry header";
        return read;
    }
    if (length == 0 || length > kMaxSpoolEntryBytes) {
        read.error = "entry length " + std::to_string(length) + " out of range";
        return read;
    }
    std::size_t body_start = line_end + 1;
    if (text.size() - body_start < length + 1 || text[body_start + length] != '\n') {
        read.error = "entry body cut short";
        return read;
    }
    std::string_view body = text.substr(body_start, length);
    if (entry_checksum(seq, body) != line.substr(second + 1)) {
        read.error = "entry checksum mismatch";
        return read;
    }
    read.entry = SpoolEntry{seq, std::string(body)};
    read.end = body_start + length + 1;
    return read;
}

// Format 1: no magic per entry, so nothing after the first damage can be trusted.
void parse_old_format(std::string_view text, std::size_t offset, SpoolFileContents& contents) {
    while (offset < text.size()) {
        auto fail = [&](const std::string& what) {
            contents.damage = "spool: " + what + " at byte " + std::to_string(offset) +
                              " (format 1: " + std::to_string(text.size() - offset) + " bytes after it unreadable)";
            contents.skipped_bytes = text.size() - offset;
        };
        auto line_end = text.find('\n', offset);
        if (line_end == std::string_view::npos || text[offset] != '@') {
            fail("entry header missing or cut short");
            return;
        }
        std::string_view line = text.substr(offset + 1, line_end - offset - 1);
        auto space = line.find(' ');
        std::uint64_t seq = 0;
        std::uint64_t length = 0;
        if (space == std::string_view::npos || !read_number(line.substr(0, space), seq) ||
            !read_number(line.substr(space + 1), length)) {
            fail("malformed entry header");
            return;
        }
        if (length == 0 || length > kMaxSpoolEntryBytes) {
            fail("entry length " + std::to_string(length) + " out of range");
            return;
        }
        if (!contents.entries.empty() && seq <= contents.entries.back().seq) {
            fail("entry sequence number going backwards");
            return;
        }
        std::size_t body_start = line_end + 1;
        if (text.size() - body_start < length + 1 || text[body_start + length] != '\n') {
            fail("entry body cut short");
            return;
        }
        contents.entries.push_back({seq, std::string(text.substr(body_start, length))});
        offset = body_start + length + 1;
    }
}

}  // namespace

std::string format_spool_header(std::uint64_t dropped_pings, std::uint64_t dropped_records,
                                std::uint64_t unreadable_bytes, std::uint64_t dropped_metrics,
                                std::uint64_t dropped_logs) {
    return std::string(kMagic) + " dropped_pings=" + std::to_string(dropped_pings) +
           " dropped_records=" + std::to_string(dropped_records) +
           " unreadable_bytes=" + std::to_string(unreadable_bytes) +
           " dropped_metrics=" + std::to_string(dropped_metrics) + " dropped_logs=" + std::to_string(dropped_logs) +
           "\n";
}

std::string format_spool_entry(const SpoolEntry& entry) {
    std::string text = std::string(kEntryMagic) + std::to_string(entry.seq) + " " + std::to_string(entry.body.size()) +
                       " " + entry_checksum(entry.seq, entry.body) + "\n";
    text += entry.body;
    text += '\n';
    return text;
}

SpoolFileContents parse_spool_file(std::string_view text) {
    SpoolFileContents contents;
    if (text.empty()) return contents;
    std::size_t stretches = 0;
    auto skip = [&](std::size_t from, std::size_t to, const std::string& what) {
        contents.skipped_bytes += to - from;
        if (++stretches <= kMaxNamedSpoolDamages) {
            contents.damage += std::string(contents.damage.empty() ? "spool: " : "; ") + what + " at byte " +
                               std::to_string(from) + " (" + std::to_string(to - from) + " bytes skipped)";
        }
    };
    // The next entry magic at or after `from` (not only at a line start: the newline before
    // an entry may be the damaged byte). What follows is only taken if its checksum holds.
    auto next_entry = [&](std::size_t from) {
        auto found = text.find(kEntryMagic, from);
        return found == std::string_view::npos ? text.size() : found;
    };
    auto header_end = text.find('\n');
    std::string_view header = text.substr(0, header_end);
    std::size_t offset = 0;
    if (header.substr(0, kOldMagic.size()) == kOldMagic && header_end != std::string_view::npos) {
        contents.format = 1;
        read_counters(header.substr(kOldMagic.size()), contents);
        parse_old_format(text, header_end + 1, contents);
        return contents;
    }
    if (header.substr(0, kMagic.size()) == kMagic && header_end != std::string_view::npos) {
        contents.format = 2;
        read_counters(header.substr(kMagic.size()), contents);
        offset = header_end + 1;
    } else {
        offset = next_entry(0);
        skip(0, offset, "no spool header (its counters are lost)");
    }
    while (offset < text.size()) {
        auto read = read_entry(text, offset);
        if (read.entry && (contents.entries.empty() || read.entry->seq > contents.entries.back().seq)) {
            contents.entries.push_back(std::move(*read.entry));
            offset = read.end;
            continue;
        }
        const std::size_t resume = next_entry(offset + 1);
        skip(offset, resume, read.entry ? "entry sequence number going backwards" : read.error);
        offset = resume;
    }
    if (stretches > kMaxNamedSpoolDamages) {
        contents.damage += "; " + std::to_string(stretches - kMaxNamedSpoolDamages) + " more damaged stretch(es)";
    }
    if (stretches > 0) {
        contents.damage += "; " + std::to_string(contents.entries.size()) + " entr" +
                           (contents.entries.size() == 1 ? "y" : "ies") + " read, " +
                           std::to_string(contents.skipped_bytes) + " bytes unreadable";
    }
    return contents;
}

}  // namespace niamd::client
