// Reading the XML answers of AWS calls (Query protocol, EC2, S3): loading the document,
// checking its root, finding <ActionResult>, and the Parse error that names the call.
// Private; the only place besides the readers themselves that sees pugixml.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "awsrest/result.hpp"

namespace awsrest::xml_answer {

// How much of a wrong root element's name an error quotes.
inline constexpr std::size_t kMaxShownNameBytes = 80;

// A Parse error naming the call: "SNS.Publish: <what>".
Error parse_error(std::string_view operation, std::string_view what);

// Loads `body` (UTF-8) into `document`, which the caller owns and keeps, and checks that
// the root element is <root_name>; returns the root.
Result<pugi::xml_node> load_root(pugi::xml_document& document, std::string_view body, std::string_view operation,
                                 std::string_view root_name, unsigned parse_flags = pugi::parse_default);

// The <{action}Result> element of a Query protocol answer <{action}Response>.
Result<pugi::xml_node> query_result(pugi::xml_document& document, std::string_view body, std::string_view operation,
                                    std::string_view action);

// The text of the child element `name`; a required one must be there and not empty, and
// none may be longer than max_bytes.
Result<std::string> field_text(const pugi::xml_node& parent, std::string_view operation, const char* name,
                               bool required, std::size_t max_bytes);

}  // namespace awsrest::xml_answer
