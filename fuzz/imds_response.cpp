// Fuzzes the IMDS answer readers: the instance identity document and the instance-id check.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "imds/imds_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto identity = awsrest::imds::parse_identity_document(body);
    if (identity.ok()) {
        if (identity->instance_id.empty()) __builtin_trap();  // the parser promises an id
    } else if (identity.error().kind != awsrest::ErrorKind::Parse) {
        __builtin_trap();
    }
    (void)awsrest::imds::looks_like_instance_id(body);
    return 0;
}
