#include "sts/sts_response.hpp"

#include <pugixml.hpp>
#include <string>

namespace awsrest::sts {

namespace {

constexpr std::string_view kOperation = "STS.GetCallerIdentity";

Error parse_error(const std::string& what) {
    return make_error(ErrorKind::Parse, std::string(kOperation) + ": " + what);
}

// Remote text as it may appear in a message: one line, bounded.
std::string shown(std::string_view text) {
    constexpr std::size_t kMaxShownBytes = 80;
    std::string out;
    for (const char c : text.substr(0, kMaxShownBytes)) {
        const auto byte = static_cast<unsigned char>(c);
        out += (byte < 0x20 || byte == 0x7f) ? '?' : c;
    }
    if (text.size() > kMaxShownBytes) out += "...";
    return out;
}

Result<std::string> required_field(const pugi::xml_node& result, const char* name) {
    std::string text = result.child(name).text().get();
    if (text.empty()) return parse_error("the answer has no <" + std::string(name) + ">");
    if (text.size() > kMaxStsFieldBytes) {
        return parse_error("<" + std::string(name) + "> is longer than " + std::to_string(kMaxStsFieldBytes) +
                           " bytes");
    }
    return text;
}

}  // namespace

Result<CallerIdentity> parse_get_caller_identity_response(std::string_view body) {
    pugi::xml_document document;
    const auto loaded = document.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!loaded) {
        return parse_error(std::string("response is not valid XML: ") + loaded.description() + " at offset " +
                           std::to_string(loaded.offset));
    }
    const pugi::xml_node root = document.document_element();
    if (std::string_view(root.name()) != "GetCallerIdentityResponse") {
        return parse_error("expected <GetCallerIdentityResponse>, got <" + shown(root.name()) + ">");
    }
    const pugi::xml_node result = root.child("GetCallerIdentityResult");
    if (!result) return parse_error("the answer has no <GetCallerIdentityResult>");

    auto account = required_field(result, "Account");
    if (!account) return std::move(account).error();
    auto arn = required_field(result, "Arn");
    if (!arn) return std::move(arn).error();
    auto user_id = required_field(result, "UserId");
    if (!user_id) return std::move(user_id).error();
    return CallerIdentity{std::move(*account), std::move(*arn), std::move(*user_id)};
}

}  // namespace awsrest::sts
