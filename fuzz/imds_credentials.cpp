// Fuzzes the reader of the EC2 instance-profile credentials document (IMDS JSON).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "credentials/imds_document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto credentials = awsrest::parse_imds_credentials(body, "IMDS role 'fuzz'");
    if (credentials.ok()) {
        // The parser promises complete, expiring credentials.
        if (credentials->access_key_id.empty() || credentials->secret_access_key.empty() ||
            credentials->session_token.empty() || !credentials->expiration) {
            __builtin_trap();
        }
    } else {
        const auto kind = credentials.error().kind;
        if (kind != awsrest::ErrorKind::Parse && kind != awsrest::ErrorKind::Credentials) __builtin_trap();
        if (credentials.error().message.rfind("IMDS role 'fuzz': ", 0) != 0) __builtin_trap();
    }
    (void)awsrest::is_valid_role_name(body);
    return 0;
}
