#include "follow/positions_file.hpp"

#include <charconv>
#include <cstdio>
#include <system_error>

#include "files/atomic_file.hpp"
#include "text/percent_escape.hpp"

namespace niamd::follow {
namespace {

constexpr std::string_view kHeader = "niam-log-positions 2";
constexpr std::string_view kHeaderVersion1 = "niam-log-positions 1";  // without the successor, read still

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    text::append_percent_escaped(out, text, [](unsigned char c) { return c <= ' ' || c == 0x7f || c == '%'; });
    return out;
}

// A source or path: not empty.
std::optional<std::string> unescape(std::string_view text) {
    auto out = text::percent_unescape(text);
    if (out && out->empty()) return std::nullopt;
    return out;
}

template <typename T>
bool number(std::string_view text, T& value, int base = 10) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    return !text.empty() && ec == std::errc{} && end == text.data() + text.size();
}

std::vector<std::string_view> words_of(std::string_view line) {
    std::vector<std::string_view> words;
    std::size_t at = 0;
    while (at < line.size() && words.size() <= 13) {
        const std::size_t space = line.find(' ', at);
        const std::size_t end = space == std::string_view::npos ? line.size() : space;
        words.push_back(line.substr(at, end - at));
        at = end + 1;
        if (space == std::string_view::npos) break;
    }
    return words;
}

}  // namespace

PositionsRead parse_positions(std::string_view text) {
    PositionsRead read;
    std::size_t at = 0;
    int number_of_line = 0;
    std::size_t fields = 13;
    while (at < text.size()) {
        const std::size_t newline = text.find('\n', at);
        if (newline == std::string_view::npos) {
            read.problems.push_back("line " + std::to_string(number_of_line + 1) + ": not ended (a torn write?)");
            break;
        }
        const std::string_view line = text.substr(at, newline - at);
        at = newline + 1;
        ++number_of_line;
        if (number_of_line == 1) {
            if (line == kHeaderVersion1) fields = 9;
            if (line != kHeader && line != kHeaderVersion1) {
                read.problems.push_back("line 1: not a log-positions file (no '" + std::string(kHeader) + "')");
                return read;
            }
            continue;
        }
        if (read.positions.size() >= kMaxPositions) {
            read.problems.push_back("more than " + std::to_string(kMaxPositions) + " positions; the rest ignored");
            break;
        }
        const auto words = words_of(line);
        FilePosition position;
        std::optional<std::string> source;
        std::optional<std::string> path;
        const auto identity = [&](std::size_t first, FileIdentity& out) {
            return number(words[first], out.device) && number(words[first + 1], out.inode) &&
                   words[first + 2].size() == 16 && number(words[first + 2], out.fingerprint, 16) &&
                   number(words[first + 3], out.fingerprint_bytes) && out.fingerprint_bytes <= kFingerprintBytes;
        };
        const bool ok = words.size() == fields && (source = unescape(words[0])) && (path = unescape(words[1])) &&
                        identity(2, position.identity) && number(words[6], position.offset) &&
                        number(words[7], position.seq) && position.seq > 0 && number(words[8], position.gaps) &&
                        (fields == 9 || identity(9, position.next));
        if (!ok) {
            read.problems.push_back("line " + std::to_string(number_of_line) + ": does not read");
            continue;
        }
        read.positions[{std::move(*source), std::move(*path)}] = position;
    }
    if (number_of_line == 0 && !text.empty()) read.problems.push_back("line 1: not a log-positions file");
    return read;
}

std::string format_positions(const Positions& positions) {
    std::string text(kHeader);
    text += '\n';
    const auto identity = [](const FileIdentity& id) {
        char fingerprint[17];
        std::snprintf(fingerprint, sizeof fingerprint, "%016llx", static_cast<unsigned long long>(id.fingerprint));
        return std::to_string(id.device) + ' ' + std::to_string(id.inode) + ' ' + fingerprint + ' ' +
               std::to_string(id.fingerprint_bytes);
    };
    for (const auto& [key, position] : positions) {
        text += escape(key.first) + ' ' + escape(key.second) + ' ' + identity(position.identity) + ' ' +
                std::to_string(position.offset) + ' ' + std::to_string(position.seq) + ' ' +
                std::to_string(position.gaps) + ' ' + identity(position.next) + '\n';
    }
    return text;
}

PositionsRead read_positions_file(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) return {};
    const auto size = std::filesystem::file_size(path, error);
    if (!error && size > kMaxPositionsBytes) {
        PositionsRead read;
        read.problems.push_back("larger than " + std::to_string(kMaxPositionsBytes) + " bytes; not read");
        return read;
    }
    const auto text = files::read_small_file(path, kMaxPositionsBytes);
    if (!text) {
        PositionsRead read;
        read.problems.push_back("cannot be read");
        return read;
    }
    return parse_positions(*text);
}

awsrest::Result<void> write_positions_file(const std::filesystem::path& path, const Positions& positions) {
    return files::write_file_atomically(path, format_positions(positions), 0600);
}

}  // namespace niamd::follow
