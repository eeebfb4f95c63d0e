#include <catch2/catch.hpp>

#include <awsrest/credentials.hpp>

#include <unistd.h>

#include "credentials/niam_auth_file.hpp"
#include "credentials_fixtures.hpp"
#include "test_skip.hpp"

using credentials_test::kAccessKeyId;
using credentials_test::kSecretKey;
using credentials_test::TempDir;

namespace {

const std::string kAuthFile =
    "# niam users\n"
    "\n"
    "alice:AKIDALICE:alice-secret\n"
    "bob:" +
    kAccessKeyId + ":" + kSecretKey +
    "\n"
    "  carol : AKIDCAROL : carol-secret  \r\n";

}  // namespace

TEST_CASE("credentials: the niam auth file gives the user's key pair", "[credentials]") {
    TempDir home;
    const std::string path = home.write(".awsAuth", kAuthFile, 0600);
    auto credentials = awsrest::credentials_from_niam_auth_file(path, "bob");
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == kAccessKeyId);
    CHECK(credentials->secret_access_key == kSecretKey);
    CHECK(credentials->session_token.empty());
    CHECK(credentials->source == "niam auth file " + path + " (user 'bob')");

    auto carol = awsrest::credentials_from_niam_auth_file(path, "carol");
    REQUIRE(carol.ok());
    CHECK(carol->access_key_id == "AKIDCAROL");
    CHECK(carol->secret_access_key == "carol-secret");
}

TEST_CASE("credentials: the niam auth file must be private to its owner", "[credentials]") {
    TempDir home;
    SECTION("0600 is accepted") {
        const std::string path = home.write(".awsAuth", kAuthFile, 0600);
        CHECK(awsrest::credentials_from_niam_auth_file(path, "alice").ok());
    }
    SECTION("0400 is accepted: no group or other bits") {
        const std::string path = home.write(".awsAuth", kAuthFile, 0400);
        CHECK(awsrest::credentials_from_niam_auth_file(path, "alice").ok());
    }
    SECTION("0644 is refused, with the fix in the message") {
        const std::string path = home.write(".awsAuth", kAuthFile, 0644);
        auto credentials = awsrest::credentials_from_niam_auth_file(path, "alice");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
        CHECK(credentials.error().message ==
              path + ": refused: mode 0644 lets group or others in; it must be 0600 (chmod 600 " + path + ")");
    }
    SECTION("0640 and 0604 are refused") {
        for (mode_t mode : {mode_t{0640}, mode_t{0604}, mode_t{0660}, mode_t{0601}}) {
            const std::string path = home.write(".awsAuth", kAuthFile, mode);
            auto credentials = awsrest::credentials_from_niam_auth_file(path, "alice");
            CHECK_FALSE(credentials.ok());
        }
    }
}

TEST_CASE("credentials: a niam auth file owned by someone else is refused", "[credentials]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: cannot give the file to another user");
    TempDir home;
    const std::string path = home.write(".awsAuth", kAuthFile, 0600);
    REQUIRE(::chown(path.c_str(), 65534, 65534) == 0);
    auto credentials = awsrest::credentials_from_niam_auth_file(path, "alice");
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().message == path + ": refused: owned by uid 65534, not by the calling user (uid 0)");
}

TEST_CASE("credentials: niam auth file lookups that find nothing", "[credentials]") {
    TempDir home;
    SECTION("no such file") {
        auto credentials = awsrest::credentials_from_niam_auth_file(home.str() + "/.awsAuth", "alice");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
        CHECK(credentials.error().message == "niam auth file: " + home.str() + "/.awsAuth: not found");
    }
    SECTION("no such user") {
        const std::string path = home.write(".awsAuth", kAuthFile, 0600);
        auto credentials = awsrest::credentials_from_niam_auth_file(path, "mallory");
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().message == "niam auth file: " + path + ": no line for user 'mallory'");
    }
}

TEST_CASE("credentials: niam auth file lines are checked and errors name the line", "[credentials]") {
    struct Row {
        const char* text;
        const char* message;
    };
    const Row rows[] = {
        {"alice:AKID:secret\nbob-only-two:fields\n", "auth line 2: expected aws-user:aws-id:aws-key"},
        {"alice:AKID:secret\n\n# c\nbob::secret\n", "auth line 4: aws-user, aws-id and aws-key must all be non-empty"},
        {":AKID:secret\n", "auth line 1: aws-user, aws-id and aws-key must all be non-empty"},
        {"alice:AKID:\n", "auth line 1: aws-user, aws-id and aws-key must all be non-empty"},
        {"no colon at all", "auth line 1: expected aws-user:aws-id:aws-key"},
    };
    for (const Row& row : rows) {
        INFO(row.text);
        auto entry = awsrest::find_niam_auth_entry(row.text, "alice", "auth");
        REQUIRE_FALSE(entry.ok());
        CHECK(entry.error().kind == awsrest::ErrorKind::Parse);
        CHECK(entry.error().message == row.message);
    }
}

TEST_CASE("credentials: the first niam auth line for a user wins", "[credentials]") {
    auto entry = awsrest::find_niam_auth_entry("alice:AKID1:s1\nalice:AKID2:s2\n", "alice", "auth");
    REQUIRE(entry.ok());
    REQUIRE(entry->has_value());
    CHECK((*entry)->access_key_id == "AKID1");
    CHECK((*entry)->secret_access_key == "s1");
}
