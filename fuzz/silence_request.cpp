// Fuzzes what a POST /api/silences brings from outside: its JSON body (web/silence_json.hpp),
// the silence made of it and checked (master/silences.hpp), and the CSRF guard over its
// headers (web/csrf_guard.hpp). The input's first line goes to the guard's fields (split at
// '|'), the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "master/silences.hpp"
#include "web/csrf_guard.hpp"
#include "web/silence_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string_view head = input.substr(0, newline);
    const std::string_view body = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

    std::string_view fields[6];
    std::string_view rest = head;
    for (auto& field : fields) {
        const std::size_t bar = rest.find('|');
        field = rest.substr(0, bar);
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    }
    const niamd::web::StateChange change{fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]};
    const auto verdict = niamd::web::check_state_change(change);
    if (verdict == niamd::web::CsrfVerdict::Allowed) {
        // Allowed needs the cookie and the header to be there and equal.
        const auto cookie = niamd::web::cookie_value(change.cookie, niamd::web::kCsrfCookie);
        if (!cookie || cookie->empty() || change.token.empty()) __builtin_trap();
    }
    (void)niamd::web::describe(verdict);

    const auto request = niamd::web::parse_silence_request(body);
    if (!request) {
        if (request.error().message.empty()) __builtin_trap();
        return 0;
    }
    if (request->host.empty() || request->ends.has_value() == request->duration_seconds.has_value()) __builtin_trap();
    constexpr std::int64_t kNow = 1796601600;
    niamd::master::SilenceBook book;
    const auto added = book.add(niamd::web::silence_of(*request, "fuzz", kNow), kNow);
    if (const auto* silence = std::get_if<niamd::store::SilenceRow>(&added)) {
        if (silence->ends <= kNow || silence->id != 1 || book.list(kNow).size() != 1) __builtin_trap();
        (void)niamd::web::silence_json(*silence, kNow);
    }
    return 0;
}
