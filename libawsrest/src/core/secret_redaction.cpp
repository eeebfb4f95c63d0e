#include "core/secret_redaction.hpp"

#include <array>

#include "core/ascii.hpp"

namespace awsrest {

namespace {

constexpr std::string_view kRedacted = "<redacted>";
// A run of base64 characters at least this long is taken for a key, token or signature.
constexpr std::size_t kSecretRunBytes = 40;
constexpr std::size_t kAccessKeyIdBytes = 20;

bool is_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_base64(char c) { return is_alnum(c) || c == '+' || c == '/'; }
bool ends_value(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '&' || c == ',' || c == ';' || c == '\'' ||
           c == '"' || c == '<' || c == '>' || c == '(' || c == ')';
}

bool starts_with_name(std::string_view text, std::size_t at, std::string_view name) {
    if (text.size() - at < name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (ascii::to_lower(text[at + i]) != name[i]) return false;
    }
    return true;
}

// The length of "name:" or "name=" (and blanks after ':') at `at`, 0 when none starts there.
std::size_t named_value_prefix(std::string_view text, std::size_t at) {
    if (at > 0 && is_alnum(text[at - 1])) return 0;
    struct Name {
        std::string_view name;
        bool header;  // also "name:"
    };
    static constexpr std::array<Name, 3> kNames = {
        {{"x-amz-security-token", true}, {"x-amz-signature", false}, {"signature", false}}};
    for (const auto& [name, header] : kNames) {
        if (!starts_with_name(text, at, name)) continue;
        std::size_t end = at + name.size();
        if (end < text.size() && text[end] == '=') return end + 1 - at;
        if (!header || end >= text.size() || text[end] != ':') continue;
        ++end;
        while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
        return end - at;
    }
    return 0;
}

std::string redact_named_values(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t prefix = named_value_prefix(text, i);
        if (prefix == 0) {
            out += text[i++];
            continue;
        }
        out += text.substr(i, prefix);
        i += prefix;
        const std::size_t value_start = i;
        while (i < text.size() && !ends_value(text[i])) ++i;
        if (i > value_start) out += kRedacted;
    }
    return out;
}

// Letters and also digits, '+' or '/': a key, token or hex signature, not "xxxx..." or a
// long number. (40 random base64 characters lack both with a chance of about 1 in 4000.)
bool looks_random(std::string_view run) {
    bool letter = false;
    bool other = false;
    for (const char c : run) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            letter = true;
        } else {
            other = true;
        }
    }
    return letter && other;
}

bool is_access_key_id(std::string_view word) {
    if (word.size() != kAccessKeyIdBytes || !(word.substr(0, 4) == "AKIA" || word.substr(0, 4) == "ASIA")) {
        return false;
    }
    for (const char c : word.substr(4)) {
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    }
    return true;
}

// Long base64 runs, then access key ids among the words of what is left.
std::string redact_by_shape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_base64(text[i])) {
            out += text[i++];
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && is_base64(text[end])) ++end;
        if (end - i >= kSecretRunBytes && looks_random(text.substr(i, end - i))) {
            while (end < text.size() && text[end] == '=') ++end;
            out += kRedacted;
            i = end;
            continue;
        }
        // A short run: its words ('+' and '/' split them) are kept unless they are key ids.
        while (i < end) {
            if (!is_alnum(text[i])) {
                out += text[i++];
                continue;
            }
            std::size_t word_end = i;
            while (word_end < end && is_alnum(text[word_end])) ++word_end;
            const std::string_view word = text.substr(i, word_end - i);
            if (is_access_key_id(word)) {
                out += kRedacted;
            } else {
                out += word;
            }
            i = word_end;
        }
    }
    return out;
}

}  // namespace

std::string redact_signing_secrets(std::string_view text) { return redact_by_shape(redact_named_values(text)); }

}  // namespace awsrest
