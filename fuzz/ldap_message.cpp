// Fuzzes the BER reader of LDAP answers: the input is a stream of bytes as a server would
// send them; messages are framed and parsed in turn, as the ldap check does.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "checks/ldap_ber.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd::checks;
    std::string_view stream(reinterpret_cast<const char*>(data), size);
    for (int i = 0; i < 100 && !stream.empty(); ++i) {
        std::string error;
        const long length = ldap_message_size(stream, error);
        if (length < 0 && error.empty()) __builtin_trap();  // a refusal always says why
        if (length <= 0) return 0;
        if (static_cast<std::size_t>(length) > stream.size() ||
            static_cast<std::size_t>(length) > kMaxLdapMessageBytes + 6) {
            __builtin_trap();
        }
        LdapMessage message;
        if (!parse_ldap_message(stream.substr(0, static_cast<std::size_t>(length)), message, error) && error.empty()) {
            __builtin_trap();
        }
        if (message.attributes.size() > kMaxLdapAttributes) __builtin_trap();
        stream.remove_prefix(static_cast<std::size_t>(length));
    }
    return 0;
}
