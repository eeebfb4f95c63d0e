// Fuzzes the monitoring-info reader and the service definitions (a /etc/monitoring-info/*.conf
// file written by a package or an operator).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/service_record.hpp"
#include "services/monitoring_info.hpp"
#include "services/service_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd::services;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    ServiceCatalog catalog;
    add_file_services(text, "fuzz.conf", catalog);
    if (catalog.services.size() > kMaxIniSections) __builtin_trap();
    for (const auto& def : catalog.services) {
        if (def.name.empty() || def.source != "fuzz.conf") __builtin_trap();
        if (def.port < 0 || def.port > 65535) __builtin_trap();
        if (def.type != ServiceType::Mailflow && def.port == 0) __builtin_trap();
        if (def.recover < 1 || def.retries < 0) __builtin_trap();
        if (def.tls.ssl && def.tls.starttls) __builtin_trap();
        if (def.username.empty() != def.password.empty()) __builtin_trap();
    }
    std::vector<std::string> passwords;
    for (const auto& section : read_ini(text).sections) {
        for (const auto& entry : section.entries) {
            const std::string& value = entry.value;
            const bool distinct =
                value.find_first_of("#$%") != std::string::npos ||
                std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
            if (entry.key == "password" && distinct) passwords.push_back(value);
        }
    }
    for (const auto& problem : catalog.problems) {
        if (problem.file != "fuzz.conf" || problem.line < 0) __builtin_trap();
        // Problems never echo a value: printable ASCII of our own, and no password.
        for (const char c : problem.message) {
            if (c < 0x20 || c > 0x7e) __builtin_trap();
        }
        // A password (of any section, loaded or skipped) holding a byte our messages never
        // hold (non-ASCII, '#', '$', '%') found in a problem can only be an echo of it.
        for (const auto& password : passwords) {
            if (problem.text().find(password) != std::string::npos) __builtin_trap();
        }
    }
    // The registration of what was read reads back the same, without the password.
    const auto registered = registered_services(catalog.services);
    const std::string registration = niamd::protocol::registration_text(registered);
    const auto back = niamd::protocol::parse_registration_text(registration);
    if (!back || back->size() != registered.size()) __builtin_trap();
    return 0;
}
