#include <catch2/catch.hpp>

#include <string>

#include "web/access_guard.hpp"
#include "web/base64.hpp"
#include "web/basic_auth_file.hpp"
#include "web/listen_address.hpp"
#include "web_fixtures.hpp"

using namespace niamd::web;

namespace {

std::string hex(const PasswordDigest& digest) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const auto b : digest) {
        out += kHex[b >> 4];
        out += kHex[b & 0xf];
    }
    return out;
}

}  // namespace

TEST_CASE("base64: RFC 4648 vectors both ways, non-canonical input refused", "[web]") {
    const std::pair<std::string, std::string> vectors[] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
        {"admin:pa:ss", "YWRtaW46cGE6c3M="},
    };
    for (const auto& [plain, encoded] : vectors) {
        CAPTURE(plain);
        CHECK(encode_base64(plain) == encoded);
        CHECK(decode_base64(encoded) == plain);
    }
    for (const char* bad : {"Zg", "Zg=", "Z===", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n", "=Zm9", "Zg==Zg==", "Zm*v"}) {
        CAPTURE(bad);
        CHECK_FALSE(decode_base64(bad).has_value());
    }
    CHECK_FALSE(decode_base64(std::string(kMaxBase64Chars + 4, 'A')).has_value());
}

TEST_CASE("basic auth file: plain and {SHA256} users, comments and blank lines", "[web]") {
    // printf %s 's3cret pass' | sha256sum
    const std::string digest = "099a754c8251fb8a001b6642afb5259bd2edb705677b939f6ef4c00cab1e6389";
    const auto users = parse_basic_auth_file(
        "# users of the dashboard\n\n"
        "alice:correct horse:battery\r\n"
        "  bob:{SHA256}" +
            digest + "  \n",
        "web.users");
    REQUIRE(users.ok());
    REQUIRE(users->size() == 2);
    CHECK((*users)[0].name == "alice");
    CHECK((*users)[0].digest == password_digest("correct horse:battery"));
    CHECK((*users)[1].name == "bob");
    CHECK((*users)[1].digest == password_digest("s3cret pass"));
}

TEST_CASE("basic auth file: problems name file and line, never the password", "[web]") {
    struct Row {
        std::string text;
        std::string message;
    };
    const Row rows[] = {
        {"alice\n", "web.users:1: expected user:password"},
        {"# c\n:hunter2secret\n", "web.users:2: empty user name"},
        {"al ice:hunter2secret\n", "web.users:1: user name with a space or control character"},
        {"alice:\n", "web.users:1: empty password for user alice"},
        {"alice:{SHA256}abc\n", "web.users:1: {SHA256} needs 64 hex digits"},
        {"alice:{SHA256}" + std::string(64, 'g') + "\n", "web.users:1: {SHA256} needs 64 hex digits"},
        {"alice:$apr1$hunter2secret\n", "web.users:1: unsupported password hash"},
        {"alice:{SHA}hunter2secret\n", "web.users:1: unsupported password hash"},
        {"alice:hunter2secret\nalice:hunter2secret\n", "web.users:2: user alice listed twice"},
        {"# nobody\n", "web.users: no users"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.text);
        const auto users = parse_basic_auth_file(row.text, "web.users");
        REQUIRE_FALSE(users.ok());
        CHECK_THAT(users.error().message, Catch::StartsWith(row.message));
        CHECK(users.error().message.find("hunter2secret") == std::string::npos);
    }
    CHECK_FALSE(parse_basic_auth_file(std::string(kMaxBasicAuthFileBytes + 1, '#'), "big").ok());
}

TEST_CASE("basic auth file: a missing file is a clear error", "[web]") {
    const auto users = load_basic_auth_file("/nonexistent/niam/web.users");
    REQUIRE_FALSE(users.ok());
    CHECK(users.error().message == "basic auth file /nonexistent/niam/web.users: cannot be read");
}

