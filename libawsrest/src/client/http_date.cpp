#include "client/http_date.hpp"

#include <array>
#include <chrono>

namespace awsrest::client {

namespace {

class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {}

    void skip_spaces() {
        while (!text_.empty() && text_.front() == ' ') text_.remove_prefix(1);
    }
    bool literal(char c) {
        if (text_.empty() || text_.front() != c) return false;
        text_.remove_prefix(1);
        return true;
    }
    // Between min_digits and max_digits decimal digits.
    std::optional<int> number(std::size_t min_digits, std::size_t max_digits) {
        int value = 0;
        std::size_t count = 0;
        while (count < max_digits && count < text_.size() && text_[count] >= '0' && text_[count] <= '9') {
            value = value * 10 + (text_[count] - '0');
            ++count;
        }
        if (count < min_digits) return std::nullopt;
        text_.remove_prefix(count);
        return value;
    }
    std::string_view word() {
        std::size_t count = 0;
        while (count < text_.size() && ((text_[count] >= 'A' && text_[count] <= 'Z') ||
                                        (text_[count] >= 'a' && text_[count] <= 'z'))) {
            ++count;
        }
        const auto out = text_.substr(0, count);
        text_.remove_prefix(count);
        return out;
    }
    bool done() const { return text_.empty(); }

private:
    std::string_view text_;
};

std::optional<unsigned> month_number(std::string_view name) {
    constexpr std::array<std::string_view, 12> names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (unsigned i = 0; i < names.size(); ++i) {
        if (names[i] == name) return i + 1;
    }
    return std::nullopt;
}

}  // namespace

std::optional<TimePoint> parse_http_date(std::string_view text) {
    Cursor in(text);
    in.skip_spaces();
    {
        Cursor peek = in;
        if (!peek.word().empty() && peek.literal(',')) in = peek;  // "Sun,"
    }
    in.skip_spaces();
    const auto day = in.number(1, 2);
    in.skip_spaces();
    const auto month = month_number(in.word());
    in.skip_spaces();
    const auto year = in.number(4, 4);
    in.skip_spaces();
    const auto hour = in.number(2, 2);
    if (!day || !month || !year || !hour || !in.literal(':')) return std::nullopt;
    const auto minute = in.number(2, 2);
    if (!minute || !in.literal(':')) return std::nullopt;
    const auto second = in.number(2, 2);
    in.skip_spaces();
    const auto zone = in.word();
    in.skip_spaces();
    if (!second || (zone != "GMT" && zone != "UTC") || !in.done()) return std::nullopt;
    if (*hour > 23 || *minute > 59 || *second > 60) return std::nullopt;

    const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{*month},
                                           std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) return std::nullopt;
    return TimePoint{std::chrono::sys_days{date}} + std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
           std::chrono::seconds{*second};
}

}  // namespace awsrest::client
