#include "sqs/form_body.hpp"

namespace awsrest::sqs {

namespace {

bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

}  // namespace

void append_form_encoded(std::string& out, std::string_view text) {
    static constexpr char kHexDigits[] = "0123456789ABCDEF";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_unreserved(byte)) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHexDigits[byte >> 4]);
            out.push_back(kHexDigits[byte & 0x0f]);
        }
    }
}

FormBody& FormBody::add(std::string_view name, std::string_view value) {
    if (!text_.empty()) text_.push_back('&');
    append_form_encoded(text_, name);
    text_.push_back('=');
    append_form_encoded(text_, value);
    return *this;
}

FormBody& FormBody::add(std::string_view name, long long value) { return add(name, std::to_string(value)); }

}  // namespace awsrest::sqs
