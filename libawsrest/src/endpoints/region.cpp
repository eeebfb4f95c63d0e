// The region to use, looked for where the AWS command-line tools look, in their order.
#include <string>
#include <vector>

#include "awsrest/endpoints.hpp"
#include "credentials/bounded_file.hpp"
#include "credentials/profile_file.hpp"
#include "endpoints/names.hpp"

namespace awsrest {

namespace {

// A real ~/.aws/config is a few KiB.
constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;

std::optional<std::string> env_value(const EnvLookup& env, const std::string& name) {
    if (!env) return std::nullopt;
    std::optional<std::string> value = env(name);
    if (!value) return std::nullopt;
    const std::string_view trimmed = endpoints::trim(*value);
    if (trimmed.empty()) return std::nullopt;
    return std::string(trimmed);
}

struct ConfigAnswer {
    std::optional<std::string> region;
    std::string note;  // why none, for the error
};

ConfigAnswer region_from_config(const RegionSources& sources) {
    std::string profile = sources.profile;
    if (profile.empty()) profile = env_value(sources.env, "AWS_PROFILE").value_or("default");
    std::string path;
    if (auto file = env_value(sources.env, "AWS_CONFIG_FILE")) {
        path = *file;
    } else if (auto home = env_value(sources.env, "HOME")) {
        path = *home + "/.aws/config";
    } else {
        return {std::nullopt, "shared config file: neither AWS_CONFIG_FILE nor HOME is set"};
    }
    const std::string where = "'region' in profile '" + endpoints::shown(profile) + "' of " + path;
    auto text = read_bounded_file(path, kMaxConfigFileBytes);
    if (!text) return {std::nullopt, where + " (" + text.error().message + ")"};
    if (!text->has_value()) return {std::nullopt, where + " (no such file)"};
    auto profiles = parse_profile_file(**text, ProfileFileKind::Config, path);
    if (!profiles) return {std::nullopt, where + " (" + profiles.error().message + ")"};
    const auto found = profiles->find(profile);
    if (found == profiles->end()) return {std::nullopt, where + " (no such profile)"};
    const ProfileSetting* region = found->second.find("region");
    if (region == nullptr || endpoints::trim(region->value).empty()) return {std::nullopt, where + " (not set)"};
    return {std::string(endpoints::trim(region->value)), {}};
}

}  // namespace

Result<std::string> resolve_region(const RegionSources& sources) {
    std::vector<std::string> tried;
    if (sources.region) {
        const std::string_view given = endpoints::trim(*sources.region);
        if (!given.empty()) return std::string(given);
        tried.push_back("--region (empty)");
    } else {
        tried.push_back("--region (not given)");
    }
    for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
        if (auto value = env_value(sources.env, name)) return std::move(*value);
        tried.push_back(std::string(name) + " (not set)");
    }
    ConfigAnswer config = region_from_config(sources);
    if (config.region) return std::move(*config.region);
    tried.push_back(std::move(config.note));
    if (sources.imds_region) {
        Result<std::string> imds = sources.imds_region();
        if (imds && !endpoints::trim(*imds).empty()) return std::string(endpoints::trim(*imds));
        tried.push_back("the instance metadata service (" +
                        (imds ? std::string("empty answer") : imds.error().message) + ")");
    } else {
        tried.push_back("the instance metadata service (not asked)");
    }
    std::string message = "no AWS region found; tried ";
    for (std::size_t i = 0; i < tried.size(); ++i) {
        if (i > 0) message += ", ";
        message += tried[i];
    }
    message += ". Give --region or set AWS_REGION";
    return make_error(ErrorKind::InvalidArgument, std::move(message));
}

}  // namespace awsrest
