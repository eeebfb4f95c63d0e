#include "docker/log_timestamp.hpp"

namespace niamd::docker {
namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
    if (at + count > text.size()) return false;
    value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

std::optional<StampedLine> split_log_timestamp(std::string_view line) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(line, 0, 4, year) || line.size() < 20 || line[4] != '-' || !digits(line, 5, 2, month) ||
        line[7] != '-' || !digits(line, 8, 2, day) || line[10] != 'T' || !digits(line, 11, 2, hour) ||
        line[13] != ':' || !digits(line, 14, 2, minute) || line[16] != ':' || !digits(line, 17, 2, second)) {
        return std::nullopt;
    }
    if (year < 1970 || year > 2262 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
        second > 60) {
        return std::nullopt;
    }
    std::size_t at = 19;
    std::int64_t nanos = 0;
    if (at < line.size() && line[at] == '.') {
        ++at;
        std::size_t count = 0;
        while (at < line.size() && line[at] >= '0' && line[at] <= '9') {
            if (count < 9) nanos = nanos * 10 + (line[at] - '0');
            ++count;
            ++at;
        }
        if (count == 0) return std::nullopt;
        for (std::size_t i = count; i < 9; ++i) nanos *= 10;
    }
    std::int64_t offset = 0;
    if (at < line.size() && line[at] == 'Z') {
        ++at;
    } else if (at < line.size() && (line[at] == '+' || line[at] == '-')) {
        int oh = 0, om = 0;
        if (!digits(line, at + 1, 2, oh) || at + 3 >= line.size() || line[at + 3] != ':' ||
            !digits(line, at + 4, 2, om) || oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset = (oh * 3600 + om * 60) * (line[at] == '+' ? 1 : -1);
        at += 6;
    } else {
        return std::nullopt;
    }
    if (at >= line.size() || line[at] != ' ') return std::nullopt;
    const std::int64_t seconds =
        days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
    if (seconds < 0 || seconds > 9'223'372'035LL) return std::nullopt;
    StampedLine stamped;
    stamped.time_nano = seconds * 1'000'000'000 + nanos;
    stamped.text = line.substr(at + 1);
    return stamped;
}

std::string engine_time(std::int64_t time_nano) {
    if (time_nano < 0) time_nano = 0;
    std::string fraction = std::to_string(time_nano % 1'000'000'000);
    fraction.insert(0, 9 - fraction.size(), '0');
    return std::to_string(time_nano / 1'000'000'000) + "." + fraction;
}

}  // namespace niamd::docker
