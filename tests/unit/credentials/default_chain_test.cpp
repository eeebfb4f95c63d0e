// The order of the default chain, what its errors say, and what it keeps.
#include <catch2/catch.hpp>

#include <awsrest/credentials.hpp>

#include "credentials_fixtures.hpp"
#include "support/scripted_http.hpp"

using credentials_test::env_from;
using credentials_test::header_of;
using credentials_test::TempDir;
using test_support::ManualClock;
using test_support::ScriptedHttp;

namespace {

const char* kImdsDocument = R"({"Code":"Success","LastUpdated":"2015-08-30T12:30:00Z","Type":"AWS-HMAC",
"AccessKeyId":"ASIA-IMDS","SecretAccessKey":"s-imds","Token":"t-imds","Expiration":"2015-08-30T18:36:00Z"})";

// A home with every file-based source filled, each with its own key id.
struct World {
    TempDir home;
    ScriptedHttp http;
    ManualClock clock;

    World() {
        home.write(".aws/credentials",
                   "[default]\naws_access_key_id = AKID-FILE-DEFAULT\naws_secret_access_key = s\n"
                   "[dev]\naws_access_key_id = AKID-FILE-DEV\naws_secret_access_key = s\n");
        home.write(".awsAuth", "alice:AKID-NIAM-ALICE:s-alice\n", 0600);
    }

    awsrest::CredentialsChainOptions options(std::map<std::string, std::string> env = {}) {
        env.emplace("HOME", home.str());
        awsrest::CredentialsChainOptions options;
        options.env = env_from(std::move(env));
        options.imds_http = &http;
        options.clock = &clock;
        return options;
    }

    void script_imds() { http.respond(200, "token").respond(200, "role").respond(200, kImdsDocument); }
};

std::string key_id(awsrest::CredentialsProvider& provider) {
    auto credentials = provider.credentials();
    if (!credentials) return "error: " + credentials.error().describe();
    return credentials->access_key_id;
}

awsrest::Credentials explicit_pair(std::string source = "") {
    awsrest::Credentials credentials;
    credentials.access_key_id = "AKID-EXPLICIT";
    credentials.secret_access_key = "s-explicit";
    credentials.source = std::move(source);
    return credentials;
}

const std::map<std::string, std::string> kEnvKeys = {{"AWS_ACCESS_KEY_ID", "AKID-ENV"},
                                                     {"AWS_SECRET_ACCESS_KEY", "s-env"}};

}  // namespace

TEST_CASE("credentials: explicit credentials beat the environment", "[credentials][chain]") {
    World world;
    auto options = world.options(kEnvKeys);
    options.explicit_credentials = explicit_pair();
    auto chain = awsrest::make_default_credentials_chain(std::move(options));
    auto credentials = chain->credentials();
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "AKID-EXPLICIT");
    CHECK(credentials->source == "explicit");
    CHECK(world.http.sent.empty());
}

TEST_CASE("credentials: explicit credentials keep the source their caller names", "[credentials][chain]") {
    World world;
    auto options = world.options();
    options.explicit_credentials = explicit_pair("command line");
    auto credentials = awsrest::make_default_credentials_chain(std::move(options))->credentials();
    REQUIRE(credentials.ok());
    CHECK(credentials->source == "command line");
}

TEST_CASE("credentials: the environment beats the shared files", "[credentials][chain]") {
    World world;
    auto chain = awsrest::make_default_credentials_chain(world.options(kEnvKeys));
    CHECK(key_id(*chain) == "AKID-ENV");
}

TEST_CASE("credentials: a niam user named: the niam auth file is the only source", "[credentials][chain]") {
    World world;
    world.script_imds();
    SECTION("its line beats the environment, the shared files and IMDS") {
        auto options = world.options(kEnvKeys);
        options.niam_user = "alice";
        options.explicit_credentials = explicit_pair();
        auto credentials = awsrest::make_default_credentials_chain(std::move(options))->credentials();
        REQUIRE(credentials.ok());
        CHECK(credentials->access_key_id == "AKID-NIAM-ALICE");
        CHECK(credentials->source == "niam auth file " + world.home.str() + "/.awsAuth (user 'alice')");
    }
    SECTION("no line for the user is an error, not the instance role") {
        auto options = world.options(kEnvKeys);
        options.niam_user = "bob";
        auto credentials = awsrest::make_default_credentials_chain(std::move(options))->credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
        CHECK(credentials.error().message ==
              "niam auth file: " + world.home.str() + "/.awsAuth: no line for user 'bob'");
    }
    SECTION("no file is an error") {
        std::filesystem::remove(world.home.path() / ".awsAuth");
        auto options = world.options();
        options.niam_user = "alice";
        auto credentials = awsrest::make_default_credentials_chain(std::move(options))->credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().message == "niam auth file: " + world.home.str() + "/.awsAuth: not found");
    }
    SECTION("a garbage ~/.aws/credentials does not stop it") {
        world.home.write(".aws/credentials", "this is not an ini file\n[unterminated\n");
        auto options = world.options();
        options.niam_user = "alice";
        CHECK(key_id(*awsrest::make_default_credentials_chain(std::move(options))) == "AKID-NIAM-ALICE");
    }
    CHECK(world.http.sent.empty());  // IMDS never asked
}

