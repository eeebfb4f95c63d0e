// Fuzzes the reader of an INSTANCE_ID command's output (niamd/src/client/instance_naming.cpp):
// an id comes out only bounded and made of letters, digits, '.', '_' and '-'.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "client/instance_naming.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string number = niamd::client::instance_number_of(text);
    if (number.size() > niamd::client::kMaxInstanceNumberBytes) __builtin_trap();
    for (const char c : number) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (!ok) __builtin_trap();
    }
    if (!number.empty() && text.find(number) == std::string_view::npos) __builtin_trap();
    return 0;
}
