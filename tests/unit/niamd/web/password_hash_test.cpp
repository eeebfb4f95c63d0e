// The basic-auth file's crypt hashes, made by the real tools (htpasswd -B of apache2-utils,
// mkpasswd of whois) and by libcrypt's crypt_gensalt, verified through libcrypt.
#include <catch2/catch.hpp>

#include <crypt.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <latch>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "log/log.hpp"
#include "web/access_guard.hpp"
#include "web/base64.hpp"
#include "web/basic_auth_file.hpp"
#include "web_fixtures.hpp"

using namespace niamd::web;

namespace {

// The first line `command` prints (its trailing newline cut).
std::string first_line_of(const std::string& command) {
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) FAIL("cannot run " + command);
    std::array<char, 512> buffer{};
    std::string line;
    if (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) line = buffer.data();
    const int status = ::pclose(pipe);
    if (status != 0) FAIL(command + " failed (scripts/install-deps installs apache2-utils and whois)");
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return line;
}

// A hash libcrypt makes itself: crypt_gensalt for `prefix` at `cost`, then crypt_rn.
std::string libcrypt_hash(const char* prefix, unsigned long cost, const std::string& password) {
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    REQUIRE(crypt_gensalt_rn(prefix, cost, nullptr, 0, setting, sizeof setting) != nullptr);
    crypt_data data{};
    const char* hash = crypt_rn(password.c_str(), setting, &data, sizeof data);
    REQUIRE(hash != nullptr);
    return hash;
}

bool basic_allowed(const AccessGuard& guard, const std::string& pair) {
    const std::string header = "Basic " + encode_base64(pair);
    PresentedCredentials presented;
    presented.authorization = header;
    return guard.allows(presented);
}

}  // namespace

TEST_CASE("password hashes: htpasswd -B, mkpasswd yescrypt and SHA-512, libcrypt bcrypt verified", "[web]") {
    const std::string password = "wonder land 7";
    // htpasswd -nbB prints "user:hash"; cost 4 keeps the test quick.
    const std::string bcrypt_line = first_line_of("htpasswd -nbB -C 4 alice '" + password + "'");
    REQUIRE(bcrypt_line.starts_with("alice:$2y$04$"));
    const std::string yescrypt = first_line_of("mkpasswd -m yescrypt '" + password + "'");
    REQUIRE(yescrypt.starts_with("$y$"));
    const std::string sha512 = first_line_of("mkpasswd -m sha-512 '" + password + "'");
    REQUIRE(sha512.starts_with("$6$"));
    const std::string bcrypt_b = libcrypt_hash("$2b$", 4, "builder");

    web_test::TempDir dir;
    const auto file =
        dir.write("web.users", bcrypt_line + "\nbob:" + yescrypt + "\ncarol:" + sha512 + "\ndave:" + bcrypt_b + "\n");
    const auto users = load_basic_auth_file(file);
    REQUIRE(users.ok());
    REQUIRE(users->size() == 4);
    for (const auto& user : *users) CHECK(user.scheme == PasswordScheme::Crypt);

    auto guard = AccessGuard::create("", file);
    REQUIRE(guard.ok());
    struct Row {
        std::string pair;
        bool allowed;
    };
    const Row rows[] = {
        {"alice:" + password, true},
        {"bob:" + password, true},
        {"carol:" + password, true},
        {"dave:builder", true},
        {"alice:" + password + " ", false},
        {"alice:wonder land", false},
        {"bob:" + password + "x", false},
        {"carol:", false},
        {"dave:Builder", false},
        {"mallory:" + password, false},
        {"alice:" + password, true},  // again, now remembered
        {"bob:wrong", false},         // a wrong one after a remembered right one
        {"bob:" + password, true},
    };
    for (const auto& row : rows) {
        CAPTURE(row.pair);
        CHECK(basic_allowed(*guard, row.pair) == row.allowed);
    }
    // crypt would stop at the NUL: "builder\0anything" must not pass for "builder".
    CHECK_FALSE(basic_allowed(*guard, std::string("dave:builder\0anything", 21)));
    CHECK_FALSE(crypt_matches(std::string("builder\0x", 9), bcrypt_b));
    CHECK(crypt_matches("builder", bcrypt_b));
}

