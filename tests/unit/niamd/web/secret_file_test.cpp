// The web interface's secret files: a token file and a plain-password basic-auth file
// that others could read are refused, as $HOME/.awsAuth is.
#include <catch2/catch.hpp>

#include <string>

#include "web/basic_auth_file.hpp"
#include "web/secret_file.hpp"
#include "web_fixtures.hpp"

using namespace niamd::web;

namespace {
// printf %s 's3cret pass' | sha256sum
const std::string kDigest = "099a754c8251fb8a001b6642afb5259bd2edb705677b939f6ef4c00cab1e6389";
}  // namespace

TEST_CASE("basic auth file: plain passwords readable by group or others are refused", "[web]") {
    web_test::TempDir dir;
    for (const mode_t mode : {0644, 0640, 0604}) {
        CAPTURE(mode);
        const auto file = dir.write("web.users", "alice:hunter2secret\n", mode);
        const auto users = load_basic_auth_file(file);
        REQUIRE_FALSE(users.ok());
        char octal[8];
        std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
        CHECK(users.error().message ==
              "basic auth file " + file.string() + ": refused: it holds plain passwords and mode " + octal +
                  " lets group or others in; chmod 600 " + file.string() + " (or write hashes: htpasswd -B, mkpasswd)");
        CHECK(users.error().message.find("hunter2secret") == std::string::npos);
    }
    const auto private_file = dir.write("private.users", "alice:hunter2secret\n", 0600);
    CHECK(load_basic_auth_file(private_file).ok());
    const auto hashes_only = dir.write("hashed.users", "bob:{SHA256}" + kDigest + "\n", 0644);
    CHECK(load_basic_auth_file(hashes_only).ok());
}

TEST_CASE("web token file: its first line, private to the master's user, not empty", "[web]") {
    web_test::TempDir dir;
    const auto good = dir.write("token", "abcdefghijklmnop0123\nsecond line\n", 0600);
    const auto token = read_access_token_file(good);
    REQUIRE(token.ok());
    CHECK(*token == "abcdefghijklmnop0123");

    const auto open = dir.write("open-token", "abcdefghijklmnop0123\n", 0644);
    const auto refused = read_access_token_file(open);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message == "web token file " + open.string() +
                                         ": refused: mode 0644 lets group or others in; chmod 600 " + open.string());
    CHECK(refused.error().message.find("abcdefghijklmnop0123") == std::string::npos);

    const auto empty = dir.write("empty-token", "\nabcdefghijklmnop0123\n", 0600);
    REQUIRE_FALSE(read_access_token_file(empty).ok());
    CHECK(read_access_token_file(empty).error().message ==
          "web token file " + empty.string() + ": the first line is empty");
    CHECK(read_access_token_file(dir.path() / "missing").error().message ==
          "web token file " + (dir.path() / "missing").string() + ": cannot be read");
    CHECK(read_access_token_file(dir.path()).error().message ==
          "web token file " + dir.path().string() + ": not a regular file");
}
