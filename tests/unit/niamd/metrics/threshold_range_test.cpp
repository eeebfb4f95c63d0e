// Nagios threshold ranges (metrics/threshold_range.hpp), per the Monitoring Plugins guidelines'
// table of examples.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "metrics/perfdata.hpp"
#include "metrics/threshold_range.hpp"

using niamd::metrics::parse_threshold_range;
using niamd::metrics::ThresholdRange;

namespace {

ThresholdRange range(const std::string& text) {
    const auto parsed = parse_threshold_range(text);
    INFO(text);
    REQUIRE(parsed.has_value());
    return *parsed;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("threshold range: the guidelines' examples alert where they say") {
    struct Row {
        const char* text;
        double value;
        bool alerts;
    };
    const Row rows[] = {
        // 10: outside 0..10
        {"10", -0.5, true},
        {"10", 0, false},
        {"10", 10, false},
        {"10", 10.01, true},
        {"10", 5, false},
        // 10: below 10
        {"10:", 9.99, true},
        {"10:", 10, false},
        {"10:", 1e300, false},
        // ~:10 above 10
        {"~:10", 10, false},
        {"~:10", 10.5, true},
        {"~:10", -1e300, false},
        // 10:20 outside 10..20, ends inclusive
        {"10:20", 9, true},
        {"10:20", 10, false},
        {"10:20", 20, false},
        {"10:20", 21, true},
        // @10:20 inside 10..20, ends inclusive
        {"@10:20", 9, false},
        {"@10:20", 10, true},
        {"@10:20", 15, true},
        {"@10:20", 20, true},
        {"@10:20", 20.5, false},
        // negative ranges, exponents, an empty start is 0
        {"-5:-1", -3, false},
        {"-5:-1", 0, true},
        {"1e3", 999, false},
        {"1e3", 1001, true},
        {":10", -1, true},
        // ~: never alerts, @~: always does
        {"~:", -1e300, false},
        {"@~:", 42, true},
    };
    for (const auto& row : rows) {
        INFO(row.text << " at " << row.value);
        CHECK(range(row.text).alerts(row.value) == row.alerts);
    }
}

TEST_CASE("threshold range: the parsed ends and the inside flag") {
    const auto plain = range("10");
    CHECK(plain.start == 0);
    CHECK(plain.end == 10);
    CHECK_FALSE(plain.inside);
    const auto open_end = range("10:");
    CHECK(open_end.start == 10);
    CHECK(std::isinf(open_end.end));
    const auto open_start = range("~:10");
    CHECK(open_start.start == -kInf);
    CHECK(open_start.end == 10);
    const auto inside = range("@10:20");
    CHECK(inside.inside);
    CHECK(inside.start == 10);
    CHECK(inside.end == 20);
    CHECK(range("+2.5:3").start == 2.5);
}

TEST_CASE("threshold range: what is not a range is refused") {
    for (const char* bad : {"",    "@",   ":",    "@:",    "a",     "10:b",  "b:10", "~",   "~10",    "1:2:3",
                            "nan", "inf", "10:~", "1e999", "20:10", "@5:-5", " 10",  "10 ", "10:20x", "@@10"}) {
        INFO(bad);
        CHECK_FALSE(parse_threshold_range(bad).has_value());
        CHECK_FALSE(niamd::metrics::is_threshold_range(bad));
    }
}

TEST_CASE("threshold range: text gives back the shortest form that reads the same") {
    CHECK(range("10").text() == "10");
    CHECK(range("0:10").text() == "10");
    CHECK(range("10:").text() == "10:");
    CHECK(range("0:").text() == "0:");
    CHECK(range("~:10").text() == "~:10");
    CHECK(range("@10:20").text() == "@10:20");
    CHECK(range("~:").text() == "~:");
    CHECK(range("-0").text() == "0");
    CHECK(range("+1.50").text() == "1.5");
    for (const char* text : {"10", "10:", "~:10", "10:20", "@10:20", "-5:-1", "@~:0", "0.1:0.3", "1e-300:1e300"}) {
        INFO(text);
        CHECK(range(range(text).text()) == range(text));
    }
}
