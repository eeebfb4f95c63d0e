// Credentials from environment variables.
#include <optional>

#include "credentials/sources.hpp"

namespace awsrest {

namespace {

// The first of the names that is set to a non-empty value.
std::optional<std::pair<std::string, std::string>> first_set(const EnvLookup& env,
                                                             std::initializer_list<const char*> names) {
    for (const char* name : names) {
        auto value = env(name);
        if (value && !value->empty()) return std::pair<std::string, std::string>{name, std::move(*value)};
    }
    return std::nullopt;
}

}  // namespace

SourceOutcome environment_source(const EnvLookup& env) {
    auto access_key = first_set(env, {"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"});
    if (!access_key) return SourceOutcome::absent("AWS_ACCESS_KEY_ID not set");
    auto secret = first_set(env, {"AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"});
    if (!secret) {
        return SourceOutcome::failed(make_error(
            ErrorKind::Credentials, "environment: " + access_key->first + " is set but AWS_SECRET_ACCESS_KEY is not"));
    }
    Credentials credentials;
    credentials.access_key_id = std::move(access_key->second);
    credentials.secret_access_key = std::move(secret->second);
    if (auto token = first_set(env, {"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"})) {
        credentials.session_token = std::move(token->second);
    }
    credentials.source = "environment";
    return SourceOutcome::found(std::move(credentials));
}

Result<Credentials> credentials_from_environment(const EnvLookup& env) {
    return environment_source(env).to_result("environment");
}

std::string home_path(const EnvLookup& env, const std::string& name) {
    auto home = env("HOME");
    if (!home || home->empty()) return {};
    std::string path = *home;
    if (path.back() != '/') path += '/';
    return path + name;
}

}  // namespace awsrest
