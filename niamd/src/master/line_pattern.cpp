#include "master/line_pattern.hpp"

namespace niamd::master {
namespace {

bool is_literal(const std::string& regex) { return regex.find_first_of("\\^$.[]|()*+?{}") == std::string::npos; }

}  // namespace

std::variant<LinePattern, std::string> LinePattern::compile(const std::string& regex, bool ignore_case) {
    LinePattern pattern;
    if (!ignore_case && is_literal(regex)) {
        pattern.literal_ = regex;
        return pattern;
    }
    auto compiled = std::make_unique<regex_t>();
    const int code = regcomp(compiled.get(), regex.c_str(), REG_EXTENDED | REG_NOSUB | (ignore_case ? REG_ICASE : 0));
    if (code != 0) {
        char message[128];
        regerror(code, compiled.get(), message, sizeof message);
        return std::string(message);  // not compiled: nothing to free
    }
    pattern.compiled_ = std::shared_ptr<regex_t>(compiled.release(), [](regex_t* r) {
        regfree(r);
        delete r;
    });
    return pattern;
}

bool LinePattern::matches(std::string_view line) const {
    if (line.size() > kMaxMatchedBytes) line = line.substr(0, kMaxMatchedBytes);
    if (compiled_ == nullptr) return line.find(literal_) != std::string_view::npos;
    regmatch_t range[1];
    range[0].rm_so = 0;
    range[0].rm_eo = static_cast<regoff_t>(line.size());
    // REG_STARTEND reads the bounds from range; data() is never read past them.
    const char* text = line.empty() ? "" : line.data();
    return regexec(compiled_.get(), text, 1, range, REG_STARTEND) == 0;
}

}  // namespace niamd::master
