// JsonFields: reads the members of one JSON answer of an AWS call (SQS, CloudWatch Logs),
// keeping the first problem found, and turns it into the Parse error that names the call:
// "SQS.ReceiveMessage: Messages[2].Body is not a string". `where` prefixes member names in
// messages: "" at the top, "Messages[2]." inside an array (element()). A member that is
// absent or JSON null counts as absent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "awsrest/result.hpp"
#include "core/json_tree.hpp"

namespace awsrest::json {

enum class Need { Optional, Required };

class JsonFields {
  public:
    // operation: "SQS.ReceiveMessage"; service: the sender named in bound errors ("SQS");
    // max_bytes: the largest answer parsed.
    JsonFields(std::string operation, std::string service, std::size_t max_bytes);

    bool failed() const noexcept { return problem_.has_value(); }
    Error error() const;
    void fail(std::string detail);  // keeps the first

    // Parses `body`: within max_bytes, valid JSON within the tree bounds, an object.
    bool load(JsonNode& root, std::string_view body);

    std::string string(const JsonNode& object, std::string_view name, std::string_view where, Need need);
    // An integer written without fraction or exponent.
    std::optional<std::int64_t> integer(const JsonNode& object, std::string_view name, std::string_view where,
                                        Need need);
    // A boolean, or the strings "true"/"false" some servers send instead; false when absent.
    bool boolean(const JsonNode& object, std::string_view name, std::string_view where);
    // An array of at most max_size elements; nullptr when absent or on error.
    const JsonNode* array(const JsonNode& object, std::string_view name, std::string_view where, std::size_t max_size);
    // An object of at most max_members members; nullptr when absent or on error.
    const JsonNode* object(const JsonNode& object, std::string_view name, std::string_view where,
                           std::size_t max_members);
    // The object at index i of an array, or nullptr after failing.
    const JsonNode* entry(const JsonNode& array, std::string_view name, std::size_t index);

    // "<name>[<index>]."
    static std::string element(std::string_view name, std::size_t index);

  private:
    const JsonNode* present(const JsonNode& object, std::string_view name, std::string_view where, Need need);

    std::string operation_;
    std::string service_;
    std::size_t max_bytes_;
    std::optional<std::string> problem_;
};

}  // namespace awsrest::json
