#include "credentials/profile_file.hpp"

#include <optional>

namespace awsrest {

namespace {

bool is_blank_char(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank_char(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank_char(text.back())) text.remove_suffix(1);
    return text;
}

bool is_identifier(std::string_view name) {
    if (name.empty()) return false;
    for (const char c : name) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && std::string_view("_-/.%@:+").find(c) == std::string_view::npos) return false;
    }
    return true;
}

// Cuts a trailing comment. With `needs_blank`, '#' and ';' start a comment only after a
// space or tab.
std::string_view strip_comment(std::string_view text, bool needs_blank) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '#' && text[i] != ';') continue;
        if (!needs_blank || (i > 0 && is_blank_char(text[i - 1]))) return trim(text.substr(0, i));
    }
    return text;
}

class Parser {
  public:
    Parser(ProfileFileKind kind, std::string_view source) : kind_(kind), source_(source) {}

    Result<ProfileSet> parse(std::string_view text) {
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
        std::size_t line_number = 0;
        while (!text.empty()) {
            const std::size_t end = text.find('\n');
            std::string_view line = text.substr(0, end);
            text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            ++line_number;
            if (auto error = read_line(line, line_number)) return std::move(*error);
        }
        return finish();
    }

  private:
    std::optional<Error> read_line(std::string_view line, std::size_t number) {
        const std::string_view trimmed = trim(line);
        if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == ';') return std::nullopt;
        if (line.front() == '[') return read_section(trimmed, number);
        if (is_blank_char(line.front())) return read_continuation(trimmed, number);
        return read_setting(trimmed, number);
    }

    std::optional<Error> read_section(std::string_view line, std::size_t number) {
        line = strip_comment(line, false);
        if (line.size() < 2 || line.back() != ']') return error(number, "a section header must end with ']'");
        const std::string_view name = trim(line.substr(1, line.size() - 2));
        in_section_ = true;
        have_setting_ = false;
        profile_ = section_profile(name);
        return std::nullopt;
    }

    // The profile a section header names, or nullptr for a section that is skipped.
    Profile* section_profile(std::string_view name) {
        if (kind_ == ProfileFileKind::Credentials) return is_identifier(name) ? &profiles_[std::string(name)] : nullptr;
        if (name == "default") {
            saw_plain_default_ = true;
            return &plain_default_;
        }
        constexpr std::string_view prefix = "profile";
        if (name.substr(0, prefix.size()) != prefix || name.size() == prefix.size() ||
            !is_blank_char(name[prefix.size()])) {
            return nullptr;  // "[sso-session x]", "[services x]", "[profilex]", ...
        }
        const std::string_view profile_name = trim(name.substr(prefix.size()));
        if (!is_identifier(profile_name)) return nullptr;
        if (profile_name == "default") saw_prefixed_default_ = true;
        return &profiles_[std::string(profile_name)];
    }

    std::optional<Error> read_setting(std::string_view line, std::size_t number) {
        if (!in_section_) return error(number, "a setting before any [section] header");
        line = strip_comment(line, true);
        const std::size_t equals = line.find('=');
        if (equals == std::string_view::npos) return error(number, "expected 'name = value'");
        const std::string_view name = trim(line.substr(0, equals));
        if (name.empty()) return error(number, "a setting with no name before '='");

        ProfileSetting fresh;
        fresh.value = std::string(trim(line.substr(equals + 1)));
        fresh.source = source_;
        fresh.line = number;
        setting_ = &scratch_;
        if (profile_ != nullptr && is_identifier(name)) setting_ = &profile_->settings[std::string(name)];
        *setting_ = std::move(fresh);
        have_setting_ = true;
        holds_sub_settings_ = setting_->value.empty();
        return std::nullopt;
    }

    std::optional<Error> read_continuation(std::string_view line, std::size_t number) {
        if (!in_section_ || !have_setting_) {
            return error(number, "an indented line with no setting before it to continue");
        }
        if (!holds_sub_settings_) {
            setting_->value += '\n';
            setting_->value += line;
            return std::nullopt;
        }
        const std::size_t equals = line.find('=');
        if (equals == std::string_view::npos) return error(number, "expected an indented 'name = value' sub-setting");
        const std::string_view name = trim(line.substr(0, equals));
        if (name.empty()) return error(number, "a sub-setting with no name before '='");
        if (is_identifier(name)) setting_->sub_settings[std::string(name)] = std::string(trim(line.substr(equals + 1)));
        return std::nullopt;
    }

    Result<ProfileSet> finish() {
        // In the config file "[profile default]" wins over "[default]" wherever it is.
        if (saw_plain_default_ && !saw_prefixed_default_) profiles_["default"] = std::move(plain_default_);
        return std::move(profiles_);
    }

    Error error(std::size_t number, std::string_view what) const {
        return make_error(ErrorKind::Parse, source_ + " line " + std::to_string(number) + ": " + std::string(what));
    }

    ProfileFileKind kind_;
    std::string source_;
    ProfileSet profiles_;
    Profile plain_default_;  // config file "[default]"
    bool saw_plain_default_ = false;
    bool saw_prefixed_default_ = false;
    bool in_section_ = false;
    Profile* profile_ = nullptr;  // nullptr: a skipped section
    bool have_setting_ = false;
    bool holds_sub_settings_ = false;
    ProfileSetting* setting_ = nullptr;
    ProfileSetting scratch_;  // settings of skipped sections and skipped names land here
};

}  // namespace

Result<ProfileSet> parse_profile_file(std::string_view text, ProfileFileKind kind, std::string_view source) {
    return Parser(kind, source).parse(text);
}

void merge_profiles(ProfileSet& base, const ProfileSet& overriding) {
    for (const auto& [name, profile] : overriding) {
        Profile& target = base[name];
        for (const auto& [setting, value] : profile.settings) target.settings[setting] = value;
    }
}

}  // namespace awsrest
