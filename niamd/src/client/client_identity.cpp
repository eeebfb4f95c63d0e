#include "client/client_identity.hpp"

#include "protocol/limits.hpp"

namespace niamd::client {
namespace {

// The decoder's bounds on INSTANCE and HOSTNAME (docs/protocol.md); control bytes would
// pass it, quoted, but no host is named with them and they garble every log line.
std::string field_problem(const std::string& name, const std::string& value) {
    if (value.empty()) return name + " is empty";
    if (value.size() > protocol::kMaxFieldBytes) {
        return name + " is " + std::to_string(value.size()) + " bytes, more than the " +
               std::to_string(protocol::kMaxFieldBytes) + " the protocol allows";
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto byte = static_cast<unsigned char>(value[i]);
        if (byte < 0x20 || byte == 0x7f) {
            return name + " holds a control character (byte " + std::to_string(i + 1) + ")";
        }
    }
    return {};
}

}  // namespace

std::string identity_problem(const ClientIdentity& identity) {
    if (auto problem = field_problem("instance id", identity.instance); !problem.empty()) return problem;
    return field_problem("hostname", identity.hostname);
}

}  // namespace niamd::client
