#include "core/query_form.hpp"

#include "signer/canonical.hpp"

namespace awsrest {

QueryForm& QueryForm::add(std::string_view name, std::string_view value) {
    if (!text_.empty()) text_.push_back('&');
    signer_detail::append_uri_encoded(text_, name, false);
    text_.push_back('=');
    signer_detail::append_uri_encoded(text_, value, false);
    return *this;
}

QueryForm& QueryForm::add(std::string_view name, long long value) { return add(name, std::to_string(value)); }

}  // namespace awsrest
