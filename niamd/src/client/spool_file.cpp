#include "client/spool_file.hpp"

#include <charconv>

namespace niamd::client {
namespace {

constexpr std::string_view kMagic = "niam-spool 1";

bool read_number(std::string_view text, std::uint64_t& out) {
    if (text.empty() || text.size() > 20) return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string format_spool_header(std::uint64_t dropped_pings, std::uint64_t dropped_records) {
    return std::string(kMagic) + " dropped_pings=" + std::to_string(dropped_pings) +
           " dropped_records=" + std::to_string(dropped_records) + "\n";
}

std::string format_spool_entry(const SpoolEntry& entry) {
    std::string text = "@" + std::to_string(entry.seq) + " " + std::to_string(entry.body.size()) + "\n";
    text += entry.body;
    text += '\n';
    return text;
}

SpoolFileContents parse_spool_file(std::string_view text) {
    SpoolFileContents contents;
    if (text.empty()) return contents;
    auto header_end = text.find('\n');
    std::string_view header = text.substr(0, header_end);
    if (header_end == std::string_view::npos || header.substr(0, kMagic.size()) != kMagic) {
        contents.damage = "spool: not a niam spool file (bad header)";
        return contents;
    }
    // Counters: "dropped_pings=N dropped_records=M"; unknown words are ignored.
    std::string_view rest = header.substr(kMagic.size());
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
        if (word.substr(0, equals) == "dropped_pings") contents.dropped_pings = value;
        if (word.substr(0, equals) == "dropped_records") contents.dropped_records = value;
    }
    std::size_t offset = header_end + 1;
    while (offset < text.size()) {
        auto fail = [&](const std::string& what) {
            contents.damage = "spool: " + what + " at byte " + std::to_string(offset) + "; the rest is dropped";
        };
        auto line_end = text.find('\n', offset);
        if (line_end == std::string_view::npos || text[offset] != '@') {
            fail("entry header missing or cut short");
            break;
        }
        std::string_view line = text.substr(offset + 1, line_end - offset - 1);
        auto space = line.find(' ');
        std::uint64_t seq = 0;
        std::uint64_t length = 0;
        if (space == std::string_view::npos || !read_number(line.substr(0, space), seq) ||
            !read_number(line.substr(space + 1), length)) {
            fail("malformed entry header");
            break;
        }
        if (length == 0 || length > kMaxSpoolEntryBytes) {
            fail("entry length " + std::to_string(length) + " out of range");
            break;
        }
        if (!contents.entries.empty() && seq <= contents.entries.back().seq) {
            fail("entry sequence number going backwards");
            break;
        }
        std::size_t body_start = line_end + 1;
        if (text.size() - body_start < length + 1 || text[body_start + length] != '\n') {
            fail("entry body cut short");
            break;
        }
        contents.entries.push_back({seq, std::string(text.substr(body_start, length))});
        offset = body_start + length + 1;
    }
    return contents;
}

}  // namespace niamd::client
