#include "credentials/imds_document.hpp"

#include <array>
#include <optional>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "core/json_stream.hpp"
#include "core/time_text.hpp"
#include "credentials/limits.hpp"

namespace awsrest {

namespace {

constexpr std::size_t kMaxRoleNameBytes = 64;
// The document is flat; anything nested deeper is not it (and cannot run the recursive
// parser out of stack).
constexpr int kMaxDepth = 16;

// The members of the root object we read, by index.
enum Field { kCode, kAccessKeyId, kSecretAccessKey, kToken, kExpiration, kFieldCount };
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {"Code", "AccessKeyId", "SecretAccessKey", "Token",
                                                                   "Expiration"};

struct FieldValue {
    bool present = false;
    std::optional<std::string> text;  // nullopt: present but not a string
};

// SAX handler keeping the root object's members of interest. The SAX reader (in situ,
// not iterative) is used instead of rapidjson::Document, whose value stack does pointer
// arithmetic on a null pointer in RapidJSON 1.1.0 (UBSan: internal/stack.h).
class RootMembers : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, RootMembers> {
  public:
    bool Default() { return value(std::nullopt); }
    bool String(const char* text, rapidjson::SizeType length, bool) { return value(std::string(text, length)); }
    bool Key(const char* text, rapidjson::SizeType length, bool) {
        if (depth_ == 1) key_.assign(text, length);
        return true;
    }
    bool StartObject() {
        if (depth_ == 0) root_is_object_ = true;
        else value(std::nullopt);
        return descend();
    }
    bool StartArray() {
        value(std::nullopt);
        return descend();
    }
    bool EndObject(rapidjson::SizeType) { return ascend(); }
    bool EndArray(rapidjson::SizeType) { return ascend(); }

    bool root_is_object() const { return root_is_object_; }
    bool too_deep() const { return too_deep_; }
    const FieldValue& field(Field which) const { return fields_[which]; }

  private:
    bool value(std::optional<std::string> text) {
        if (depth_ != 1) return true;  // a scalar root, or inside a nested value
        for (std::size_t i = 0; i < kFieldCount; ++i) {
            if (key_ == kFieldNames[i] && !fields_[i].present) fields_[i] = FieldValue{true, std::move(text)};
        }
        return true;
    }
    bool descend() {
        if (++depth_ > kMaxDepth) too_deep_ = true;
        return !too_deep_;
    }
    bool ascend() {
        --depth_;
        return true;
    }

    int depth_ = 0;
    bool root_is_object_ = false;
    bool too_deep_ = false;
    std::string key_;
    std::array<FieldValue, kFieldCount> fields_;
};

Error parse_error(std::string_view origin, const std::string& what) {
    return make_error(ErrorKind::Parse, std::string(origin) + ": " + what);
}

// A required non-empty string member, or nullptr.
const std::string* string_field(const RootMembers& members, Field which) {
    const FieldValue& value = members.field(which);
    return value.text && !value.text->empty() ? &*value.text : nullptr;
}

// Whether a Code is safe to quote: an AWS error code ("AssumeRoleUnauthorizedAccess") is
// a short run of letters, and is no part of the document's secret or token.
bool looks_like_error_code(const std::string& code, const RootMembers& members) {
    constexpr std::size_t kMaxCodeBytes = 64;
    if (code.empty() || code.size() > kMaxCodeBytes) return false;
    for (const char c : code) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    for (Field secret : {kSecretAccessKey, kToken}) {
        const FieldValue& value = members.field(secret);
        if (value.text && value.text->find(code) != std::string::npos) return false;
    }
    return true;
}

}  // namespace

Result<Credentials> parse_imds_credentials(std::string_view body, std::string_view origin) {
    if (body.size() > credentials_limits::kMaxImdsResponseBytes) {
        return parse_error(origin, "credentials document larger than " +
                                       std::to_string(credentials_limits::kMaxImdsResponseBytes) + " bytes");
    }
    RootMembers members;
    const json_stream::Parsed read = json_stream::parse<rapidjson::kParseNoFlags>(body, members);
    const rapidjson::ParseResult& parsed = read.result;
    if (members.too_deep()) {
        return parse_error(origin, "credentials document is nested more than " + std::to_string(kMaxDepth) + " deep");
    }
    if (parsed.IsError()) {
        std::string reason = rapidjson::GetParseError_En(parsed.Code());
        if (!reason.empty() && reason.back() == '.') reason.pop_back();
        return parse_error(origin, "credentials document is not valid JSON (" + reason + " at offset " +
                                       std::to_string(parsed.Offset()) + ")");
    }
    // A NUL byte ends the in-situ stream early; what follows it is not JSON either.
    if (read.consumed != body.size()) {
        return parse_error(origin, "credentials document is not valid JSON (a NUL byte at offset " +
                                       std::to_string(read.consumed) + ")");
    }
    if (!members.root_is_object()) return parse_error(origin, "credentials document is not a JSON object");

    if (const FieldValue& code = members.field(kCode); code.present) {
        if (!code.text) return parse_error(origin, "Code is not a string");
        if (*code.text != "Success") {
            return make_error(
                ErrorKind::Credentials,
                std::string(origin) + ": answered " +
                    (looks_like_error_code(*code.text, members) ? "Code '" + *code.text + "'" : std::string("a Code")) +
                    " instead of 'Success'");
        }
    }
    const std::string* key_id = string_field(members, kAccessKeyId);
    const std::string* secret = string_field(members, kSecretAccessKey);
    const std::string* token = string_field(members, kToken);
    const std::string* expiration = string_field(members, kExpiration);
    if (key_id == nullptr) return parse_error(origin, "no AccessKeyId string in the credentials document");
    if (secret == nullptr) return parse_error(origin, "no SecretAccessKey string in the credentials document");
    if (token == nullptr) return parse_error(origin, "no Token string in the credentials document");
    if (expiration == nullptr) return parse_error(origin, "no Expiration string in the credentials document");
    const auto expires = time_text::parse_iso8601_utc(*expiration);
    if (!expires) return parse_error(origin, "Expiration is not a UTC time like 2015-08-30T18:36:00Z");

    Credentials credentials;
    credentials.access_key_id = *key_id;
    credentials.secret_access_key = *secret;
    credentials.session_token = *token;
    credentials.expiration = *expires;
    credentials.source = std::string(origin);
    return credentials;
}

bool is_valid_role_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxRoleNameBytes) return false;
    for (const char c : name) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && std::string_view("+=,.@_-").find(c) == std::string_view::npos) return false;
    }
    return true;
}

}  // namespace awsrest