TEST_CASE("access guard: open without credentials, else bearer, basic, cookie or query token", "[web]") {
    const AccessGuard open;
    CHECK_FALSE(open.required());
    CHECK(open.allows({}));

    web_test::TempDir dir;
    const auto file =
        dir.write("web.users", "alice:wonder land\nbob:{SHA256}" + hex(password_digest("builder")) + "\n");
    const std::string token = "0123456789abcdef-token";
    auto guard = AccessGuard::create(token, file);
    REQUIRE(guard.ok());
    CHECK(guard->required());
    CHECK(guard->challenge() == "Basic realm=\"niam\", charset=\"UTF-8\"");

    struct Row {
        std::string authorization;
        std::string cookie;
        std::optional<std::string> query;
        bool allowed;
    };
    const Row rows[] = {
        {"", "", std::nullopt, false},
        {"Bearer " + token, "", std::nullopt, true},
        {"bearer  " + token + " ", "", std::nullopt, true},
        {"Bearer " + token + "x", "", std::nullopt, false},
        {"Bearer", "", std::nullopt, false},
        {"Basic " + encode_base64("alice:wonder land"), "", std::nullopt, true},
        {"Basic " + encode_base64("bob:builder"), "", std::nullopt, true},
        {"Basic " + encode_base64("bob:wonder land"), "", std::nullopt, false},
        {"Basic " + encode_base64("carol:builder"), "", std::nullopt, false},
        {"Basic " + encode_base64("alice"), "", std::nullopt, false},
        {"Basic !!!!", "", std::nullopt, false},
        {"Basic " + encode_base64(token), "", std::nullopt, false},
        {"", "theme=dark; niam_token=" + token, std::nullopt, true},
        {"", "niam_token=\"" + token + "\"", std::nullopt, true},
        {"", "niam_token=wrong-wrong-wrong-wrong", std::nullopt, false},
        {"", "other_niam_token=" + token, std::nullopt, false},
        {"", "", token, true},
        {"", "", std::string("nope"), false},
        {"Bearer wrong", "", token, true},
    };
    for (const auto& row : rows) {
        CAPTURE(row.authorization, row.cookie, row.query.value_or("(none)"));
        PresentedCredentials presented;
        presented.authorization = row.authorization;
        presented.cookie = row.cookie;
        if (row.query) presented.token = *row.query;
        CHECK(guard->allows(presented) == row.allowed);
    }

    auto token_only = AccessGuard::create(token, {});
    REQUIRE(token_only.ok());
    CHECK(token_only->challenge() == "Bearer realm=\"niam\"");
    PresentedCredentials basic;
    const std::string header = "Basic " + encode_base64("alice:wonder land");
    basic.authorization = header;
    CHECK_FALSE(token_only->allows(basic));
}

TEST_CASE("access guard: weak or odd tokens and bad files are refused at creation", "[web]") {
    auto short_token = AccessGuard::create("short", {});
    REQUIRE_FALSE(short_token.ok());
    CHECK(short_token.error().message == "web access token: needs 16 to 256 characters");
    CHECK(short_token.error().message.find("short") == std::string::npos);
    auto spaced = AccessGuard::create("has a space in the token", {});
    REQUIRE_FALSE(spaced.ok());
    CHECK(spaced.error().message == "web access token: only letters, digits and . _ ~ + / = - allowed");
    CHECK_FALSE(AccessGuard::create("", "/nonexistent/web.users").ok());
}

TEST_CASE("listen address: ADDR:PORT forms and loopback detection", "[web]") {
    struct Row {
        std::string text;
        std::string address;
        int port;
    };
    const Row good[] = {
        {"127.0.0.1:8080", "127.0.0.1", 8080}, {"0.0.0.0:80", "0.0.0.0", 80}, {"[::1]:9000", "::1", 9000},
        {"localhost:0", "localhost", 0},       {":8081", "127.0.0.1", 8081},  {"8082", "127.0.0.1", 8082},
    };
    for (const auto& row : good) {
        CAPTURE(row.text);
        const auto parsed = parse_listen_address(row.text);
        REQUIRE(parsed.ok());
        CHECK(parsed->address == row.address);
        CHECK(parsed->port == row.port);
    }
    for (const char* bad :
         {"", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536", "::1:80", "[::1]80", "a b:80", "1.2.3.4:-1"}) {
        CAPTURE(bad);
        const auto parsed = parse_listen_address(bad);
        REQUIRE_FALSE(parsed.ok());
        CHECK_THAT(parsed.error().message, Catch::StartsWith("web address '"));
    }
    for (const char* loopback : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "localhost"}) {
        CAPTURE(loopback);
        CHECK(is_loopback(loopback));
    }
    for (const char* open :
         {"0.0.0.0", "::", "10.0.0.1", "192.168.1.1", "example.org", "128.0.0.1", "::ffff:10.0.0.1"}) {
        CAPTURE(open);
        CHECK_FALSE(is_loopback(open));
    }
}
