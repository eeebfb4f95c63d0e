#include "sns/query_form.hpp"

namespace awsrest::sns {

std::string form_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0f];
        }
    }
    return out;
}

QueryForm::QueryForm(std::string_view action, std::string_view version)
    : fields_("Action=" + form_encode(action)), version_(version) {}

void QueryForm::add(std::string_view name, std::string_view value) {
    fields_ += '&';
    fields_ += form_encode(name);
    fields_ += '=';
    fields_ += form_encode(value);
}

std::string QueryForm::body() const { return fields_ + "&Version=" + form_encode(version_); }

}  // namespace awsrest::sns
