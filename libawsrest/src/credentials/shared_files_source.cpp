// Credentials from a profile of ~/.aws/credentials and ~/.aws/config.
#include <array>
#include <optional>

#include "credentials/bounded_file.hpp"
#include "credentials/limits.hpp"
#include "credentials/profile_file.hpp"
#include "credentials/sources.hpp"

namespace awsrest {

namespace {

std::string non_empty_env(const EnvLookup& env, const char* name) {
    auto value = env(name);
    return value ? *value : std::string();
}

// The file an environment variable names ("~/" is the lookup's HOME), else $HOME/<rest>.
std::string shared_file_path(const EnvLookup& env, const char* variable, const char* default_name) {
    std::string path = non_empty_env(env, variable);
    if (path.empty()) return home_path(env, default_name);
    if (path.rfind("~/", 0) == 0) {
        const std::string home = home_path(env, "");
        if (!home.empty()) path = home + path.substr(2);
    }
    return path;
}

struct SharedFile {
    std::string path;
    ProfileFileKind kind;
    bool exists;
};

std::string where(const ProfileSetting& setting) { return setting.source + " line " + std::to_string(setting.line); }

Error profile_error(std::string message) { return make_error(ErrorKind::Credentials, "shared files: " + message); }

// Ways to get credentials that the SDKs take before static keys, or instead of them,
// and that libawsrest does not implement.
constexpr std::array<std::string_view, 4> kUnsupportedFirst = {"role_arn", "web_identity_token_file", "sso_start_url",
                                                               "sso_session"};

}  // namespace

SourceOutcome shared_files_source(const EnvLookup& env, const std::string& profile_option) {
    std::string profile_name = profile_option;
    if (profile_name.empty()) profile_name = non_empty_env(env, "AWS_PROFILE");
    if (profile_name.empty()) profile_name = "default";

    std::array<SharedFile, 2> files{
        SharedFile{shared_file_path(env, "AWS_CONFIG_FILE", ".aws/config"), ProfileFileKind::Config, false},
        SharedFile{shared_file_path(env, "AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"),
                   ProfileFileKind::Credentials, false},
    };
    if (files[0].path.empty() && files[1].path.empty()) return SourceOutcome::absent("HOME not set");

    ProfileSet merged;
    for (SharedFile& file : files) {  // config first: the credentials file wins
        if (file.path.empty()) continue;
        auto content = read_bounded_file(file.path, credentials_limits::kMaxSharedFileBytes);
        if (!content) return SourceOutcome::failed(std::move(content).error());
        if (!content->has_value()) continue;
        auto parsed = parse_profile_file(**content, file.kind, file.path);
        if (!parsed) return SourceOutcome::failed(std::move(parsed).error());
        file.exists = true;
        merge_profiles(merged, *parsed);
    }

    const std::string quoted = "'" + profile_name + "'";
    auto found = merged.find(profile_name);
    if (found == merged.end()) {
        std::string note;
        for (const SharedFile* file : {&files[1], &files[0]}) {  // credentials file first, as people look there
            if (file->path.empty()) continue;
            if (!note.empty()) note += "; ";
            note += file->path + (file->exists ? ": no profile " + quoted : ": not found");
        }
        return SourceOutcome::absent(note);
    }
    const Profile& profile = found->second;

    for (std::string_view setting : kUnsupportedFirst) {
        if (const ProfileSetting* unsupported = profile.find(setting)) {
            return SourceOutcome::failed(profile_error(where(*unsupported) + ": profile " + quoted + " uses " +
                                                       std::string(setting) +
                                                       ", which libawsrest does not support; give the profile "
                                                       "aws_access_key_id and aws_secret_access_key instead"));
        }
    }
    const ProfileSetting* key_id = profile.find("aws_access_key_id");
    const ProfileSetting* secret = profile.find("aws_secret_access_key");
    if (key_id == nullptr && secret == nullptr) {
        if (const ProfileSetting* process = profile.find("credential_process")) {
            return SourceOutcome::failed(profile_error(where(*process) + ": profile " + quoted +
                                                       " uses credential_process, which libawsrest does not support"));
        }
        return SourceOutcome::absent("profile " + quoted + " has no aws_access_key_id");
    }
    if (secret == nullptr) {
        return SourceOutcome::failed(profile_error(where(*key_id) + ": profile " + quoted +
                                                   " has aws_access_key_id but no aws_secret_access_key"));
    }
    if (key_id == nullptr) {
        return SourceOutcome::failed(profile_error(where(*secret) + ": profile " + quoted +
                                                   " has aws_secret_access_key but no aws_access_key_id"));
    }
    if (key_id->value.empty() || secret->value.empty()) {
        const ProfileSetting& empty = key_id->value.empty() ? *key_id : *secret;
        return SourceOutcome::failed(
            profile_error(where(empty) + ": profile " + quoted + " has an empty " +
                          (key_id->value.empty() ? "aws_access_key_id" : "aws_secret_access_key")));
    }

    Credentials credentials;
    credentials.access_key_id = key_id->value;
    credentials.secret_access_key = secret->value;
    const ProfileSetting* token = profile.find("aws_session_token");
    if (token == nullptr) token = profile.find("aws_security_token");  // botocore's older name
    if (token != nullptr) credentials.session_token = token->value;
    credentials.source = "profile " + quoted + " (" + key_id->source + ")";
    return SourceOutcome::found(std::move(credentials));
}

Result<Credentials> credentials_from_shared_files(const EnvLookup& env, const std::string& profile) {
    return shared_files_source(env, profile).to_result("shared files");
}

}  // namespace awsrest
