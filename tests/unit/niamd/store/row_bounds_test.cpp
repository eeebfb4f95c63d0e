#include <catch2/catch.hpp>

#include "store/row_bounds.hpp"

using namespace niamd::store;

TEST_CASE("row bounds: a batch within every limit passes", "[store]") {
    Batch batch;
    batch.heartbeats.push_back({HostKey{std::string(kMaxKeyBytes, 'h'), "i-1"}, 1});
    AlertRow alert;
    alert.detail = std::string(kMaxTextBytes, 'd');
    alert.message = std::string(100000, 'm');
    batch.alerts.push_back(alert);
    CHECK(check_bounds(batch).ok());
}

TEST_CASE("row bounds: the first value too long is named with its row and size", "[store]") {
    Batch batch;
    batch.heartbeats.push_back({HostKey{"ok", "i-1"}, 1});
    batch.heartbeats.push_back({HostKey{"ok", std::string(kMaxKeyBytes + 1, 'i')}, 1});
    HostRow host;
    host.detail = std::string(kMaxTextBytes + 1, 'd');
    batch.hosts.push_back(host);
    auto checked = check_bounds(batch);
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.error().kind == awsrest::ErrorKind::InvalidArgument);
    CHECK(checked.error().message ==
          "batch refused before writing: heartbeat #2: instance is 1025 bytes, longer than the limit of 1024");
}

TEST_CASE("row bounds: alert subject, message id and check output are bounded too", "[store]") {
    Batch subject;
    subject.alerts.emplace_back();
    subject.alerts[0].subject = std::string(kMaxTextBytes + 1, 's');
    CHECK_THAT(check_bounds(subject).error().message, Catch::Contains("alert #1: subject is"));

    Batch id;
    id.message_ids.push_back(std::string(kMaxKeyBytes + 1, 'm'));
    CHECK_THAT(check_bounds(id).error().message, Catch::Contains("message id #1"));

    Batch output;
    output.results.emplace_back();
    output.results[0].output = std::string(kMaxLongTextBytes + 1, 'o');
    CHECK_THAT(check_bounds(output).error().message, Catch::Contains("check result #1: output is"));
}

TEST_CASE("clip_utf8: cuts at a character boundary, never inside one", "[store]") {
    CHECK(clip_utf8("hello", 10) == "hello");
    CHECK(clip_utf8("hello", 3) == "hel");
    CHECK(clip_utf8("h\xC3\xA9llo", 2) == "h");  // é is two bytes: not cut in half
    CHECK(clip_utf8("h\xC3\xA9llo", 3) == "h\xC3\xA9");
    CHECK(clip_utf8("\xF0\x9F\xA6\x80x", 3).empty());  // a 4-byte character
    CHECK(clip_utf8("\xF0\x9F\xA6\x80x", 4) == "\xF0\x9F\xA6\x80");
    CHECK(clip_utf8("", 0).empty());
}
