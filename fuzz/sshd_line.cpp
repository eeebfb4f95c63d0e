// Fuzzes the reader of sshd's log lines (niamd/src/sshd/sshd_line.cpp): any line gives no
// event or one of the four login kinds with known fields, a source address, the line as raw,
// and an EVENT record that reads back the same.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "protocol/log_record.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"
#include "sshd/sshd_line.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd;
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    const auto event = sshd::login_event(line);
    if (!event) return 0;
    static const std::set<std::string> kinds = {"ssh.accepted", "ssh.failed", "ssh.invalid_user", "ssh.closed_preauth"};
    static const std::set<std::string> keys = {"user",        "method",  "source",  "port",
                                               "fingerprint", "invalid", "repeated"};
    if (kinds.count(event->kind) == 0) __builtin_trap();
    bool has_source = false;
    for (const auto& field : event->fields) {
        if (keys.count(field.key) == 0) __builtin_trap();
        if (field.key == "source") has_source = !field.value.empty();
    }
    if (!has_source) __builtin_trap();
    if (event->raw.size() > line.size() || line.substr(0, event->raw.size()) != event->raw) __builtin_trap();
    protocol::Event numbered = *event;
    numbered.id = "ssh:1";
    numbered.time = 1700000000;
    if (numbered.raw.size() > 60000) return 0;
    const auto decoded = protocol::decode_message(protocol::encode_record(protocol::event_record("i", "h", numbered)));
    if (decoded.records.size() != 1) return 0;  // a raw line with bytes the codec refuses
    const auto back = protocol::event_of(decoded.records[0]);
    if (!back || back->fields != numbered.fields || back->kind != numbered.kind) __builtin_trap();
    return 0;
}
