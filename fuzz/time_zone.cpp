// Fuzzes the TZif reader and the POSIX TZ rules of its footer (timezone/time_zone.hpp): any
// bytes give a zone or an error, and a zone's offsets stay within a day at every instant.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "timezone/time_zone.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto offset_ok = [](int offset) { return offset > -90000 && offset < 93600 + 3600 * 24; };
    if (const auto rule = niamd::timezone::parse_posix_rule(input.substr(0, 128))) {
        for (const std::int64_t t :
             {std::int64_t{0}, std::int64_t{1796601600}, std::int64_t{-2208988800}, std::int64_t{4102444800}}) {
            if (!offset_ok(rule->offset_at(t))) __builtin_trap();
        }
    }
    auto zone = niamd::timezone::TimeZone::parse(input, "fuzz");
    if (const auto* parsed = std::get_if<std::shared_ptr<const niamd::timezone::TimeZone>>(&zone)) {
        for (std::int64_t t = -4102444800; t < 8204889600; t += 86400 * 97) {
            if (!offset_ok((*parsed)->offset_at(t))) __builtin_trap();
        }
    } else if (std::get<std::string>(zone).empty()) {
        __builtin_trap();
    }
    return 0;
}
