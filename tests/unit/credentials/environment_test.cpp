#include <catch2/catch.hpp>

#include <awsrest/credentials.hpp>

#include "credentials_fixtures.hpp"

using credentials_test::env_from;

TEST_CASE("credentials: environment variables give credentials", "[credentials]") {
    auto credentials = awsrest::credentials_from_environment(env_from({
        {"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"},
        {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
        {"AWS_SESSION_TOKEN", "token-1"},
    }));
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "AKIAIOSFODNN7EXAMPLE");
    CHECK(credentials->secret_access_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    CHECK(credentials->session_token == "token-1");
    CHECK_FALSE(credentials->expiration.has_value());
    CHECK(credentials->source == "environment");
}

TEST_CASE("credentials: the session token is optional", "[credentials]") {
    auto credentials = awsrest::credentials_from_environment(
        env_from({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "s"}}));
    REQUIRE(credentials.ok());
    CHECK(credentials->session_token.empty());
}

TEST_CASE("credentials: the older variable names of the Java and Go SDKs and botocore work", "[credentials]") {
    auto credentials = awsrest::credentials_from_environment(env_from({
        {"AWS_ACCESS_KEY", "AKID-LEGACY"},
        {"AWS_SECRET_KEY", "secret-legacy"},
        {"AWS_SECURITY_TOKEN", "token-legacy"},
    }));
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "AKID-LEGACY");
    CHECK(credentials->secret_access_key == "secret-legacy");
    CHECK(credentials->session_token == "token-legacy");
}

TEST_CASE("credentials: the standard variable names win over the older ones", "[credentials]") {
    auto credentials = awsrest::credentials_from_environment(env_from({
        {"AWS_ACCESS_KEY_ID", "AKID"},
        {"AWS_ACCESS_KEY", "AKID-LEGACY"},
        {"AWS_SECRET_ACCESS_KEY", "secret"},
        {"AWS_SECRET_KEY", "secret-legacy"},
        {"AWS_SESSION_TOKEN", "token"},
        {"AWS_SECURITY_TOKEN", "token-legacy"},
    }));
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "AKID");
    CHECK(credentials->secret_access_key == "secret");
    CHECK(credentials->session_token == "token");
}

TEST_CASE("credentials: no key id in the environment is no credentials", "[credentials]") {
    SECTION("nothing set") {
        auto credentials = awsrest::credentials_from_environment(env_from({}));
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
        CHECK(credentials.error().message == "environment: AWS_ACCESS_KEY_ID not set");
    }
    SECTION("empty values count as unset") {
        auto credentials = awsrest::credentials_from_environment(
            env_from({{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", "s"}}));
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().message == "environment: AWS_ACCESS_KEY_ID not set");
    }
}

TEST_CASE("credentials: a key id without a secret in the environment is an error", "[credentials]") {
    auto credentials = awsrest::credentials_from_environment(env_from({{"AWS_ACCESS_KEY_ID", "AKID"}}));
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
    CHECK(credentials.error().message == "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
}
