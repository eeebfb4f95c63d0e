// The shared config and credentials files (~/.aws/config, ~/.aws/credentials) as the
// AWS SDKs read them: INI-like sections of "name = value" settings.
//
// Rules (the SDKs' shared profile-file format):
// - "[name]" starts a section; in the config file a profile is "[profile name]" (or
//   "[default]"; "[profile default]" wins over "[default]"), other section kinds
//   ("[sso-session x]", "[services x]") are skipped; in the credentials file "[name]" is
//   the profile and a "[profile name]" header is skipped (names have no spaces).
// - Profile and setting names are letters, digits and "_-/.%@:+"; others are skipped.
// - Lines starting with '#' or ';' (after any indentation) are comments. After a section
//   header a '#' or ';' starts a comment anywhere; after a value only when whitespace
//   precedes it ("value;x" keeps the ';').
// - Whitespace (space, tab) around names and values is trimmed; CRLF endings work.
// - An indented line continues the previous value ("\n" joins), or, after "name =" with
//   no value, holds a sub-setting "sub = value".
// - A section repeated in one file, or in both files, merges; the last value wins and
//   the credentials file wins over the config file.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "awsrest/result.hpp"

namespace awsrest {

enum class ProfileFileKind { Config, Credentials };

struct ProfileSetting {
    std::string value;
    std::map<std::string, std::string> sub_settings;  // "s3 =\n  endpoint_url = ..."
    std::string source;                               // the file it came from
    std::size_t line = 0;                             // 1-based
};

struct Profile {
    std::map<std::string, ProfileSetting, std::less<>> settings;

    const ProfileSetting* find(std::string_view name) const {
        auto it = settings.find(name);
        return it == settings.end() ? nullptr : &it->second;
    }
};

using ProfileSet = std::map<std::string, Profile, std::less<>>;

// Parses one file. Errors are kind Parse and say "<source> line N: ...", never quoting
// the line (it may hold a secret key).
Result<ProfileSet> parse_profile_file(std::string_view text, ProfileFileKind kind, std::string_view source);

// Adds `overriding`'s profiles to `base`; its settings replace those of the same name.
void merge_profiles(ProfileSet& base, const ProfileSet& overriding);

}  // namespace awsrest
