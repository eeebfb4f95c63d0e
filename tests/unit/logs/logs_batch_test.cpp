// batch_log_events at the exact boundaries of PutLogEvents' limits.
#include <catch2/catch.hpp>

#include <string>

#include "awsrest/logs.hpp"

using awsrest::LogEvent;

namespace {

std::vector<LogEvent> same_time(std::size_t count, const std::string& message, std::int64_t time = 1000) {
    return std::vector<LogEvent>(count, LogEvent{time, message});
}

std::size_t batch_bytes(const std::vector<LogEvent>& batch) {
    std::size_t bytes = 0;
    for (const auto& e : batch) bytes += awsrest::log_event_size(e);
    return bytes;
}

}  // namespace

TEST_CASE("logs: 10000 events are one batch and 10001 are two", "[logs][batch]") {
    auto one = awsrest::batch_log_events(same_time(10000, "x"));
    REQUIRE(one.batches.size() == 1);
    CHECK(one.batches[0].size() == 10000);
    auto two = awsrest::batch_log_events(same_time(10001, "x"));
    REQUIRE(two.batches.size() == 2);
    CHECK(two.batches[0].size() == 10000);
    CHECK(two.batches[1].size() == 1);
    CHECK(awsrest::log_batch_problem(two.batches[0]).empty());
    CHECK_THAT(awsrest::log_batch_problem(same_time(10001, "x")), Catch::Contains("10001 events"));
}

TEST_CASE("logs: 1048576 bytes counting 26 per event fill one batch and one byte more makes two", "[logs][batch]") {
    // 4 events of 262,118 message bytes + 26 = 1,048,576 exactly.
    const std::string message(262144 - 26, 'm');
    auto exact = awsrest::batch_log_events(same_time(4, message));
    REQUIRE(exact.batches.size() == 1);
    CHECK(batch_bytes(exact.batches[0]) == 1048576);
    CHECK(exact.cut_events == 0);
    CHECK(awsrest::log_batch_problem(exact.batches[0]).empty());

    // 1,048,576 bytes with small events: 26 + 38 = 64 bytes each, 16,384 of them would be
    // over 10,000 events, so use the byte bound with large ones: 3 full + one of 262,117 + 1
    // more byte event.
    auto over = same_time(3, message);
    over.push_back({1000, std::string(262144 - 26 - 27, 'm')});
    over.push_back({1000, "a"});  // 27 bytes: exactly 1,048,576 in all
    auto still_one = awsrest::batch_log_events(over);
    REQUIRE(still_one.batches.size() == 1);
    CHECK(batch_bytes(still_one.batches[0]) == 1048576);
    over.back().message = "ab";  // one byte more
    auto split = awsrest::batch_log_events(over);
    REQUIRE(split.batches.size() == 2);
    CHECK(split.batches[1].size() == 1);
    CHECK(batch_bytes(split.batches[0]) <= 1048576);
    CHECK_THAT(awsrest::log_batch_problem(over), Catch::Contains("1048577 bytes"));
}

TEST_CASE("logs: a batch spans at most 24 hours", "[logs][batch]") {
    const std::int64_t day = 24LL * 3600 * 1000;
    auto exact = awsrest::batch_log_events({{0, "a"}, {day, "b"}});
    CHECK(exact.batches.size() == 1);
    auto over = awsrest::batch_log_events({{0, "a"}, {day + 1, "b"}});
    REQUIRE(over.batches.size() == 2);
    CHECK(over.batches[1][0].message == "b");
    CHECK(awsrest::log_batch_problem({{0, "a"}, {day + 1, "b"}}) == "the batch spans more than 24 hours");
}

TEST_CASE("logs: unsorted events are sorted by time and equal times keep their order", "[logs][batch]") {
    auto sorted = awsrest::batch_log_events({{30, "c"}, {10, "a1"}, {20, "b"}, {10, "a2"}, {5, "first"}});
    REQUIRE(sorted.batches.size() == 1);
    std::vector<std::string> order;
    for (const auto& e : sorted.batches[0]) order.push_back(e.message);
    CHECK(order == std::vector<std::string>{"first", "a1", "a2", "b", "c"});
    CHECK(sorted.positions == std::vector<std::vector<std::size_t>>{{4, 1, 3, 2, 0}});
    CHECK_THAT(awsrest::log_batch_problem({{30, "c"}, {10, "a"}}), Catch::Contains("earlier than the one before"));
}

TEST_CASE("logs: a 300 KiB message is cut to 262118 bytes at a character boundary and counted", "[logs][batch]") {
    std::string message(300 * 1024, 'x');
    message[262117] = '\xC3';  // "é" straddling the cut: it must go whole
    message[262118] = '\xA9';
    auto cut = awsrest::batch_log_events({{1, message}, {2, "short"}});
    CHECK(cut.cut_events == 1);
    REQUIRE(cut.batches.size() == 1);
    CHECK(cut.batches[0][0].message.size() == 262117);
    CHECK(awsrest::log_event_size(cut.batches[0][0]) <= awsrest::kMaxLogEventBytes);
    CHECK(cut.batches[0][1].message == "short");
    CHECK_THAT(awsrest::log_batch_problem({{1, message}}), Catch::Contains("at most 262144"));
}

TEST_CASE("logs: invalid UTF-8 is repaired and empty messages become a space and both are counted", "[logs][batch]") {
    auto fixed = awsrest::batch_log_events({{1,
                                             "ok\xFF"
                                             "done"},
                                            {2, ""},
                                            {3, "\xED\xA0\x80"}});
    CHECK(fixed.repaired_events == 2);
    CHECK(fixed.blank_events == 1);
    REQUIRE(fixed.batches.size() == 1);
    CHECK(fixed.batches[0][0].message ==
          "ok\xEF\xBF\xBD"
          "done");
    CHECK(fixed.batches[0][1].message == " ");
    CHECK(fixed.batches[0][2].message == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(awsrest::log_batch_problem(fixed.batches[0]).empty());
}

TEST_CASE("logs: every batch of a large mixed input is within every limit", "[logs][batch]") {
    std::vector<LogEvent> events;
    std::uint64_t state = 12345;  // fixed seed: reproducible
    for (int i = 0; i < 60000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const std::size_t length = static_cast<std::size_t>(state >> 40) % 400;
        events.push_back(
            {static_cast<std::int64_t>((state >> 20) % (3LL * 24 * 3600 * 1000)), std::string(length, 'z')});
    }
    auto batches = awsrest::batch_log_events(events);
    std::size_t total = 0;
    for (const auto& batch : batches.batches) {
        INFO("batch of " << batch.size());
        CHECK(awsrest::log_batch_problem(batch).empty());
        total += batch.size();
    }
    CHECK(total == events.size());
}

TEST_CASE("logs: log group and stream names follow CloudWatch's patterns", "[logs][batch]") {
    CHECK(awsrest::is_log_group_name("/niam/i-0123456789abcdef0"));
    CHECK(awsrest::is_log_group_name("a.b-c_d/e#f"));
    CHECK_FALSE(awsrest::is_log_group_name(""));
    CHECK_FALSE(awsrest::is_log_group_name("a b"));
    CHECK_FALSE(awsrest::is_log_group_name(std::string(513, 'a')));
    CHECK(awsrest::is_log_group_name(std::string(512, 'a')));
    CHECK(awsrest::is_log_stream_name("docker/web 1"));
    CHECK_FALSE(awsrest::is_log_stream_name("docker:web"));
    CHECK_FALSE(awsrest::is_log_stream_name("a*"));
    CHECK_FALSE(awsrest::is_log_stream_name(""));
}
