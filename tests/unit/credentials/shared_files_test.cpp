#include <catch2/catch.hpp>

#include <awsrest/credentials.hpp>

#include "credentials_fixtures.hpp"

using credentials_test::env_from;
using credentials_test::TempDir;

TEST_CASE("credentials: the default profile of ~/.aws/credentials", "[credentials]") {
    TempDir home;
    const std::string path = home.write(".aws/credentials",
                                        "[default]\n"
                                        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                                        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
    auto credentials = awsrest::credentials_from_shared_files(env_from({{"HOME", home.str()}}), "");
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "AKIAIOSFODNN7EXAMPLE");
    CHECK(credentials->secret_access_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    CHECK(credentials->session_token.empty());
    CHECK(credentials->source == "profile 'default' (" + path + ")");
}

TEST_CASE("credentials: comments, blanks around '=' and a session token", "[credentials]") {
    TempDir home;
    home.write(".aws/credentials",
               "# written by hand\n"
               "; another comment\n"
               "[default]   # the one without a name\n"
               "aws_access_key_id=AKID1\n"
               "aws_secret_access_key\t =\t secret/1+x \t\n"
               "    # an indented comment\n"
               "aws_session_token = token1 ; a comment after a blank\r\n");
    auto credentials = awsrest::credentials_from_shared_files(env_from({{"HOME", home.str()}}), "");
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "AKID1");
    CHECK(credentials->secret_access_key == "secret/1+x");
    CHECK(credentials->session_token == "token1");
}

TEST_CASE("credentials: an indented line continues the setting above it", "[credentials]") {
    // As in the SDKs: the indented secret line is part of aws_access_key_id's value, so
    // the profile has no aws_secret_access_key.
    TempDir home;
    home.write(".aws/credentials", "[default]\naws_access_key_id = AKID1\n  aws_secret_access_key = s\n");
    auto credentials = awsrest::credentials_from_shared_files(env_from({{"HOME", home.str()}}), "");
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().message.find("line 2: profile 'default' has aws_access_key_id but no "
                                           "aws_secret_access_key") != std::string::npos);
}

TEST_CASE("credentials: profile selection: the option, then AWS_PROFILE, then default", "[credentials]") {
    TempDir home;
    home.write(".aws/credentials",
               "[default]\naws_access_key_id = AKID-DEFAULT\naws_secret_access_key = s-default\n"
               "[dev]\naws_access_key_id = AKID-DEV\naws_secret_access_key = s-dev\n"
               "[ops]\naws_access_key_id = AKID-OPS\naws_secret_access_key = s-ops\n");
    SECTION("no choice: default") {
        auto credentials = awsrest::credentials_from_shared_files(env_from({{"HOME", home.str()}}), "");
        REQUIRE(credentials.ok());
        CHECK(credentials->access_key_id == "AKID-DEFAULT");
    }
    SECTION("AWS_PROFILE") {
        auto credentials =
            awsrest::credentials_from_shared_files(env_from({{"HOME", home.str()}, {"AWS_PROFILE", "dev"}}), "");
        REQUIRE(credentials.ok());
        CHECK(credentials->access_key_id == "AKID-DEV");
        CHECK(credentials->source.find("profile 'dev'") == 0);
    }
    SECTION("the option wins over AWS_PROFILE") {
        auto credentials =
            awsrest::credentials_from_shared_files(env_from({{"HOME", home.str()}, {"AWS_PROFILE", "dev"}}), "ops");
        REQUIRE(credentials.ok());
        CHECK(credentials->access_key_id == "AKID-OPS");
    }
}

TEST_CASE("credentials: the config file names profiles '[profile name]'", "[credentials]") {
    TempDir home;
    home.write(".aws/config",
               "[default]\nregion = us-east-1\n"
               "[profile dev]\nregion = eu-west-1\naws_access_key_id = AKID-CONFIG\naws_secret_access_key = s-config\n"
               "[ops]\naws_access_key_id = AKID-IGNORED\naws_secret_access_key = s-ignored\n");
    const auto env = env_from({{"HOME", home.str()}});
    SECTION("[profile dev] is profile dev") {
        auto credentials = awsrest::credentials_from_shared_files(env, "dev");
        REQUIRE(credentials.ok());
        CHECK(credentials->access_key_id == "AKID-CONFIG");
        CHECK(credentials->secret_access_key == "s-config");
    }
    SECTION("[ops] in the config file is not a profile") {
        auto credentials = awsrest::credentials_from_shared_files(env, "ops");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
        CHECK(credentials.error().message == "shared files: " + home.str() + "/.aws/credentials: not found; " +
                                                 home.str() + "/.aws/config: no profile 'ops'");
    }
    SECTION("a profile with no keys is no credentials") {
        auto credentials = awsrest::credentials_from_shared_files(env, "");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().message == "shared files: profile 'default' has no aws_access_key_id");
    }
}

