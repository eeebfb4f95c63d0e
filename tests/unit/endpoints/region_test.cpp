// Region resolution: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region in the
// shared config file, then IMDS, and an error that lists all of them.
#include <catch2/catch.hpp>

#include <awsrest/endpoints.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

using awsrest::ErrorKind;

namespace {

awsrest::EnvLookup env_of(std::map<std::string, std::string> values) {
    return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

// A scratch directory removed at the end of the test.
class ScratchDir {
  public:
    ScratchDir()
        : path_(std::filesystem::temp_directory_path() /
                ("awsrest-region-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
        std::filesystem::create_directories(path_ / ".aws");
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    std::string write(const std::string& relative, const std::string& text) const {
        const auto file = path_ / relative;
        std::ofstream(file) << text;
        return file.string();
    }
    std::string path() const { return path_.string(); }

  private:
    static inline int counter_ = 0;
    std::filesystem::path path_;
};

constexpr const char* kConfig =
    "[default]\n"
    "region = eu-west-1\n"
    "output = json\n"
    "\n"
    "[profile work]\n"
    "# the work account\n"
    "s3 =\n"
    "  region = ap-south-1\n"
    "region=us-west-2\n"
    "\n"
    "[profile noregion]\n"
    "output = text\n";

}  // namespace

TEST_CASE("region: --region wins over everything", "[endpoints][region]") {
    int imds_calls = 0;
    awsrest::RegionSources sources;
    sources.region = "ca-central-1";
    sources.env = env_of({{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "eu-west-2"}});
    sources.imds_region = [&]() -> awsrest::Result<std::string> {
        ++imds_calls;
        return std::string("us-east-2");
    };
    auto region = awsrest::resolve_region(sources);
    REQUIRE(region.ok());
    CHECK(*region == "ca-central-1");
    CHECK(imds_calls == 0);
}

TEST_CASE("region: AWS_REGION, then AWS_DEFAULT_REGION", "[endpoints][region]") {
    awsrest::RegionSources sources;
    sources.env = env_of({{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "eu-west-2"}});
    auto region = awsrest::resolve_region(sources);
    REQUIRE(region.ok());
    CHECK(*region == "eu-west-1");

    sources.env = env_of({{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", "eu-west-2"}, {"HOME", "/nonexistent"}});
    region = awsrest::resolve_region(sources);
    REQUIRE(region.ok());
    CHECK(*region == "eu-west-2");
}

TEST_CASE("region: the profile's region in the shared config file", "[endpoints][region]") {
    ScratchDir dir;
    const std::string config = dir.write(".aws/config", kConfig);

    SECTION("the default profile, found through HOME") {
        awsrest::RegionSources sources;
        sources.env = env_of({{"HOME", dir.path()}});
        auto region = awsrest::resolve_region(sources);
        REQUIRE(region.ok());
        CHECK(*region == "eu-west-1");
    }
    SECTION("AWS_PROFILE picks [profile NAME]; a nested block's region is not the profile's") {
        awsrest::RegionSources sources;
        sources.env = env_of({{"HOME", dir.path()}, {"AWS_PROFILE", "work"}});
        auto region = awsrest::resolve_region(sources);
        REQUIRE(region.ok());
        CHECK(*region == "us-west-2");
    }
    SECTION("--profile beats AWS_PROFILE") {
        awsrest::RegionSources sources;
        sources.profile = "default";
        sources.env = env_of({{"HOME", dir.path()}, {"AWS_PROFILE", "work"}});
        auto region = awsrest::resolve_region(sources);
        REQUIRE(region.ok());
        CHECK(*region == "eu-west-1");
    }
    SECTION("AWS_CONFIG_FILE beats HOME") {
        const std::string other = dir.write("other-config", "[default]\nregion = sa-east-1\n");
        awsrest::RegionSources sources;
        sources.env = env_of({{"HOME", dir.path()}, {"AWS_CONFIG_FILE", other}});
        auto region = awsrest::resolve_region(sources);
        REQUIRE(region.ok());
        CHECK(*region == "sa-east-1");
    }
    SECTION("environment variables beat the file") {
        awsrest::RegionSources sources;
        sources.env = env_of({{"HOME", dir.path()}, {"AWS_DEFAULT_REGION", "me-south-1"}});
        auto region = awsrest::resolve_region(sources);
        REQUIRE(region.ok());
        CHECK(*region == "me-south-1");
    }
    SECTION("a profile without a region falls through to IMDS") {
        awsrest::RegionSources sources;
        sources.profile = "noregion";
        sources.env = env_of({{"HOME", dir.path()}});
        sources.imds_region = []() -> awsrest::Result<std::string> { return std::string("af-south-1"); };
        auto region = awsrest::resolve_region(sources);
        REQUIRE(region.ok());
        CHECK(*region == "af-south-1");
    }
}

TEST_CASE("region: IMDS is asked last", "[endpoints][region]") {
    awsrest::RegionSources sources;
    sources.env = env_of({{"AWS_CONFIG_FILE", "/nonexistent/awsrest/config"}});
    sources.imds_region = []() -> awsrest::Result<std::string> { return std::string("eu-north-1"); };
    auto region = awsrest::resolve_region(sources);
    REQUIRE(region.ok());
    CHECK(*region == "eu-north-1");
}

TEST_CASE("region: the error lists every place tried", "[endpoints][region]") {
    awsrest::RegionSources sources;
    sources.env = env_of({{"AWS_CONFIG_FILE", "/nonexistent/awsrest/config"}});
    sources.imds_region = []() -> awsrest::Result<std::string> {
        return awsrest::make_error(ErrorKind::Network, "connection timed out");
    };
    auto region = awsrest::resolve_region(sources);
    REQUIRE_FALSE(region.ok());
    CHECK(region.error().kind == ErrorKind::InvalidArgument);
    const std::string& message = region.error().message;
    CHECK_THAT(message, Catch::Contains("--region"));
    CHECK_THAT(message, Catch::Contains("AWS_REGION"));
    CHECK_THAT(message, Catch::Contains("AWS_DEFAULT_REGION"));
    CHECK_THAT(message, Catch::Contains("/nonexistent/awsrest/config"));
    CHECK_THAT(message, Catch::Contains("profile 'default'"));
    CHECK_THAT(message, Catch::Contains("connection timed out"));

    sources.imds_region = nullptr;
    region = awsrest::resolve_region(sources);
    REQUIRE_FALSE(region.ok());
    CHECK_THAT(region.error().message, Catch::Contains("not asked"));
}
