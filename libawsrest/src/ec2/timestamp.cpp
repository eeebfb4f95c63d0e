#include "ec2/timestamp.hpp"

#include "credentials/iso8601.hpp"

namespace awsrest::ec2 {

std::optional<TimePoint> parse_timestamp(std::string_view text) {
    constexpr int kFirstYear = 1970;
    constexpr int kLastYear = 2200;
    if (text.size() < 4) return std::nullopt;
    int year = 0;
    for (const char c : text.substr(0, 4)) {
        if (c < '0' || c > '9') return std::nullopt;
        year = year * 10 + (c - '0');
    }
    if (year < kFirstYear || year > kLastYear) return std::nullopt;
    return parse_iso8601_utc(text);
}

}  // namespace awsrest::ec2
