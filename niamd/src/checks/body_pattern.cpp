#include "checks/body_pattern.hpp"

#include <regex.h>

#include <array>

namespace niamd::checks {

struct BodyPattern::Compiled {
    regex_t regex{};
};

void BodyPattern::Free::operator()(Compiled* compiled) const noexcept {
    regfree(&compiled->regex);
    delete compiled;
}

std::optional<BodyPattern> BodyPattern::compile(std::string_view text, std::string* error) {
    auto fail = [&](std::string message) -> std::optional<BodyPattern> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };
    if (text.empty()) return fail("empty");
    if (text.size() > kMaxBodyPatternBytes) return fail("longer than 1024 bytes");
    if (text.find('\0') != std::string_view::npos) return fail("holds a NUL byte");
    std::string owned(text);
    auto* compiled = new Compiled;
    const int code = regcomp(&compiled->regex, owned.c_str(), REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
    if (code != 0) {
        std::array<char, 128> message{};
        regerror(code, &compiled->regex, message.data(), message.size());
        delete compiled;  // regcomp frees what it allocated when it fails
        return fail(message.data());
    }
    return BodyPattern(std::move(owned), std::shared_ptr<Compiled>(compiled, Free{}));
}

bool BodyPattern::found_in(std::string_view body) const {
    // REG_STARTEND: the match reads body[0, size) only, NUL bytes included.
    regmatch_t range[1];
    range[0].rm_so = 0;
    range[0].rm_eo = static_cast<regoff_t>(body.size());
    const char* data = body.empty() ? "" : body.data();
    return regexec(&compiled_->regex, data, 1, range, REG_STARTEND) == 0;
}

}  // namespace niamd::checks
