// The signature check on arbitrary queue message bodies, with and without a key, then the
// properties: the payload is a prefix of the body; signing the payload (with the send
// time found, if any) with the key gives a body that checks Valid with the same payload
// and send time (a payload that itself ends in a "#sent=" line gives that line back as
// the send time); a Valid body is exactly what signing its payload gives (but for a
// tolerated trailing newline).
// Seeds: fuzz/corpus/message_signature/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/message_signature.hpp"

namespace {

void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "message_signature property broken: %s\n", what);
        std::abort();
    }
}

constexpr std::string_view kKey = "fuzz-key";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd::protocol;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    for (const std::string_view key : {kKey, std::string_view{}}) {
        const SignatureCheck check = check_message_signature(body, key);
        require(check.payload.data() == body.data() && check.payload.size() <= body.size(),
                "the payload is not a prefix of the body");
        if (!key.empty()) require(check.status != SignatureStatus::Unchecked, "Unchecked with a key");
        if (key.empty()) require(check.status != SignatureStatus::Valid, "Valid without a key");
        if (check.sent_at) {
            require(check.status == SignatureStatus::Valid || check.status == SignatureStatus::Unchecked,
                    "a send time from a body not Valid or Unchecked");
        }
        const std::string payload(check.payload);
        const std::string signed_body =
            check.sent_at ? sign_message(payload, kKey, *check.sent_at) : sign_message(payload, kKey);
        const SignatureCheck again = check_message_signature(signed_body, kKey);
        require(again.status == SignatureStatus::Valid, "a signed payload does not check Valid");
        if (check.sent_at) {
            require(again.payload == payload && again.sent_at == check.sent_at,
                    "a signed payload comes back different");
        } else if (again.sent_at) {
            require(std::string(again.payload) + "\n#sent=" + std::to_string(*again.sent_at) == payload,
                    "a payload ending in a send-time line comes back different");
        } else {
            require(again.payload == payload, "a signed payload comes back different");
        }
        if (check.status == SignatureStatus::Valid) {
            std::string_view trimmed = body;
            if (!trimmed.empty() && trimmed.back() == '\n') trimmed.remove_suffix(1);
            if (!trimmed.empty() && trimmed.back() == '\r') trimmed.remove_suffix(1);
            // A signature line alone (no '\n' before it) signs the empty payload too.
            const bool same = trimmed == signed_body || (payload.empty() && "\n" + std::string(trimmed) == signed_body);
            require(same, "a Valid body is not its payload signed");
        }
    }
    return 0;
}
