// Fuzzes the STS GetCallerIdentity answer reader.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sts/sts_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)awsrest::sts::parse_get_caller_identity_response(text);
    return 0;
}
