#include "services/ini_reader.hpp"

#include "text/utf8.hpp"

namespace niamd::services {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// Valid UTF-8 without NUL or other control bytes but tab (and the CR of a CRLF line end).
bool is_clean_line(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    for (std::size_t i = 0; i < line.size();) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c < 0x20 && c != '\t') return false;
        if (c == 0x7f) return false;
        const std::size_t length = text::utf8_sequence_length(line, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

bool is_key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace

IniDocument read_ini(std::string_view text) {
    IniDocument doc;
    if (text.size() > kMaxIniFileBytes) {
        doc.errors.push_back({0, "",
                              "file is " + std::to_string(text.size()) + " bytes, more than the " +
                                  std::to_string(kMaxIniFileBytes) + " allowed; not read"});
        return doc;
    }
    IniSection* section = nullptr;
    bool outside_reported = false;
    int line_number = 0;
    std::size_t pos = 0;
    const auto fail = [&](std::string key, std::string message) {
        doc.errors.push_back({line_number, std::move(key), std::move(message)});
        if (section != nullptr) section->bad = true;
    };
    while (pos < text.size()) {
        ++line_number;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        if (raw.size() > kMaxIniLineBytes) {
            fail("", "line is " + std::to_string(raw.size()) + " bytes, more than the " +
                         std::to_string(kMaxIniLineBytes) + " allowed");
            continue;
        }
        if (!is_clean_line(raw)) {
            fail("", "line holds a NUL or control byte or is not valid UTF-8");
            continue;
        }
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (line.front() == '[') {
            if (line.back() != ']') {
                section = nullptr;
                doc.errors.push_back({line_number, "", "section header without a closing ']'"});
                // What follows belongs to no section: its lines are skipped with the header.
                outside_reported = true;
                continue;
            }
            const std::string_view name = trim(line.substr(1, line.size() - 2));
            if (name.empty()) {
                section = nullptr;
                doc.errors.push_back({line_number, "", "section name is empty"});
                outside_reported = true;
                continue;
            }
            if (doc.sections.size() >= kMaxIniSections) {
                doc.errors.push_back(
                    {line_number, "",
                     "more than " + std::to_string(kMaxIniSections) + " sections; the rest of the file is not read"});
                return doc;
            }
            doc.sections.push_back({std::string(name), line_number, {}, false});
            section = &doc.sections.back();
            outside_reported = false;
            continue;
        }
        const std::size_t equals = line.find('=');
        if (equals == std::string_view::npos) {
            fail("", "expected `key = value`, a [section] or a comment");
            continue;
        }
        const std::string key = lower(trim(line.substr(0, equals)));
        bool key_ok = !key.empty() && key.size() <= 64;
        for (const char c : key) key_ok = key_ok && is_key_char(c);
        if (!key_ok) {
            fail("", "a key is 1-64 letters, digits or '_'");
            continue;
        }
        if (section == nullptr) {
            if (!outside_reported) doc.errors.push_back({line_number, key, "key outside any [section]"});
            outside_reported = true;
            continue;
        }
        if (section->entries.size() >= kMaxIniEntries) {
            fail(key, "more than " + std::to_string(kMaxIniEntries) + " keys in one section");
            continue;
        }
        section->entries.push_back({key, std::string(trim(line.substr(equals + 1))), line_number});
    }
    return doc;
}

}  // namespace niamd::services