TEST_CASE("credentials: the credentials file wins over the config file", "[credentials]") {
    TempDir home;
    home.write(".aws/config",
               "[profile dev]\naws_access_key_id = AKID-CONFIG\naws_secret_access_key = s-config\n"
               "aws_session_token = t-config\n");
    home.write(".aws/credentials",
               "[dev]\naws_access_key_id = AKID-CREDENTIALS\naws_secret_access_key = s-credentials\n");
    auto credentials = awsrest::credentials_from_shared_files(env_from({{"HOME", home.str()}}), "dev");
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "AKID-CREDENTIALS");
    CHECK(credentials->secret_access_key == "s-credentials");
    // Settings merge: the token only the config file has is kept, as the SDKs keep it.
    CHECK(credentials->session_token == "t-config");
}

TEST_CASE("credentials: AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files", "[credentials]") {
    TempDir home;
    home.write(".aws/credentials", "[default]\naws_access_key_id = AKID-HOME\naws_secret_access_key = s\n");
    const std::string elsewhere =
        home.write("elsewhere/creds", "[default]\naws_access_key_id = AKID-ELSEWHERE\naws_secret_access_key = s\n");
    home.write("elsewhere/conf", "[profile dev]\naws_access_key_id = AKID-CONF\naws_secret_access_key = s\n");
    SECTION("an absolute path") {
        auto credentials = awsrest::credentials_from_shared_files(
            env_from({{"HOME", home.str()}, {"AWS_SHARED_CREDENTIALS_FILE", elsewhere}}), "");
        REQUIRE(credentials.ok());
        CHECK(credentials->access_key_id == "AKID-ELSEWHERE");
    }
    SECTION("'~/' is the HOME of the lookup") {
        auto credentials = awsrest::credentials_from_shared_files(
            env_from({{"HOME", home.str()}, {"AWS_CONFIG_FILE", "~/elsewhere/conf"}}), "dev");
        REQUIRE(credentials.ok());
        CHECK(credentials->access_key_id == "AKID-CONF");
    }
}

TEST_CASE("credentials: shared files that are not there", "[credentials]") {
    SECTION("no HOME") {
        auto credentials = awsrest::credentials_from_shared_files(env_from({}), "");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().message == "shared files: HOME not set");
    }
    SECTION("no files") {
        TempDir home;
        auto credentials = awsrest::credentials_from_shared_files(env_from({{"HOME", home.str()}}), "");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
        CHECK(credentials.error().message == "shared files: " + home.str() + "/.aws/credentials: not found; " +
                                                 home.str() + "/.aws/config: not found");
    }
}

TEST_CASE("credentials: broken shared files are errors naming file and line", "[credentials]") {
    TempDir home;
    const auto env = env_from({{"HOME", home.str()}});
    const std::string path = home.str() + "/.aws/credentials";
    SECTION("a line that is not a setting") {
        home.write(".aws/credentials", "[default]\naws_access_key_id = AKID\naws_secret_access_key: nope\n");
        auto credentials = awsrest::credentials_from_shared_files(env, "");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Parse);
        CHECK(credentials.error().message == path + " line 3: expected 'name = value'");
    }
    SECTION("a key id without a secret") {
        home.write(".aws/credentials", "[default]\n\naws_access_key_id = AKID\n");
        auto credentials = awsrest::credentials_from_shared_files(env, "");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
        CHECK(credentials.error().message ==
              "shared files: " + path +
                  " line 3: profile 'default' has aws_access_key_id but no aws_secret_access_key");
    }
    SECTION("an empty secret") {
        home.write(".aws/credentials", "[default]\naws_access_key_id = AKID\naws_secret_access_key =\n");
        auto credentials = awsrest::credentials_from_shared_files(env, "");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().message ==
              "shared files: " + path + " line 3: profile 'default' has an empty aws_secret_access_key");
    }
    SECTION("a profile that assumes a role") {
        home.write(".aws/config",
                   "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\n"
                   "source_profile = default\n");
        auto credentials = awsrest::credentials_from_shared_files(env, "admin");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
        CHECK(credentials.error().message.find(home.str() + "/.aws/config line 2: profile 'admin' uses role_arn") !=
              std::string::npos);
    }
    SECTION("a directory where the file should be") {
        std::filesystem::create_directories(path);
        auto credentials = awsrest::credentials_from_shared_files(env, "");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().message == path + ": not a regular file");
    }
    SECTION("a file over the size bound") {
        home.write(".aws/credentials", std::string(1024 * 1024 + 1, '#'));
        auto credentials = awsrest::credentials_from_shared_files(env, "");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Parse);
        CHECK(credentials.error().message == path + ": larger than the limit of 1048576 bytes");
    }
}
