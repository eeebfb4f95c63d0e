#include "core/xml_answer.hpp"

#include "core/excerpt.hpp"

namespace awsrest::xml_answer {

Error parse_error(std::string_view operation, std::string_view what) {
    return make_error(ErrorKind::Parse, std::string(operation) + ": " + std::string(what));
}

Result<pugi::xml_node> load_root(pugi::xml_document& document, std::string_view body, std::string_view operation,
                                 std::string_view root_name, unsigned parse_flags) {
    const pugi::xml_parse_result loaded =
        document.load_buffer(body.data(), body.size(), parse_flags, pugi::encoding_utf8);
    if (!loaded) {
        return parse_error(operation, std::string("response is not valid XML: ") + loaded.description() +
                                          " at offset " + std::to_string(loaded.offset));
    }
    const pugi::xml_node root = document.document_element();
    if (std::string_view(root.name()) != root_name) {
        return parse_error(operation, "expected <" + std::string(root_name) + ">, got <" +
                                          excerpt::shown(root.name(), kMaxShownNameBytes) + ">");
    }
    return root;
}

Result<pugi::xml_node> query_result(pugi::xml_document& document, std::string_view body, std::string_view operation,
                                    std::string_view action) {
    auto root = load_root(document, body, operation, std::string(action) + "Response");
    if (!root) return std::move(root).error();
    const std::string name = std::string(action) + "Result";
    const pugi::xml_node result = root->child(name.c_str());
    if (!result) return parse_error(operation, "the answer has no <" + name + ">");
    return result;
}

Result<std::string> field_text(const pugi::xml_node& parent, std::string_view operation, const char* name,
                               bool required, std::size_t max_bytes) {
    std::string text = parent.child(name).text().get();
    // Built by appending: g++ 12 -O3 misreads `"<" + std::string(name) + ...` (-Wrestrict, GCC PR105651).
    std::string tag = "<";
    tag += name;
    tag += '>';
    if (required && text.empty()) return parse_error(operation, "the answer has no " + tag);
    if (text.size() > max_bytes) {
        tag += " is longer than ";
        tag += std::to_string(max_bytes);
        tag += " bytes";
        return parse_error(operation, tag);
    }
    return text;
}

}  // namespace awsrest::xml_answer
