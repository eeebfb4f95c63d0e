// Printing and redacting credentials, and the process environment.
#include "awsrest/credentials.hpp"

#include <cstdlib>

#include "core/time_text.hpp"

namespace awsrest {

namespace {

constexpr std::string_view kRedacted = "<redacted>";

void replace_all(std::string& text, const std::string& secret) {
    if (secret.empty()) return;
    std::size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
        text.replace(pos, secret.size(), kRedacted);
        pos += kRedacted.size();
    }
}

}  // namespace

std::ostream& operator<<(std::ostream& out, const Credentials& credentials) {
    out << "Credentials{access_key_id=" << credentials.access_key_id
        << ", secret_access_key=" << (credentials.secret_access_key.empty() ? "<empty>" : kRedacted)
        << ", session_token=" << (credentials.session_token.empty() ? "<none>" : kRedacted);
    if (credentials.expiration) out << ", expiration=" << time_text::format_iso8601_utc(*credentials.expiration);
    if (!credentials.source.empty()) out << ", source=" << credentials.source;
    return out << "}";
}

std::string redact(std::string text, const Credentials& credentials) {
    // The longer one first, so a secret that contains the other is replaced whole.
    const bool token_first = credentials.session_token.size() > credentials.secret_access_key.size();
    replace_all(text, token_first ? credentials.session_token : credentials.secret_access_key);
    replace_all(text, token_first ? credentials.secret_access_key : credentials.session_token);
    return text;
}

EnvLookup process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
}

}  // namespace awsrest
