#include "signer/canonical.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/ascii.hpp"

namespace awsrest::signer_detail {

namespace {

using ascii::hex_value;
using ascii::is_unreserved;  // the only characters SigV4 leaves unencoded

bool is_percent_triplet(std::string_view text, std::size_t i) noexcept {
    return text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0;
}

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

constexpr std::uint64_t kEveryByte = 0x0101010101010101ULL;

// Copies `size` bytes lowercasing ASCII letters, eight at a time: a byte below 0x80 gets
// 0x20 added when it is >= 'A' and not > 'Z' (the high-bit tests of each byte + constant).
void copy_lowercase(char* out, const char* in, std::size_t size) noexcept {
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, in + i, sizeof word);
        const std::uint64_t low7 = word & (kEveryByte * 0x7f);
        const std::uint64_t at_least_a = low7 + kEveryByte * (0x80 - 'A');
        const std::uint64_t above_z = low7 + kEveryByte * (0x7f - 'Z');
        const std::uint64_t upper = (at_least_a ^ above_z) & ~word & (kEveryByte * 0x80);
        word |= upper >> 2;
        std::memcpy(out + i, &word, sizeof word);
    }
    for (; i < size; ++i) out[i] = ascii::to_lower(in[i]);
}

// Headers that proxies, the HTTP stack or the signature itself may add or change.
bool is_unsigned_header(std::string_view lower_name) noexcept {
    switch (lower_name.size()) {
        case 6: return lower_name == "expect";
        case 7: return lower_name == "upgrade";
        case 10: return lower_name == "connection" || lower_name == "user-agent";
        case 13: return lower_name == "authorization";
        case 15: return lower_name == "x-amzn-trace-id";
        case 17: return lower_name == "transfer-encoding";
        default: return false;
    }
}

// How many bytes at the start of [in, end) are above ' ' (UTF-8 bytes are), looked at
// eight at a time: a word has a byte below 0x21 when (x - 0x21..21) & ~x & 0x80..80 is
// not zero (bytes of 0x80 and up never set it; a borrow only follows a real hit).
std::size_t plain_run(const char* in, const char* end) noexcept {
    constexpr std::uint64_t kOnes = kEveryByte;
    const char* const start = in;
    while (end - in >= 8) {
        std::uint64_t word;
        std::memcpy(&word, in, sizeof word);
        if (((word - kOnes * 0x21) & ~word & (kOnes * 0x80)) != 0) break;
        in += 8;
    }
    while (in != end && static_cast<unsigned char>(*in) > ' ') ++in;
    return static_cast<std::size_t>(in - start);
}

// Writes the value trimmed, with every run of whitespace inside it turned into one
// space; returns the end of what it wrote (at most value.size() characters).
char* write_collapsed(char* out, std::string_view value) noexcept {
    const char* in = value.data();
    const char* end = in + value.size();
    while (in != end && is_space(*in)) ++in;
    while (end != in && is_space(end[-1])) --end;
    // As both ends are trimmed, a run of whitespace is always followed by something else.
    while (in != end) {
        const std::size_t run = plain_run(in, end);
        std::memcpy(out, in, run);
        out += run;
        in += run;
        if (in == end) break;
        if (is_space(*in)) {
            while (is_space(in[1])) ++in;
            *out++ = ' ';
        } else {
            *out++ = *in;  // another control character: kept
        }
        ++in;
    }
    return out;
}

// The signed headers in canonical order: lowercase names in one buffer, sorted by name,
// request order kept among headers of the same name. Requests of up to kInlineHeaders
// headers and kInlineNameBytes of names (nearly all) need no allocation.
struct SignedHeader {
    std::size_t name_offset;
    std::size_t name_size;
    std::size_t order;
    const Header* header;
};

