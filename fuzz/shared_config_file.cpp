// Fuzzes the readers of local credentials files: the shared config/credentials file
// parser (both kinds) and the niam auth file (.awsAuth) line parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "credentials/niam_auth_file.hpp"
#include "credentials/profile_file.hpp"

namespace {

bool is_profile_name(std::string_view name) {
    if (name.empty()) return false;
    for (const char c : name) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '[' || c == ']') return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    for (auto kind : {awsrest::ProfileFileKind::Config, awsrest::ProfileFileKind::Credentials}) {
        auto profiles = awsrest::parse_profile_file(text, kind, "fuzz");
        if (!profiles) {
            // Errors are parse errors that name the line and never quote the input.
            if (profiles.error().kind != awsrest::ErrorKind::Parse) __builtin_trap();
            if (profiles.error().message.rfind("fuzz line ", 0) != 0) __builtin_trap();
            continue;
        }
        for (const auto& [name, profile] : *profiles) {
            if (!is_profile_name(name)) __builtin_trap();
            for (const auto& [setting, value] : profile.settings) {
                if (setting.empty() || value.line == 0 || value.source != "fuzz") __builtin_trap();
            }
        }
        awsrest::ProfileSet merged = *profiles;
        awsrest::merge_profiles(merged, *profiles);
        if (merged.size() != profiles->size()) __builtin_trap();
    }

    auto entry = awsrest::find_niam_auth_entry(text, "alice", "fuzz");
    if (!entry) {
        if (entry.error().kind != awsrest::ErrorKind::Parse) __builtin_trap();
        if (entry.error().message.rfind("fuzz line ", 0) != 0) __builtin_trap();
    } else if (entry->has_value()) {
        const awsrest::NiamAuthEntry& found = **entry;
        if (found.user != "alice" || found.access_key_id.empty() || found.secret_access_key.empty()) __builtin_trap();
        if (found.access_key_id.find(':') != std::string::npos) __builtin_trap();
    }
    return 0;
}
