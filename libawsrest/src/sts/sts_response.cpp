#include "sts/sts_response.hpp"

#include <string>

#include "core/xml_answer.hpp"

namespace awsrest::sts {

namespace {

constexpr std::string_view kOperation = "STS.GetCallerIdentity";

Result<std::string> required_field(const pugi::xml_node& result, const char* name) {
    return xml_answer::field_text(result, kOperation, name, true, kMaxStsFieldBytes);
}

}  // namespace

Result<CallerIdentity> parse_get_caller_identity_response(std::string_view body) {
    pugi::xml_document document;
    const auto answer = xml_answer::query_result(document, body, kOperation, "GetCallerIdentity");
    if (!answer) return answer.error();
    const pugi::xml_node& result = *answer;

    auto account = required_field(result, "Account");
    if (!account) return std::move(account).error();
    auto arn = required_field(result, "Arn");
    if (!arn) return std::move(arn).error();
    auto user_id = required_field(result, "UserId");
    if (!user_id) return std::move(user_id).error();
    return CallerIdentity{std::move(*account), std::move(*arn), std::move(*user_id)};
}

}  // namespace awsrest::sts