class SortedHeaders {
  public:
    explicit SortedHeaders(const Headers& headers) {
        std::size_t name_bytes = 0;
        for (const Header& header : headers) name_bytes += header.name.size();
        if (name_bytes > kInlineNameBytes) {
            heap_names_.resize(name_bytes);
            names_ = heap_names_.data();
        }
        if (headers.size() > kInlineHeaders) {
            heap_entries_.resize(headers.size());
            entries_ = heap_entries_.data();
        }
        std::size_t offset = 0;
        for (const Header& header : headers) {
            const char* const name = header.name.data();
            const std::size_t size = header.name.size();
            char* const lower = names_ + offset;
            copy_lowercase(lower, name, size);
            if (is_unsigned_header(std::string_view(lower, size))) continue;
            entries_[count_] = SignedHeader{offset, size, count_, &header};
            ++count_;
            offset += size;
            line_bytes_ += size + header.value.size() + 2;
        }
        signed_name_bytes_ = offset + count_;
        const auto before = [this](const SignedHeader& a, const SignedHeader& b) {
            const int by_name = name(a).compare(name(b));
            return by_name != 0 ? by_name < 0 : a.order < b.order;
        };
        if (count_ <= kInsertionSortLimit) {
            for (std::size_t i = 1; i < count_; ++i) {
                const SignedHeader entry = entries_[i];
                std::size_t j = i;
                for (; j > 0 && before(entry, entries_[j - 1]); --j) entries_[j] = entries_[j - 1];
                entries_[j] = entry;
            }
        } else {
            std::sort(entries_, entries_ + count_, before);
        }
    }
    SortedHeaders(const SortedHeaders&) = delete;
    SortedHeaders& operator=(const SortedHeaders&) = delete;

    std::string_view name(const SignedHeader& entry) const {
        return std::string_view(names_ + entry.name_offset, entry.name_size);
    }
    std::size_t size() const { return count_; }
    // At least the size of the canonical header lines ("name:value\n" each).
    std::size_t line_bytes() const { return line_bytes_; }
    // At least the size of the signed header list.
    std::size_t signed_name_bytes() const { return signed_name_bytes_; }
    const SignedHeader& operator[](std::size_t i) const { return entries_[i]; }

  private:
    static constexpr std::size_t kInlineHeaders = 24;
    static constexpr std::size_t kInlineNameBytes = 512;
    static constexpr std::size_t kInsertionSortLimit = 16;

    SignedHeader inline_entries_[kInlineHeaders];
    char inline_names_[kInlineNameBytes];
    std::vector<SignedHeader> heap_entries_;
    std::string heap_names_;
    SignedHeader* entries_ = inline_entries_;
    char* names_ = inline_names_;
    std::size_t count_ = 0;
    std::size_t signed_name_bytes_ = 0;
    std::size_t line_bytes_ = 0;
};

// One query parameter: its encoded key and encoded value, back to back in a buffer.
struct QueryParameter {
    std::size_t offset;
    std::size_t key_size;
    std::size_t value_size;
};

bool path_needs_normalizing(std::string_view path) noexcept {
    // An empty, "." or ".." segment, or a path that does not start with '/'.
    if (path.empty() || path.front() != '/') return true;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view segment = path.substr(start, end - start);
        const bool last = end == path.size();
        if ((segment.empty() && !last) || segment == "." || segment == "..") return true;
        start = end + 1;
    }
    return false;
}

}  // namespace

void append_uri_encoded(std::string& out, std::string_view text, bool keep_slash) {
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t run = i;
        while (run < text.size() &&
               (is_unreserved(static_cast<unsigned char>(text[run])) || (keep_slash && text[run] == '/'))) {
            ++run;
        }
        out.append(text.data() + i, run - i);
        if (run == text.size()) break;
        ascii::append_percent_escaped(out, static_cast<unsigned char>(text[run]));
        i = run + 1;
    }
}

void append_percent_decoded(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_percent_triplet(text, i)) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
}

std::string normalized_path(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view segment = path.substr(start, end - start);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = end + 1;
    }
    std::string out = "/";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i != 0) out += '/';
        out += segments[i];
    }
    if (!segments.empty() && !path.empty() && path.back() == '/') out += '/';
    return out;
}

void append_canonical_uri(std::string& out, std::string_view path, bool normalize, bool double_encode) {
    if (path.empty() || path == "/") {
        out += '/';
        return;
    }
    std::string normalized;
    if (normalize && path_needs_normalizing(path)) {
        normalized = normalized_path(path);
        path = normalized;
    }
    if (double_encode) {
        append_uri_encoded(out, path, true);
        return;
    }
    std::size_t i = 0;
    while (i < path.size()) {
        if (is_percent_triplet(path, i)) {
            const char triplet[3] = {'%', ascii::kUpperHexDigits[hex_value(path[i + 1])],
                                     ascii::kUpperHexDigits[hex_value(path[i + 2])]};
            out.append(triplet, 3);
            i += 3;
            continue;
        }
        const std::size_t next = path.find('%', i + 1);
        const std::size_t end = next == std::string_view::npos ? path.size() : next;
        append_uri_encoded(out, path.substr(i, end - i), true);
        i = end;
    }
}