TEST_CASE("credentials: profile selection in the chain", "[credentials][chain]") {
    World world;
    SECTION("AWS_PROFILE") {
        CHECK(key_id(*awsrest::make_default_credentials_chain(world.options({{"AWS_PROFILE", "dev"}}))) ==
              "AKID-FILE-DEV");
    }
    SECTION("options.profile wins over AWS_PROFILE") {
        auto options = world.options({{"AWS_PROFILE", "nope"}});
        options.profile = "dev";
        CHECK(key_id(*awsrest::make_default_credentials_chain(std::move(options))) == "AKID-FILE-DEV");
    }
}

TEST_CASE("credentials: the niam auth file beats IMDS when a user is given", "[credentials][chain]") {
    World world;
    auto options = world.options({{"AWS_PROFILE", "nobody"}});
    options.niam_user = "alice";
    auto chain = awsrest::make_default_credentials_chain(std::move(options));
    auto credentials = chain->credentials();
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "AKID-NIAM-ALICE");
    CHECK(credentials->secret_access_key == "s-alice");
    CHECK(world.http.sent.empty());
}

TEST_CASE("credentials: IMDS comes last", "[credentials][chain]") {
    World world;
    world.script_imds();
    auto options = world.options({{"AWS_PROFILE", "nobody"}});
    auto chain = awsrest::make_default_credentials_chain(std::move(options));
    auto credentials = chain->credentials();
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "ASIA-IMDS");
    CHECK(credentials->session_token == "t-imds");
    CHECK(world.http.sent.size() == 3);
}

TEST_CASE("credentials: with no credentials anywhere the error lists what was tried", "[credentials][chain]") {
    TempDir home;
    ScriptedHttp http;
    awsrest::CredentialsChainOptions options;
    options.env = env_from({{"HOME", home.str()}, {"AWS_PROFILE", "dev"}, {"AWS_EC2_METADATA_DISABLED", "true"}});
    options.imds_http = &http;
    home.write(".aws/credentials", "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n");
    auto credentials = awsrest::make_default_credentials_chain(std::move(options))->credentials();
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
    CHECK(credentials.error().message ==
          "no credentials: explicit (not given), environment (AWS_ACCESS_KEY_ID not set), shared files (" + home.str() +
              "/.aws/credentials: no profile 'dev'; " + home.str() +
              "/.aws/config: not found), IMDS (disabled by AWS_EC2_METADATA_DISABLED)");
    CHECK(http.sent.empty());
}

TEST_CASE("credentials: with a niam user the error names the user's file alone", "[credentials][chain]") {
    TempDir home;
    ScriptedHttp http;
    http.fail("Failed to connect to 169.254.169.254 port 80 after 1000 ms");
    awsrest::CredentialsChainOptions options;
    options.env = env_from({{"HOME", home.str()}});
    options.imds_http = &http;
    options.niam_user = "alice";
    auto credentials = awsrest::make_default_credentials_chain(std::move(options))->credentials();
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().message == "niam auth file: " + home.str() + "/.awsAuth: not found");
    CHECK(http.sent.empty());
}

TEST_CASE("credentials: a broken source stops the chain", "[credentials][chain]") {
    World world;
    world.script_imds();
    SECTION("a shared file that does not parse") {
        world.home.write(".aws/credentials", "[default\n");
        auto credentials = awsrest::make_default_credentials_chain(world.options())->credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Parse);
        CHECK(credentials.error().message ==
              world.home.str() +
                  "/.aws/credentials line 1: a section header must end with ']'; tried before: "
                  "explicit (not given), environment (AWS_ACCESS_KEY_ID not set)");
    }
    SECTION("a niam auth file others can read") {
        world.home.write(".awsAuth", "alice:AKID-NIAM-ALICE:s-alice\n", 0644);
        auto options = world.options({{"AWS_PROFILE", "nobody"}});
        options.niam_user = "alice";
        auto credentials = awsrest::make_default_credentials_chain(std::move(options))->credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
        CHECK(credentials.error().message.find(world.home.str() + "/.awsAuth: refused: mode 0644") == 0);
    }
    SECTION("a half-set environment") {
        auto credentials =
            awsrest::make_default_credentials_chain(world.options({{"AWS_ACCESS_KEY_ID", "AKID"}}))->credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().message.find("environment: AWS_ACCESS_KEY_ID is set but") == 0);
    }
    SECTION("empty explicit credentials") {
        auto options = world.options();
        options.explicit_credentials = awsrest::Credentials{};
        auto credentials = awsrest::make_default_credentials_chain(std::move(options))->credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().message == "explicit credentials: the access key id is empty");
    }
    CHECK(world.http.sent.empty());
}

