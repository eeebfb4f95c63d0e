#include <catch2/catch.hpp>

#include <string>

#include "metrics/perfdata.hpp"

using niamd::metrics::is_threshold_range;
using niamd::metrics::parse_perfdata;

TEST_CASE("perfdata: the guidelines' check_disk example, all five fields") {
    const auto r = parse_perfdata("/=2643MB;5948;5958;0;5968");
    REQUIRE(r.items.size() == 1);
    const auto& item = r.items[0];
    CHECK(item.label == "/");
    CHECK(item.value == 2643);
    CHECK(item.unit == "MB");
    CHECK(item.warn == "5948");
    CHECK(item.crit == "5958");
    CHECK(item.min == 0);
    CHECK(item.max == 5968);
    CHECK(r.bad == 0);
    CHECK(r.first_bad == 0);
}

TEST_CASE("perfdata: space separated items, check_ping's example with ms and %") {
    const auto r = parse_perfdata("rta=0.123000ms;100.000000;500.000000;0.000000 pl=0%;20;60;0");
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].label == "rta");
    CHECK(r.items[0].value == Approx(0.123));
    CHECK(r.items[0].unit == "ms");
    CHECK(r.items[0].min == 0);
    CHECK_FALSE(r.items[0].max.has_value());
    CHECK(r.items[1].label == "pl");
    CHECK(r.items[1].unit == "%");
    CHECK(r.items[1].crit == "60");
}

TEST_CASE("perfdata: every unit of the guidelines is kept, an unknown one makes the item bad") {
    for (const std::string unit : {"s", "ms", "us", "%", "B", "KB", "MB", "GB", "TB", "c", ""}) {
        const auto r = parse_perfdata("x=5" + unit);
        INFO(unit);
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].unit == unit);
        CHECK(r.items[0].value == 5);
    }
    const auto bad = parse_perfdata("a=1 b=2xB c=3");
    CHECK(bad.items.size() == 2);
    CHECK(bad.bad == 1);
    CHECK(bad.first_bad == 2);
    CHECK(bad.first_bad_reason == "unknown unit");
}

TEST_CASE("perfdata: quoted labels, spaces inside and '' for a quote") {
    const auto r = parse_perfdata("'disk used'=5GB 'it''s'=1 ''''=2 '/var/log'=818MB;970;975;0;980");
    REQUIRE(r.items.size() == 4);
    CHECK(r.items[0].label == "disk used");
    CHECK(r.items[1].label == "it's");
    CHECK(r.items[2].label == "'");
    CHECK(r.items[3].label == "/var/log");
    CHECK(r.items[3].max == 980);
}

TEST_CASE("perfdata: empty and dropped trailing fields") {
    const auto r = parse_perfdata("a=1;;;; b=2;;5 c=3; d=4;1;2;; e=5;;;;100");
    REQUIRE(r.items.size() == 5);
    CHECK(r.items[0].warn.empty());
    CHECK(r.items[0].crit.empty());
    CHECK_FALSE(r.items[0].min.has_value());
    CHECK(r.items[1].crit == "5");
    CHECK(r.items[2].value == 3);
    CHECK(r.items[3].warn == "1");
    CHECK_FALSE(r.items[3].max.has_value());
    CHECK(r.items[4].max == 100);
    CHECK(r.bad == 0);
}

TEST_CASE("perfdata: thresholds in range syntax are kept as written") {
    const auto r = parse_perfdata("load=0.5;@10:20;~:30 t=1;10:;5:10");
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].warn == "@10:20");
    CHECK(r.items[0].crit == "~:30");
    CHECK(r.items[1].warn == "10:");
    for (const char* good : {"10", "10:", "~:10", "10:20", "@10:20", "-5:-1", "@~:0"}) CHECK(is_threshold_range(good));
    for (const char* bad : {"", "@", ":", "a", "10:b", "~", "1:2:3", "nan"}) CHECK_FALSE(is_threshold_range(bad));
}

TEST_CASE("perfdata: U is undetermined: not bad, no item") {
    const auto r = parse_perfdata("a=U;1;2 b=3");
    REQUIRE(r.items.size() == 1);
    CHECK(r.items[0].label == "b");
    CHECK(r.undetermined == 1);
    CHECK(r.bad == 0);
}

TEST_CASE("perfdata: bad items are counted, the first is named, the good ones kept") {
    const auto r = parse_perfdata("good=1 novalue= 'unclosed=3 x=nan y=1e999 z=1;2;3;4;5;6 w=1;a b =2 ok=9");
    CHECK(r.items.size() == 2);
    CHECK(r.items[0].label == "good");
    CHECK(r.items.back().label == "ok");
    CHECK(r.first_bad == 2);
    CHECK(r.first_bad_reason == "no value");
    CHECK(r.bad == r.read - 2);
}

TEST_CASE("perfdata: a bad item does not swallow the next") {
    const auto r = parse_perfdata("label-without-equals next=2 'a'b=3 after=4");
    REQUIRE(r.items.size() == 2);
    CHECK(r.items[0].label == "next");
    CHECK(r.items[1].label == "after");
    CHECK(r.bad == 2);
    CHECK(r.first_bad == 1);
}

TEST_CASE("perfdata: NaN and infinities never come out") {
    const auto r = parse_perfdata("a=inf b=-inf c=NaN d=1;2;3;inf e=1;2;3;0;nan");
    CHECK(r.items.empty());
    CHECK(r.bad == 5);
}

TEST_CASE("perfdata: items past the bound are counted as dropped") {
    std::string text;
    for (std::size_t i = 0; i < niamd::metrics::kMaxPerfdataItems + 7; ++i) text += "m" + std::to_string(i) + "=1 ";
    const auto r = parse_perfdata(text);
    CHECK(r.items.size() == niamd::metrics::kMaxPerfdataItems);
    CHECK(r.dropped == 7);
}

TEST_CASE("perfdata: empty or blank text has no items") {
    CHECK(parse_perfdata("").read == 0);
    CHECK(parse_perfdata("   \t ").read == 0);
}