void append_canonical_query(std::string& out, std::string_view query) {
    if (query.empty()) return;
    std::string buffer;
    buffer.reserve(query.size() + query.size() / 2 + 16);
    std::vector<QueryParameter> parameters;
    parameters.reserve(static_cast<std::size_t>(std::count(query.begin(), query.end(), '&')) + 1);
    std::string decoded;
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view piece = query.substr(start, end - start);
        start = end + 1;
        if (piece.empty()) continue;
        const std::size_t equals = piece.find('=');
        const std::string_view key = piece.substr(0, equals);
        const std::string_view value = equals == std::string_view::npos ? std::string_view() : piece.substr(equals + 1);
        QueryParameter parameter{buffer.size(), 0, 0};
        decoded.clear();
        append_percent_decoded(decoded, key);
        append_uri_encoded(buffer, decoded, false);
        parameter.key_size = buffer.size() - parameter.offset;
        decoded.clear();
        append_percent_decoded(decoded, value);
        append_uri_encoded(buffer, decoded, false);
        parameter.value_size = buffer.size() - parameter.offset - parameter.key_size;
        parameters.push_back(parameter);
    }
    const auto key_of = [&buffer](const QueryParameter& p) {
        return std::string_view(buffer.data() + p.offset, p.key_size);
    };
    const auto value_of = [&buffer](const QueryParameter& p) {
        return std::string_view(buffer.data() + p.offset + p.key_size, p.value_size);
    };
    std::sort(parameters.begin(), parameters.end(), [&](const QueryParameter& a, const QueryParameter& b) {
        const int by_key = key_of(a).compare(key_of(b));
        return by_key != 0 ? by_key < 0 : value_of(a) < value_of(b);
    });
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        if (i != 0) out += '&';
        out += key_of(parameters[i]);
        out += '=';
        out += value_of(parameters[i]);
    }
}

namespace {

// Writes "name:value\n" lines for the sorted headers; returns the end.
char* write_header_lines(char* at, const SortedHeaders& sorted) noexcept {
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const std::string_view name = sorted.name(sorted[i]);
        if (i != 0 && name == sorted.name(sorted[i - 1])) {
            at[-1] = ',';  // a repeated header: its value joins the line above
        } else {
            name.copy(at, name.size());
            at += name.size();
            *at++ = ':';
        }
        at = write_collapsed(at, sorted[i].header->value);
        *at++ = '\n';
    }
    return at;
}

// Writes "host;x-amz-date"; returns the end.
char* write_signed_names(char* at, const SortedHeaders& sorted) noexcept {
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const std::string_view name = sorted.name(sorted[i]);
        if (i != 0 && name == sorted.name(sorted[i - 1])) continue;
        if (i != 0) *at++ = ';';
        name.copy(at, name.size());
        at += name.size();
    }
    return at;
}

void append_signed_names(std::string& out, const SortedHeaders& sorted) {
    const std::size_t start = out.size();
    out.resize(start + sorted.signed_name_bytes());
    char* const begin = out.data() + start;
    out.resize(start + static_cast<std::size_t>(write_signed_names(begin, sorted) - begin));
}

}  // namespace

void append_canonical_headers(std::string& out, std::string& signed_headers, const Headers& headers) {
    const SortedHeaders sorted(headers);
    // Written through a pointer into room for the longest possible result, then trimmed.
    const std::size_t start = out.size();
    out.resize(start + sorted.line_bytes());
    char* const begin = out.data() + start;
    out.resize(start + static_cast<std::size_t>(write_header_lines(begin, sorted) - begin));
    append_signed_names(signed_headers, sorted);
}

std::string signed_header_names(const Headers& headers) {
    std::string names;
    append_signed_names(names, SortedHeaders(headers));
    return names;
}

void append_canonical_request(std::string& out, std::string& signed_headers, const Request& request,
                              bool normalize_path, bool double_encode_path, std::string_view payload_hash) {
    out += request.method;
    out += '\n';
    append_canonical_uri(out, request.path, normalize_path, double_encode_path);
    out += '\n';
    append_canonical_query(out, request.query);
    out += '\n';
    // The rest in one write: header lines, blank line, signed names, payload hash.
    const SortedHeaders sorted(request.headers);
    const std::size_t start = out.size();
    out.resize(start + sorted.line_bytes() + 1 + sorted.signed_name_bytes() + 1 + payload_hash.size());
    char* const begin = out.data() + start;
    char* at = write_header_lines(begin, sorted);
    *at++ = '\n';
    char* const names = at;
    at = write_signed_names(at, sorted);
    signed_headers.append(names, static_cast<std::size_t>(at - names));
    *at++ = '\n';
    payload_hash.copy(at, payload_hash.size());
    at += payload_hash.size();
    out.resize(start + static_cast<std::size_t>(at - begin));
}

}  // namespace awsrest::signer_detail
