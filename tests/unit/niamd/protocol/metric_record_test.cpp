#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "protocol/metric_record.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

using niamd::metrics::Sample;
using niamd::metrics::Tag;
using namespace niamd::protocol;

TEST_CASE("metric record: a sample encodes as a METRIC line and decodes back the same") {
    Sample sample{"fs.used_pct", {{"mount", "/"}, {"dev", "sda1"}}, "%", 42.5, 0};
    const Record record = metric_record("i-0abc", "web1", sample, 1700000000);
    const std::string line = encode_record(record);
    CHECK(line == "i-0abc,web1,METRIC,fs.used_pct,mount=/;dev=sda1,1700000000,42.5,%");
    const auto decoded = decode_message(line);
    REQUIRE(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 1);
    CHECK(decoded.records[0] == record);
    const auto back = sample_of(decoded.records[0]);
    REQUIRE(back);
    CHECK(back->name == "fs.used_pct");
    CHECK(back->tags == sample.tags);
    CHECK(back->unit == "%");
    CHECK(back->value == 42.5);
    CHECK(back->time == 1700000000);
}

TEST_CASE("metric record: values round-trip exactly, the sample's own time wins") {
    for (const double value : {0.1, -3.0, 1e20, 5e-324, 123456789.125, -0.0, 1.0 / 3.0}) {
        Sample sample{"x", {}, "", value, 1700000009};
        const auto decoded = decode_message(encode_record(metric_record("NOT-AWS", "h", sample, 5)));
        REQUIRE(decoded.records.size() == 1);
        CHECK(decoded.records[0].value == value);
        CHECK(decoded.records[0].time == 1700000009);
        CHECK(decoded.records[0].port_or_arg.empty());
    }
}

TEST_CASE("metric record: tag keys and values with separators, quotes and commas survive") {
    const std::vector<Tag> tags{{"mount", "/mnt/a;b=c"}, {"k%", "50%,\"x\""}, {"nl", "a\nb"}};
    const std::string text = encode_tags(tags);
    CHECK(text == "mount=/mnt/a%3Bb%3Dc;k%25=50%25,\"x\";nl=a%0Ab");
    CHECK(decode_tags(text) == tags);
    Sample sample{"check_disk./", tags, "MB", 7, 0};
    const auto decoded = decode_message(encode_record(metric_record("i-1", "h", sample, 9)));
    REQUIRE(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 1);
    CHECK(sample_of(decoded.records[0])->tags == tags);
}

TEST_CASE("metric record: a bad tags field is refused by sample_of") {
    CHECK_FALSE(decode_tags("novalue"));
    CHECK_FALSE(decode_tags("=v"));
    CHECK_FALSE(decode_tags("a=1;"));
    CHECK_FALSE(decode_tags("a=%4"));
    CHECK_FALSE(decode_tags("a=%zz"));
    CHECK(decode_tags("")->empty());
    CHECK(decode_tags("a=")->at(0).value.empty());
}

TEST_CASE("metric record: limits and unit are optional fields, a bad METRIC line is named") {
    const auto decoded = decode_message(
        "i-0abc,web1,METRIC,check_load.load1,,1700000000,0.5,,5;10;0;\n"
        "i-0abc,web1,METRIC,cpu.idle_pct,cpu=all,1700000000,99\n"
        "i-0abc,web1,METRIC,x,,1700000000,nan\n"
        "i-0abc,web1,METRIC,x,,1700000000,inf\n"
        "i-0abc,web1,METRIC,x,,1700000000,0x10\n"
        "i-0abc,web1,METRIC,,,1700000000,1\n"
        "i-0abc,web1,METRIC,x,,1700000000,1,s,1;2;3;4,extra\n"
        "i-0abc,web1,METRIC,x,,1700000000\n"
        "i-0abc,web1,METRIC,x,,1e3,1");
    REQUIRE(decoded.records.size() == 2);
    CHECK(decoded.records[0].limits == "5;10;0;");
    CHECK(decoded.records[0].unit.empty());
    CHECK(decoded.records[1].value == 99);
    REQUIRE(decoded.errors.size() == 7);
    CHECK(decoded.errors[0].message == "line 3: VALUE \"nan\" must be a finite decimal number");
    CHECK(decoded.errors[1].message == "line 4: VALUE \"inf\" must be a finite decimal number");
    CHECK(decoded.errors[2].message == "line 5: VALUE \"0x10\" must be a finite decimal number");
    CHECK(decoded.errors[3].message == "line 6: NAME is empty");
    CHECK(decoded.errors[4].message == "line 7: METRIC record has 10 fields, at most 9 allowed");
    CHECK(decoded.errors[5].message == "line 8: METRIC record needs 7 fields, got 6");
    CHECK(decoded.errors[6].message == "line 9: TIME \"1e3\" must be Unix seconds (digits only)");
}

TEST_CASE("metric record: an overflowing value is refused") {
    const auto decoded = decode_message("i-0abc,web1,METRIC,x,,1700000000,1e999");
    CHECK(decoded.records.empty());
    REQUIRE(decoded.errors.size() == 1);
}
