#include "imds/imds_response.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <array>
#include <optional>
#include <string>

#include "core/json_stream.hpp"
#include "core/time_text.hpp"

namespace awsrest::imds {

namespace {

constexpr std::string_view kSource = "IMDS instance identity document";
// Nesting deeper than this (the document itself is flat) stops the parse.
constexpr unsigned kMaxJsonDepth = 32;

Error parse_error(const std::string& what) {
    return make_error(ErrorKind::Parse, std::string(kSource) + ": " + what);
}

// Collects the top-level string members the document is known to have. A SAX handler
// over an in-situ parse: RapidJSON then needs no parse stack (whose first growth is
// undefined behaviour in RapidJSON 1.1) and recursion is bounded by kMaxJsonDepth.
class IdentityHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, IdentityHandler> {
public:
    IdentityHandler(InstanceIdentity& identity, std::string& pending_time)
        : fields_{{
              {"accountId", &identity.account_id},
              {"architecture", &identity.architecture},
              {"availabilityZone", &identity.availability_zone},
              {"imageId", &identity.image_id},
              {"instanceId", &identity.instance_id},
              {"instanceType", &identity.instance_type},
              {"pendingTime", &pending_time},
              {"privateIp", &identity.private_ip},
              {"region", &identity.region},
              {"version", &identity.version},
          }} {}

    bool Null() { return value(Kind::Null, {}); }
    bool Default() { return value(Kind::Other, {}); }  // booleans and numbers
    bool String(const char* text, rapidjson::SizeType length, bool) {
        return value(Kind::String, std::string_view(text, length));
    }
    bool Key(const char* text, rapidjson::SizeType length, bool) {
        if (depth_ == 1) key_.assign(text, length);
        return true;
    }
    bool StartObject() {
        if (depth_ == 0) root_is_object_ = true;
        return value(Kind::Other, {}) && open();
    }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool StartArray() { return value(Kind::Other, {}) && open(); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    bool root_is_object() const noexcept { return root_is_object_; }
    const std::optional<std::string>& problem() const noexcept { return problem_; }

private:
    enum class Kind { String, Null, Other };
    struct Field {
        const char* name;
        std::string* out;
    };

    bool open() {
        if (++depth_ > kMaxJsonDepth) {
            problem_ = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
            return false;
        }
        return true;
    }
    bool close() {
        --depth_;
        return true;
    }
    // A value at the current depth; only members of the top-level object are read.
    bool value(Kind kind, std::string_view text) {
        if (depth_ != 1) return true;
        for (const Field& field : fields_) {
            if (key_ != field.name) continue;
            if (kind == Kind::Null) return true;
            if (kind != Kind::String) {
                problem_ = "\"" + key_ + "\" is not a string";
                return false;
            }
            if (text.size() > kMaxIdentityFieldBytes) {
                problem_ = "\"" + key_ + "\" is longer than " + std::to_string(kMaxIdentityFieldBytes) + " bytes";
                return false;
            }
            field.out->assign(text);
            return true;
        }
        return true;
    }

    std::array<Field, 10> fields_;
    unsigned depth_ = 0;
    bool root_is_object_ = false;
    std::string key_;
    std::optional<std::string> problem_;
};

}  // namespace

Result<InstanceIdentity> parse_identity_document(std::string_view body) {
    if (body.size() > kMaxIdentityDocumentBytes) {
        return parse_error("larger than " + std::to_string(kMaxIdentityDocumentBytes) + " bytes");
    }
    if (body.find('\0') != std::string_view::npos) return parse_error("holds a NUL byte");

    InstanceIdentity identity;
    std::string pending_time;
    IdentityHandler handler(identity, pending_time);
    const rapidjson::ParseResult parsed = json_stream::parse<rapidjson::kParseNoFlags>(body, handler).result;
    if (handler.problem()) return parse_error(*handler.problem());
    if (parsed.IsError()) {
        return parse_error(std::string("not valid JSON at offset ") + std::to_string(parsed.Offset()) + ": " +
                           rapidjson::GetParseError_En(parsed.Code()));
    }
    if (!handler.root_is_object()) return parse_error("not a JSON object");
    if (identity.instance_id.empty()) return parse_error("no \"instanceId\"");
    if (!pending_time.empty()) {
        const std::optional<TimePoint> time = time_text::parse_iso8601_utc(
            pending_time, time_text::IsoUtcForms::Rfc3339, time_text::kUnixEraYears);
        if (!time) return parse_error("\"pendingTime\" is not an ISO 8601 UTC time");
        identity.pending_time = *time;
    }
    return identity;
}

bool looks_like_instance_id(std::string_view text) noexcept {
    constexpr std::size_t kMaxInstanceId = 64;
    if (text.size() < 3 || text.size() > kMaxInstanceId || text.substr(0, 2) != "i-") return false;
    for (const char c : text.substr(2)) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
    }
    return true;
}

}  // namespace awsrest::imds