TEST_CASE("credentials: the chain keeps what it found", "[credentials][chain]") {
    World world;
    auto chain = awsrest::make_default_credentials_chain(world.options());
    CHECK(key_id(*chain) == "AKID-FILE-DEFAULT");
    std::filesystem::remove(world.home.path() / ".aws" / "credentials");
    CHECK(key_id(*chain) == "AKID-FILE-DEFAULT");
}

TEST_CASE("credentials: the chain refreshes instance-profile credentials", "[credentials][chain]") {
    World world;
    world.script_imds();
    auto options = world.options({{"AWS_PROFILE", "nobody"}});
    options.refresh_before_expiry = std::chrono::minutes{10};
    auto chain = awsrest::make_default_credentials_chain(std::move(options));
    CHECK(key_id(*chain) == "ASIA-IMDS");
    CHECK(world.http.sent.size() == 3);

    world.clock.advance(std::chrono::hours{5} + std::chrono::minutes{49});  // 18:25: 11 minutes left
    CHECK(key_id(*chain) == "ASIA-IMDS");
    CHECK(world.http.sent.size() == 3);

    world.clock.advance(std::chrono::minutes{2});  // 18:27: 9 minutes left: refresh
    world.http.respond(200, "role")
        .respond(200, R"({"Code":"Success","AccessKeyId":"ASIA-NEXT","SecretAccessKey":"s2","Token":"t2",
                 "Expiration":"2015-08-31T00:36:00Z"})");
    CHECK(key_id(*chain) == "ASIA-NEXT");
    CHECK(world.http.sent.size() == 5);
}

TEST_CASE("credentials: a chain that found nothing looks again next time", "[credentials][chain]") {
    World world;
    auto options = world.options({{"AWS_PROFILE", "later"}, {"AWS_EC2_METADATA_DISABLED", "true"}});
    auto chain = awsrest::make_default_credentials_chain(std::move(options));
    CHECK_FALSE(chain->credentials().ok());
    world.home.write(".aws/credentials", "[later]\naws_access_key_id = AKID-LATER\naws_secret_access_key = s\n");
    CHECK(key_id(*chain) == "AKID-LATER");
}

TEST_CASE("credentials: AWS_EC2_METADATA_SERVICE_ENDPOINT moves IMDS", "[credentials][chain]") {
    World world;
    world.script_imds();
    auto chain = awsrest::make_default_credentials_chain(
        world.options({{"AWS_PROFILE", "nobody"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338"}}));
    CHECK(key_id(*chain) == "ASIA-IMDS");
    REQUIRE(world.http.sent.size() == 3);
    for (const auto& sent : world.http.sent) {
        CHECK(sent.endpoint.host == "127.0.0.1");
        CHECK(sent.endpoint.port == 1338);
        CHECK(header_of(sent.request, "Host") == std::optional<std::string>("127.0.0.1:1338"));
    }
    CHECK(world.http.sent[0].request.method == "PUT");
    CHECK(world.http.sent[0].request.path == "/latest/api/token");
    CHECK(header_of(world.http.sent[0].request, "X-aws-ec2-metadata-token-ttl-seconds") ==
          std::optional<std::string>("21600"));
    CHECK(world.http.sent[2].request.path == "/latest/meta-data/iam/security-credentials/role");
    CHECK(header_of(world.http.sent[2].request, "X-aws-ec2-metadata-token") == std::optional<std::string>("token"));
}

TEST_CASE("credentials: a malformed IMDS endpoint is a clear error", "[credentials][chain]") {
    World world;
    auto credentials = awsrest::make_default_credentials_chain(
                           world.options({{"AWS_PROFILE", "nobody"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "nope"}}))
                           ->credentials();
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
    CHECK(credentials.error().message.find("IMDS: AWS_EC2_METADATA_SERVICE_ENDPOINT: ") == 0);
    CHECK(world.http.sent.empty());
}
