#include "imds/imds_response.hpp"

#include <optional>
#include <string>

#include "core/json_fields.hpp"
#include "core/time_text.hpp"

namespace awsrest::imds {

namespace {

constexpr std::string_view kSource = "IMDS instance identity document";
Error parse_error(const std::string& what) { return make_error(ErrorKind::Parse, std::string(kSource) + ": " + what); }

}  // namespace

Result<InstanceIdentity> parse_identity_document(std::string_view body) {
    json::JsonFields fields(std::string(kSource), "IMDS", kMaxIdentityDocumentBytes);
    json::JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    // Only the top-level string members the document is known to have are read.
    const auto text = [&](std::string_view name) {
        std::string value = fields.string(root, name, "", json::Need::Optional);
        if (value.size() > kMaxIdentityFieldBytes) {
            fields.fail(std::string(name) + " is longer than " + std::to_string(kMaxIdentityFieldBytes) + " bytes");
            value.clear();
        }
        return value;
    };
    InstanceIdentity identity;
    identity.account_id = text("accountId");
    identity.architecture = text("architecture");
    identity.availability_zone = text("availabilityZone");
    identity.image_id = text("imageId");
    identity.instance_id = text("instanceId");
    identity.instance_type = text("instanceType");
    identity.private_ip = text("privateIp");
    identity.region = text("region");
    identity.version = text("version");
    const std::string pending_time = text("pendingTime");
    if (fields.failed()) return fields.error();
    if (identity.instance_id.empty()) return parse_error("no \"instanceId\"");
    if (!pending_time.empty()) {
        const std::optional<TimePoint> time =
            time_text::parse_iso8601_utc(pending_time, time_text::IsoUtcForms::Rfc3339, time_text::kUnixEraYears);
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
