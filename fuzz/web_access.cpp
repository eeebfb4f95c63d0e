// Fuzzes what a web request (and the operator's basic-auth file) brings to the access
// check: Authorization and Cookie headers, ?token=, ?since=, ?limit=, the --web address,
// base64. Sections of the input are separated by 0xFF bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "web/access_guard.hpp"
#include "web/base64.hpp"
#include "web/basic_auth_file.hpp"
#include "web/listen_address.hpp"
#include "web/request_params.hpp"

namespace {

constexpr std::string_view kToken = "fuzz-token-0123456789";
constexpr std::int64_t kNow = 1700000000;

const niamd::web::AccessGuard& guard() {
    static const niamd::web::AccessGuard instance = [] {
        auto created = niamd::web::AccessGuard::create(kToken, {});
        if (!created) __builtin_trap();
        return created.value();
    }();
    return instance;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> parts;
    for (std::string_view rest = input;;) {
        const std::size_t cut = rest.find('\xff');
        parts.push_back(rest.substr(0, cut));
        if (cut == std::string_view::npos) break;
        rest.remove_prefix(cut + 1);
    }
    parts.resize(4);

    // Access: granted only when the token or the basic pair was really presented.
    niamd::web::PresentedCredentials presented;
    presented.authorization = parts[0];
    presented.cookie = parts[1];
    if (!parts[2].empty()) presented.token = parts[2];
    if (guard().allows(presented)) {
        if (!contains(parts[0], kToken) && !contains(parts[1], kToken) && parts[2] != kToken) __builtin_trap();
    }
    if (niamd::web::cookie_value(parts[1], "niam_token").has_value() && !contains(parts[1], "niam_token")) {
        __builtin_trap();
    }

    // base64: decoding is canonical, so it round-trips.
    if (const auto decoded = niamd::web::decode_base64(parts[0])) {
        if (niamd::web::encode_base64(*decoded) != parts[0]) __builtin_trap();
    }
    if (niamd::web::decode_base64(niamd::web::encode_base64(parts[1].substr(0, 3000))) != parts[1].substr(0, 3000)) {
        __builtin_trap();
    }

    // Query parameters.
    if (const auto since = niamd::web::parse_since(std::string(parts[3]), kNow, 3600)) {
        if (*since > kNow || *since < kNow - niamd::web::kMaxLookbackSeconds) __builtin_trap();
    }
    if (const auto limit = niamd::web::parse_limit(std::string(parts[3]), 10, 1000)) {
        if (*limit < 1 || *limit > 1000) __builtin_trap();
    }
    if (const auto listen = niamd::web::parse_listen_address(parts[3])) {
        if (listen->port < 0 || listen->port > 65535 || listen->address.empty()) __builtin_trap();
    }

    // The basic-auth file: every user named, no two alike, within bounds.
    if (const auto users = niamd::web::parse_basic_auth_file(input, "fuzz")) {
        if (users->empty() || users->size() > niamd::web::kMaxBasicAuthUsers) __builtin_trap();
        for (std::size_t i = 0; i < users->size(); ++i) {
            if ((*users)[i].name.empty() || contains((*users)[i].name, ":")) __builtin_trap();
            for (std::size_t k = 0; k < i; ++k) {
                if ((*users)[k].name == (*users)[i].name) __builtin_trap();
            }
        }
    }
    return 0;
}
