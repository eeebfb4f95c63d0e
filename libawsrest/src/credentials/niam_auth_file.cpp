#include "credentials/niam_auth_file.hpp"

namespace awsrest {

namespace {

std::string_view trim(std::string_view text) {
    constexpr std::string_view blanks = " \t\r";
    const std::size_t first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

}  // namespace

Result<std::optional<NiamAuthEntry>> find_niam_auth_entry(std::string_view text, std::string_view user,
                                                          std::string_view source) {
    std::optional<NiamAuthEntry> match;
    std::size_t line_number = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = trim(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        ++line_number;
        if (line.empty() || line.front() == '#') continue;

        const std::size_t first = line.find(':');
        const std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
        if (second == std::string_view::npos) {
            return make_error(ErrorKind::Parse, std::string(source) + " line " + std::to_string(line_number) +
                                                    ": expected aws-user:aws-id:aws-key");
        }
        NiamAuthEntry entry{std::string(trim(line.substr(0, first))),
                            std::string(trim(line.substr(first + 1, second - first - 1))),
                            std::string(trim(line.substr(second + 1)))};
        if (entry.user.empty() || entry.access_key_id.empty() || entry.secret_access_key.empty()) {
            return make_error(ErrorKind::Parse, std::string(source) + " line " + std::to_string(line_number) +
                                                    ": aws-user, aws-id and aws-key must all be non-empty");
        }
        if (!match && entry.user == user) match = std::move(entry);
    }
    return match;
}

}  // namespace awsrest
