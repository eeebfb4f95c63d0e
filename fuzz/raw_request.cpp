// parse_raw_request on arbitrary bytes: never crashes, errors name the source, and what
// it reads writes back (format_raw_request) into text that reads as the same request.
#include <awsrest/request.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void require(bool condition) {
    if (!condition) __builtin_trap();
}

bool same(const awsrest::Request& a, const awsrest::Request& b) {
    return a.method == b.method && a.path == b.path && a.query == b.query && a.headers == b.headers && a.body == b.body;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = awsrest::parse_raw_request(text, "fuzz-input");
    if (!parsed) {
        require(parsed.error().kind == awsrest::ErrorKind::Parse);
        require(parsed.error().message.rfind("fuzz-input", 0) == 0);
        return 0;
    }
    require(!parsed->method.empty() && !parsed->path.empty() && parsed->path.front() == '/');
    const std::string formatted = awsrest::format_raw_request(*parsed);
    if (formatted.size() > awsrest::kMaxRawRequestBytes) return 0;  // the version and blank line it adds
    auto again = awsrest::parse_raw_request(formatted, "formatted");
    require(again.ok());
    require(same(*parsed, *again));
    require(awsrest::format_raw_request(*again) == formatted);
    return 0;
}
