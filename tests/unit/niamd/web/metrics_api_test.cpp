// GET /api/metrics: the JSON bodies (pure functions) and the endpoint on a real SQLite store.
#include <catch2/catch.hpp>

#include <string>

#include "web/metrics_json.hpp"
#include "served_store.hpp"

using web_test::kNow;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

niamd::store::MetricSeriesRow series_row(std::string name, std::string tags, std::string unit, std::int64_t time,
                                         double value) {
    niamd::store::MetricSeriesRow row;
    row.name = std::move(name);
    row.tags = std::move(tags);
    row.unit = std::move(unit);
    row.created = time - 3600;
    row.last_time = time;
    row.last_value = value;
    return row;
}

niamd::store::MetricSampleRow sample(std::string name, std::string tags, std::int64_t time, double value) {
    niamd::store::MetricSampleRow row;
    row.hostname = "web-1";
    row.instance = "i-0aaa";
    row.name = std::move(name);
    row.tags = std::move(tags);
    row.unit = "%";
    row.time = time;
    row.value = value;
    return row;
}

// web-1 with a day of samples a minute.
web_test::ServedStore served_samples() {
    return web_test::ServedStore([](niamd::store::HistoryStore& store) {
        niamd::store::Batch batch;
        for (std::int64_t t = kNow - 86400 + 60; t <= kNow; t += 60) {
            batch.samples.push_back(sample("fs.used_pct", "mount=/", t, static_cast<double>(t % 7)));
            batch.samples.push_back(sample("net.rx_bytes_per_s", "if=eth0;dir=in", t, 1000));
        }
        web_test::commit(store, batch);
    });
}

}  // namespace

TEST_CASE("metrics json: the latest value of every series with tags as an object", "[web]") {
    const niamd::store::HostKey host{"web-1", "i-0aaa"};
    const std::string body =
        niamd::web::latest_metrics_json(host, {series_row("fs.used_pct", "mount=/mnt/a%3Bb", "%", 1700000000, 42.5),
                                               series_row("load.1", "", "", 1700000001, 0.1)});
    CHECK(body == R"({"host":"web-1","instance":"i-0aaa","metrics":[)"
                  R"({"name":"fs.used_pct","tags":{"mount":"/mnt/a;b"},"unit":"%","time":1700000000,"value":42.5},)"
                  R"({"name":"load.1","tags":{},"unit":"","time":1700000001,"value":0.1}]})");
}

TEST_CASE("metrics json: points raw and rolled up with min and max", "[web]") {
    const niamd::store::HostKey host{"web-1", "i-0aaa"};
    const auto series = series_row("cpu.user_pct", "", "%", 1700000000, 1);
    niamd::store::MetricPoints raw;
    raw.unit = "%";
    raw.times = {1700000000, 1700000060};
    raw.values = {1.5, -2};
    CHECK(niamd::web::metric_points_json(host, series, raw, 1699999000, 1700000100) ==
          R"({"host":"web-1","instance":"i-0aaa","name":"cpu.user_pct","tags":{},"unit":"%",)"
          R"("since":1699999000,"until":1700000100,"points":[[1700000000,1.5],[1700000060,-2]]})");
    niamd::store::MetricPoints rolled = raw;
    rolled.step = 300;
    rolled.rolled_up = true;
    rolled.mins = {1, -3};
    rolled.maxs = {2, 1e20};
    CHECK(niamd::web::metric_points_json(host, series, rolled, 1699999000, 1700000100) ==
          R"({"host":"web-1","instance":"i-0aaa","name":"cpu.user_pct","tags":{},"unit":"%",)"
          R"("since":1699999000,"until":1700000100,"step":300,"rollup":"5m",)"
          R"("points":[[1700000000,1.5],[1700000060,-2]],"min":[1,-3],"max":[2,1e+20]})");
    CHECK(niamd::web::step_text(3600) == "1h");
    CHECK(niamd::web::step_text(900) == "15m");
    CHECK(niamd::web::step_text(45) == "45s");
}

