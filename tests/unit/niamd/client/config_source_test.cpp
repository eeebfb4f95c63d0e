// ConfigSource over a scripted S3: a config refused whole (too large) never turns the checks
// off. At start it falls back to the cached last good config; the refusal is told (log and
// refusal(), which the client sends to the master as a PROBLEM record) until a good config
// is accepted again.
#include <catch2/catch.hpp>

#include <awsrest/aws_client.hpp>
#include <awsrest/s3.hpp>

#include "client/config_source.hpp"
#include "client/problem_report.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"
#include "support/temp_dir.hpp"

using niamd::client::ConfigSource;

namespace {

const std::string kGood = "INTERVAL 60\nPING db1 PORT 5432\nHTTP www.example.org PORT 80\n";

struct S3 {
    test_support::ScriptedHttp http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;
    awsrest::AwsClient client{http, credentials, clock, nullptr,
                              awsrest::RetryPolicy{1, std::chrono::milliseconds{1}, std::chrono::milliseconds{1}}};
    awsrest::S3Client s3{client, {awsrest::Endpoint{"http", "127.0.0.1", 4566, ""}, "us-east-1", "s3"}};
};

}  // namespace

TEST_CASE("config source: a refused config at start runs the cached one, and says so", "[client][config]") {
    test_support::TempDir state("niam-config-source");
    {
        S3 s3;
        s3.http.respond(200, kGood, {{"ETag", "\"good\""}});
        ConfigSource config(&s3.s3, "b", "web1", state.path(), {});
        config.refresh();
        REQUIRE(config.config().checks.size() == 2);
        CHECK(config.refusal().empty());
    }
    // 10 MB uploaded over the good config; the client restarts.
    S3 s3;
    s3.http.respond(200, std::string(10 * 1024 * 1024, '#'), {{"ETag", "\"huge\""}});
    ConfigSource config(&s3.s3, "b", "web1", state.path(), {});
    CHECK(config.refresh());
    CHECK(config.config().checks.size() == 2);  // not the defaults (PINGs only)
    CHECK(config.config().interval == 60);
    CHECK(config.source() == "s3://b/conf/web1");
    CHECK_THAT(config.refusal(),
               Catch::StartsWith("config from s3://b/conf/web1 refused whole (config is larger than"));
    CHECK_THAT(config.refusal(), Catch::EndsWith("running the config from s3://b/conf/web1"));
    // Unchanged (304): still refused, still told.
    s3.http.respond(304);
    CHECK_FALSE(config.refresh());
    CHECK_FALSE(config.refusal().empty());
    // A good config again: accepted, the refusal is over.
    s3.http.respond(200, "PING db1 PORT 5432\n", {{"ETag", "\"fixed\""}});
    CHECK(config.refresh());
    CHECK(config.config().checks.size() == 1);
    CHECK(config.refusal().empty());
}

TEST_CASE("config source: a refused config with nothing cached runs the defaults, and says so", "[client][config]") {
    test_support::TempDir state("niam-config-source");
    S3 s3;
    s3.http.respond(200, std::string(100 * 1024, '#'), {{"ETag", "\"huge\""}});
    ConfigSource config(&s3.s3, "b", "web1", state.path(), {});
    CHECK(config.refresh());
    CHECK(config.source() == "defaults");
    CHECK(config.config().checks.empty());
    CHECK_THAT(config.refusal(), Catch::EndsWith("running the defaults (PINGs only)"));
}

TEST_CASE("problem report: STATUS 1 every cycle while it lasts, one STATUS 0 when it is over", "[client][config]") {
    niamd::client::ProblemReport report("config");
    const niamd::client::ClientIdentity me{"i-1", "web1"};
    CHECK_FALSE(report.record(me, 100, "", "accepted"));
    for (std::int64_t time : {130, 160}) {
        auto record = report.record(me, time, "config refused", "accepted");
        REQUIRE(record);
        CHECK(record->kind == niamd::protocol::RecordKind::Problem);
        CHECK(record->target == "config");
        CHECK(record->status == 1);
        CHECK(record->time == time);
        CHECK(record->output == std::optional<std::string>("config refused"));
    }
    auto over = report.record(me, 190, "", "accepted");
    REQUIRE(over);
    CHECK(over->status == 0);
    CHECK(over->output == std::optional<std::string>("accepted"));
    CHECK_FALSE(report.record(me, 220, "", "accepted"));
}
