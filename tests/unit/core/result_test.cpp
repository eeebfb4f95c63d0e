// Result<T>'s value_or, and_then and transform: the value goes on, an error passes through
// unchanged and the next step is not called.
#include <catch2/catch.hpp>

#include <awsrest/result.hpp>

#include <charconv>
#include <memory>
#include <string>
#include <string_view>

using awsrest::Error;
using awsrest::ErrorKind;
using awsrest::Result;

namespace {

Result<int> parse_int(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return awsrest::make_error(ErrorKind::Parse, "not a number: " + std::string(text));
    }
    return value;
}

Result<std::string> fetched(bool ok) {
    if (!ok) {
        Error error = awsrest::make_error(ErrorKind::Network, "connection refused");
        error.http_status = 0;
        error.request_id = "req-1";
        return error;
    }
    return std::string("42");
}

}  // namespace

TEST_CASE("result: value_or gives the value or the fallback", "[core][result]") {
    CHECK(parse_int("7").value_or(-1) == 7);
    CHECK(parse_int("x").value_or(-1) == -1);
    const Result<std::string> held = std::string("kept");
    CHECK(held.value_or("other") == "kept");
    CHECK(fetched(false).value_or("none") == "none");
}

TEST_CASE("result: and_then chains a step that can fail, and skips it after an error", "[core][result]") {
    const auto number = fetched(true).and_then(parse_int);
    REQUIRE(number.ok());
    CHECK(*number == 42);

    int calls = 0;
    const auto failed = fetched(false).and_then([&](const std::string& body) {
        ++calls;
        return parse_int(body);
    });
    REQUIRE_FALSE(failed.ok());
    CHECK(calls == 0);
    CHECK(failed.error().kind == ErrorKind::Network);
    CHECK(failed.error().message == "connection refused");
    CHECK(failed.error().request_id == "req-1");

    const auto bad = Result<std::string>(std::string("4x2")).and_then(parse_int);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "not a number: 4x2");
}

TEST_CASE("result: transform maps the value, moves it out of an rvalue, and keeps the error", "[core][result]") {
    const auto length = fetched(true).transform([](const std::string& body) { return body.size(); });
    REQUIRE(length.ok());
    CHECK(*length == 2);
    CHECK_FALSE(fetched(false).transform([](const std::string& body) { return body.size(); }).ok());

    // A move-only value goes through an rvalue chain.
    auto owned = Result<std::unique_ptr<int>>(std::make_unique<int>(5)).transform([](std::unique_ptr<int>&& p) {
        return *p * 2;
    });
    REQUIRE(owned.ok());
    CHECK(*owned == 10);

    int seen = 0;
    const Result<void> done = parse_int("3").transform([&](int value) { seen = value; });
    CHECK(done.ok());
    CHECK(seen == 3);
}

TEST_CASE("result: Result<void>::and_then runs the next step only after a success", "[core][result]") {
    const Result<void> ok;
    const auto next = ok.and_then([] { return parse_int("9"); });
    REQUIRE(next.ok());
    CHECK(*next == 9);

    const Result<void> failed = awsrest::make_error(ErrorKind::Credentials, "no credentials");
    int calls = 0;
    const auto skipped = failed.and_then([&]() -> Result<int> {
        ++calls;
        return 1;
    });
    REQUIRE_FALSE(skipped.ok());
    CHECK(calls == 0);
    CHECK(skipped.error().kind == ErrorKind::Credentials);
}