TEST_CASE("metrics json: tag parameters and finding a series by its tags in any order", "[web]") {
    auto tags = niamd::web::parse_tag_params({"if=eth0", "dir=in", "empty="});
    REQUIRE(tags);
    REQUIRE(tags->size() == 3);
    CHECK((*tags)[0].key == "if");
    CHECK((*tags)[2].value.empty());
    CHECK_FALSE(niamd::web::parse_tag_params({"=eth0"}));
    CHECK_FALSE(niamd::web::parse_tag_params({"noequals"}));

    const std::vector<niamd::store::MetricSeriesRow> all = {series_row("net.rx", "if=eth0;dir=in", "B/s", 1, 1),
                                                            series_row("net.rx", "if=eth1", "B/s", 1, 2)};
    const auto* found = niamd::web::find_series(all, "net.rx", {{"dir", "in"}, {"if", "eth0"}});
    REQUIRE(found != nullptr);
    CHECK(found->tags == "if=eth0;dir=in");
    CHECK(niamd::web::find_series(all, "net.rx", {{"if", "eth0"}}) == nullptr);  // exactly the tags
    CHECK(niamd::web::find_series(all, "net.tx", {{"if", "eth1"}}) == nullptr);
}

TEST_CASE("web api: /api/metrics gives latest values and the points of one series", "[web]") {
    auto served = served_samples();
    const auto latest = served.get("/api/metrics?host=web-1");
    REQUIRE(latest);
    CHECK(latest->status == 200);
    CHECK(contains(latest->body, R"("host":"web-1","instance":"i-0aaa","metrics":[)"));
    CHECK(contains(latest->body, R"({"name":"fs.used_pct","tags":{"mount":"/"},"unit":"%","time":1440938160,)"));

    const auto hour = served.get("/api/metrics?host=web-1&name=fs.used_pct&tag=mount%3D/&since=1h");
    REQUIRE(hour);
    CHECK(hour->status == 200);
    CHECK(contains(hour->body, R"("name":"fs.used_pct","tags":{"mount":"/"},"unit":"%","since":1440934560,)"
                               R"("until":1440938160,"points":[[1440934560,)"));
    CHECK_FALSE(contains(hour->body, "rollup"));

    // Tags in another order; a week: from rollups.
    const auto week = served.get("/api/metrics?host=web-1&name=net.rx_bytes_per_s&tag=dir%3Din&tag=if%3Deth0&since=7d");
    REQUIRE(week);
    CHECK(week->status == 200);
    CHECK(contains(week->body, R"("step":900,"rollup":"15m","points":[[)"));
    CHECK(contains(week->body, R"("min":[1000,)"));

    // Until as a duration before now.
    const auto until = served.get("/api/metrics?host=web-1&name=fs.used_pct&tag=mount%3D/&since=2h&until=1h");
    REQUIRE(until);
    CHECK(contains(until->body, R"("until":1440934560)"));
}

TEST_CASE("web api: /api/metrics answers 404 for unknown hosts and series and 400 naming a bad parameter", "[web]") {
    auto served = served_samples();
    const std::pair<std::string, std::string> bad[] = {
        {"/api/metrics", "host:"},
        {"/api/metrics?host=web-1&tag=mount%3D/", "name:"},
        {"/api/metrics?host=web-1&name=", "name:"},
        {"/api/metrics?host=web-1&name=fs.used_pct&tag=mount", "tag:"},
        {"/api/metrics?host=web-1&name=fs.used_pct&since=soon", "since:"},
        {"/api/metrics?host=web-1&name=fs.used_pct&until=later", "until:"},
        {"/api/metrics?host=web-1&name=fs.used_pct&since=1h&until=2h", "since:"},
    };
    for (const auto& [path, named] : bad) {
        CAPTURE(path);
        const auto res = served.get(path);
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(contains(res->body, R"({"error":")" + named));
    }
    const auto no_host = served.get("/api/metrics?host=nobody");
    REQUIRE(no_host);
    CHECK(no_host->status == 404);
    CHECK(contains(no_host->body, "unknown host: nobody"));
    const auto no_series = served.get("/api/metrics?host=web-1&name=fs.used_pct&tag=mount%3D/boot");
    REQUIRE(no_series);
    CHECK(no_series->status == 404);
    CHECK(contains(no_series->body, "unknown metric series"));
    // Another instance of the same hostname: it has no series.
    const auto other = served.get("/api/metrics?host=web-1&instance=i-0zzz");
    REQUIRE(other);
    CHECK(other->status == 404);
}