TEST_CASE("password hashes: a verified pair is remembered, so a slow hash runs once", "[web]") {
    // bcrypt cost 10: each check takes tens of milliseconds on purpose.
    const std::string hash = libcrypt_hash("$2b$", 10, "slow but sure");
    web_test::TempDir dir;
    auto guard = AccessGuard::create("", dir.write("web.users", "erin:" + hash + "\n"));
    REQUIRE(guard.ok());

    const auto time = [&](int times, const std::string& pair) {
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < times; ++i) CHECK(basic_allowed(*guard, pair) == (pair == "erin:slow but sure"));
        return std::chrono::steady_clock::now() - start;
    };
    const auto first = time(1, "erin:slow but sure");
    const auto remembered = time(50, "erin:slow but sure");
    const auto wrong = time(2, "erin:slow but wrong");
    CAPTURE(std::chrono::duration_cast<std::chrono::microseconds>(first).count(),
            std::chrono::duration_cast<std::chrono::microseconds>(remembered).count(),
            std::chrono::duration_cast<std::chrono::microseconds>(wrong).count());
    CHECK(remembered < first);  // 50 remembered checks cost less than one bcrypt
    CHECK(wrong > remembered);  // wrong passwords are never remembered: each runs bcrypt
}

TEST_CASE("password hashes: at most kMaxConcurrentHashChecks run at once, the rest are Busy", "[web]") {
    const std::string hash = libcrypt_hash("$2b$", 12, "right");  // a few hundred ms per check
    web_test::TempDir dir;
    auto guard = AccessGuard::create("", dir.write("web.users", "frank:" + hash + "\n"));
    REQUIRE(guard.ok());

    constexpr int kThreads = kMaxConcurrentHashChecks + 4;
    std::latch ready(kThreads);
    std::vector<AccessVerdict> verdicts(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            const std::string header = "Basic " + encode_base64("frank:wrong " + std::to_string(i));
            PresentedCredentials presented;
            presented.authorization = header;
            ready.arrive_and_wait();
            verdicts[static_cast<std::size_t>(i)] = guard->check(presented);
        });
    }
    for (auto& thread : threads) thread.join();
    const auto count = [&](AccessVerdict verdict) { return std::count(verdicts.begin(), verdicts.end(), verdict); };
    CHECK(count(AccessVerdict::WrongCredentials) <= kMaxConcurrentHashChecks);
    CHECK(count(AccessVerdict::Busy) >= kThreads - kMaxConcurrentHashChecks);
    CHECK(count(AccessVerdict::WrongCredentials) + count(AccessVerdict::Busy) == kThreads);
}

TEST_CASE("password hashes: bad and unsupported hashes refused, never shown", "[web]") {
    const std::string good = libcrypt_hash("$2b$", 4, "pw");
    struct Row {
        std::string secret;
        std::string message;
    };
    const Row rows[] = {
        {"$2y$04$hunter2secretTooShort", "web.users:1: malformed password hash for user alice"},
        {"$y$hunter2secret", "web.users:1: malformed password hash for user alice"},
        {"$6$hunter2secret$bad:char", "web.users:1: malformed password hash for user alice"},
        {good.substr(0, good.size() - 1) + "!", "web.users:1: malformed password hash for user alice"},
        {"$1$hunter2secret$abcdefghijklmnopqrstuv", "web.users:1: unsupported password hash"},
        {"$apr1$hunter2secret$abcdefghijklmnopqrstuv", "web.users:1: unsupported password hash"},
        {"$hunter2secret", "web.users:1: unsupported password hash"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.secret);
        const auto users = parse_basic_auth_file("alice:" + row.secret + "\n", "web.users");
        REQUIRE_FALSE(users.ok());
        CHECK_THAT(users.error().message, Catch::StartsWith(row.message));
        CHECK(users.error().message.find("hunter2secret") == std::string::npos);
    }
}

TEST_CASE("password hashes: {SHA256} users are accepted with a warning that shows no hash", "[web]") {
    // printf %s 's3cret pass' | sha256sum
    const std::string digest = "099a754c8251fb8a001b6642afb5259bd2edb705677b939f6ef4c00cab1e6389";
    web_test::TempDir dir;
    const auto file =
        dir.write("web.users", "bob:{SHA256}" + digest + "\ndave:" + libcrypt_hash("$y$", 0, "pw") + "\n");
    std::FILE* captured = std::tmpfile();
    REQUIRE(captured != nullptr);
    niamd::log::to_stream(captured);
    const bool debug = niamd::log::enabled(niamd::log::Level::Debug);
    niamd::log::set_level(niamd::log::Level::Warning);
    const auto users = load_basic_auth_file(file);
    niamd::log::set_level(debug ? niamd::log::Level::Debug : niamd::log::Level::Error);
    niamd::log::to_stream(stderr);
    REQUIRE(users.ok());
    std::rewind(captured);
    std::string logged;
    for (int c = std::fgetc(captured); c != EOF; c = std::fgetc(captured)) logged += static_cast<char>(c);
    std::fclose(captured);
    CHECK_THAT(logged, Catch::Contains("WARN basic auth file " + file.string() +
                                       ": 1 user(s) with a {SHA256} hash, which is fast to guess"));
    CHECK(logged.find(digest) == std::string::npos);
    CHECK(logged.find("$y$") == std::string::npos);
}
