// CloudWatchLogsClient through AwsClient and a scripted transport: the exact requests (as
// the API reference's examples), the answers, and creating what is missing.
#include <catch2/catch.hpp>

#include <string>

#include "awsrest/aws_client.hpp"
#include "awsrest/logs.hpp"
#include "logs/logs_json.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

using awsrest::ErrorKind;
using awsrest::LogEvent;

namespace {

const awsrest::Headers kJson = {{"Content-Type", "application/x-amz-json-1.1"}};

std::string not_found(const std::string& what) {
    return R"({"__type":"ResourceNotFoundException","message":"The specified log )" + what + R"( does not exist."})";
}

struct LogsFixture {
    std::string header(std::size_t i, const char* name) const {
        return std::string(awsrest::find_header(http.sent.at(i).request.headers, name).value_or("<none>"));
    }
    std::string target(std::size_t i) const { return header(i, "X-Amz-Target"); }

    test_support::ScriptedHttp http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;  // 2015-08-30T12:36:00Z
    awsrest::SeededRandom random{7};
    awsrest::AwsClient client{http, credentials, clock, &random};
    awsrest::CloudWatchLogsClient logs{
        client, {awsrest::Endpoint{"https", "logs.us-east-1.amazonaws.com", 0, ""}, "us-east-1", ""}};
};

const std::vector<LogEvent> kExample = {
    {1396035378988, "Example event 1"}, {1396035378988, "Example event 2"}, {1396035378989, "Example event 3"}};

}  // namespace

TEST_CASE("logs: put_log_events POSTs the API reference's JSON 1.1 body signed for 'logs'", "[logs][client]") {
    LogsFixture f;
    f.http.respond(200, R"({"nextSequenceToken":"49542672486831074009579604567656788214806863282469607346"})", kJson);
    auto put = f.logs.put_log_events("my-log-group", "my-log-stream", kExample);
    REQUIRE(put.ok());
    CHECK(put->accepted == 3);
    CHECK(put->rejected() == 0);
    REQUIRE(f.http.sent.size() == 1);
    const auto& request = f.http.sent[0].request;
    CHECK(request.method == "POST");
    CHECK(request.path == "/");
    CHECK(f.header(0, "Content-Type") == "application/x-amz-json-1.1");
    CHECK(f.target(0) == "Logs_20140328.PutLogEvents");
    CHECK_THAT(f.header(0, "Authorization"),
               Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/logs/aws4_request"));
    CHECK_THAT(f.header(0, "Authorization"), Catch::Contains("x-amz-target"));
    CHECK(request.body == R"({"logGroupName":"my-log-group","logStreamName":"my-log-stream","logEvents":[)"
                          R"({"timestamp":1396035378988,"message":"Example event 1"},)"
                          R"({"timestamp":1396035378988,"message":"Example event 2"},)"
                          R"({"timestamp":1396035378989,"message":"Example event 3"}]})");
}

TEST_CASE("logs: messages are escaped and no sequence token is sent", "[logs][client]") {
    CHECK(
        awsrest::logs::json_put_log_events("g", "s", {{5, "a \"q\" \\ \n\t\x01 é"}}) ==
        R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":5,"message":"a \"q\" \\ \n\t\u0001 é"}]})");
    CHECK(awsrest::logs::json_create_log_group("my-log-group") == R"({"logGroupName":"my-log-group"})");
    CHECK(awsrest::logs::json_create_log_stream("my-log-group", "my-log-stream") ==
          R"({"logGroupName":"my-log-group","logStreamName":"my-log-stream"})");
    awsrest::GetLogEventsOptions options;
    options.limit = 100;
    options.next_token = "f/37";
    CHECK(awsrest::logs::json_get_log_events("g", "s", options) ==
          R"({"logGroupName":"g","logStreamName":"s","startFromHead":true,"limit":100,"nextToken":"f/37"})");
    CHECK(awsrest::logs::json_describe_log_streams("g", "web", "") ==
          R"({"logGroupName":"g","logStreamNamePrefix":"web"})");
}

TEST_CASE("logs: rejectedLogEventsInfo becomes counted refusals", "[logs][client]") {
    using awsrest::logs::parse_put_log_events;
    auto both = parse_put_log_events(
        R"({"nextSequenceToken":"1","rejectedLogEventsInfo":{"tooOldLogEventEndIndex":2,"tooNewLogEventStartIndex":8}})",
        10);
    REQUIRE(both.ok());
    CHECK(both->too_old == 2);
    CHECK(both->too_new == 2);
    CHECK(both->expired == 0);
    CHECK(both->accepted == 6);
    auto expired = parse_put_log_events(
        R"({"rejectedLogEventsInfo":{"tooOldLogEventEndIndex":1,"expiredLogEventEndIndex":3}})", 4);
    REQUIRE(expired.ok());
    CHECK(expired->expired == 3);
    CHECK(expired->too_old == 0);
    CHECK(expired->accepted == 1);
    auto all_new = parse_put_log_events(R"({"rejectedLogEventsInfo":{"tooNewLogEventStartIndex":0}})", 3);
    REQUIRE(all_new.ok());
    CHECK(all_new->too_new == 3);
    CHECK(all_new->accepted == 0);
    auto outside = parse_put_log_events(R"({"rejectedLogEventsInfo":{"tooOldLogEventEndIndex":11}})", 10);
    REQUIRE_FALSE(outside.ok());
    CHECK(outside.error().kind == ErrorKind::Parse);
    CHECK_THAT(outside.error().message,
               Catch::Contains("CloudWatchLogs.PutLogEvents: rejectedLogEventsInfo.tooOldLogEventEndIndex 11"));
    CHECK_FALSE(parse_put_log_events(R"({"rejectedLogEventsInfo":[]})", 1).ok());
    CHECK_FALSE(parse_put_log_events(R"({"rejectedLogEventsInfo":{"tooOldLogEventEndIndex":"2"}})", 3).ok());
    CHECK_FALSE(parse_put_log_events("[1]", 1).ok());
    CHECK(parse_put_log_events("", 1).ok());
}

TEST_CASE("logs: ResourceNotFoundException creates the group and the stream and puts once more", "[logs][client]") {
    LogsFixture f;
    f.http.respond(400, not_found("group"), kJson)
        .respond(200, "", kJson)
        .respond(400,
                 R"({"__type":"ResourceAlreadyExistsException","message":"The specified log stream already exists"})",
                 kJson)
        .respond(200, R"({"nextSequenceToken":"2"})", kJson);
    std::size_t requests = 0;
    auto put = f.logs.deliver_log_events("/niam/i-1", "syslog", kExample, &requests);
    REQUIRE(put.ok());
    CHECK(put->accepted == 3);
    CHECK(requests == 4);
    REQUIRE(f.http.sent.size() == 4);
    CHECK(f.target(0) == "Logs_20140328.PutLogEvents");
    CHECK(f.target(1) == "Logs_20140328.CreateLogGroup");
    CHECK(f.target(2) == "Logs_20140328.CreateLogStream");
    CHECK(f.target(3) == "Logs_20140328.PutLogEvents");
    CHECK(f.http.sent[3].request.body == f.http.sent[0].request.body);
}

TEST_CASE("logs: a second ResourceNotFoundException is not retried again", "[logs][client]") {
    LogsFixture f;
    f.http.respond(400, not_found("stream"), kJson)
        .respond(200, "{}", kJson)
        .respond(200, "{}", kJson)
        .respond(400, not_found("stream"), kJson);
    auto put = f.logs.deliver_log_events("/niam/i-1", "syslog", kExample);
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().code == "ResourceNotFoundException");
    CHECK(f.http.sent.size() == 4);
}

TEST_CASE("logs: ThrottlingException and ServiceUnavailableException are retried with backoff", "[logs][client]") {
    LogsFixture f;
    f.http.respond(400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})", kJson)
        .respond(503, R"({"__type":"ServiceUnavailableException","message":"The service is unavailable"})", kJson)
        .respond(200, R"({"nextSequenceToken":"3"})", kJson);
    auto put = f.logs.put_log_events("g", "s", kExample);
    REQUIRE(put.ok());
    CHECK(f.http.sent.size() == 3);
    CHECK(f.clock.sleeps.size() == 2);
}

TEST_CASE("logs: InvalidParameterException is a clear service error not retried", "[logs][client]") {
    LogsFixture f;
    f.http.respond(
        400,
        R"({"__type":"InvalidParameterException","message":"Upload too large: 1048600 bytes exceeds limit of 1048576"})",
        {{"Content-Type", "application/x-amz-json-1.1"}, {"x-amzn-RequestId", "rid-1"}});
    auto put = f.logs.put_log_events("g", "s", kExample);
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().kind == ErrorKind::Service);
    CHECK(put.error().code == "InvalidParameterException");
    CHECK(put.error().request_id == "rid-1");
    CHECK_THAT(put.error().message, Catch::Contains("CloudWatchLogs.PutLogEvents"));
    CHECK_THAT(put.error().message, Catch::Contains("Upload too large"));
    CHECK(f.http.sent.size() == 1);
}

TEST_CASE("logs: a batch over a limit or a bad name is refused before sending", "[logs][client]") {
    LogsFixture f;
    auto unsorted = f.logs.put_log_events("g", "s", {{2, "b"}, {1, "a"}});
    REQUIRE_FALSE(unsorted.ok());
    CHECK(unsorted.error().kind == ErrorKind::InvalidArgument);
    CHECK_THAT(unsorted.error().message, Catch::Contains("earlier than the one before"));
    CHECK_FALSE(f.logs.put_log_events("g", "s", {}).ok());
    CHECK_FALSE(f.logs.put_log_events("bad group", "s", kExample).ok());
    CHECK_FALSE(f.logs.create_log_stream("g", "a:b").ok());
    CHECK(f.http.sent.empty());
}

TEST_CASE("logs: create_log_group takes ResourceAlreadyExistsException as success", "[logs][client]") {
    LogsFixture f;
    f.http
        .respond(400,
                 R"({"__type":"ResourceAlreadyExistsException","message":"The specified log group already exists"})",
                 kJson)
        .respond(400, R"({"__type":"InvalidParameterException","message":"1 validation error detected"})", kJson);
    CHECK(f.logs.create_log_group("my-log-group").ok());
    auto limited = f.logs.create_log_group("other");
    REQUIRE_FALSE(limited.ok());
    INFO(limited.error().describe());
    CHECK(limited.error().code == "InvalidParameterException");
    CHECK(f.http.sent[0].request.body == R"({"logGroupName":"my-log-group"})");
}

TEST_CASE("logs: publish cuts 25000 events into batches and sums the answers", "[logs][client]") {
    LogsFixture f;
    for (int i = 0; i < 3; ++i) f.http.respond(200, R"({"nextSequenceToken":"x"})", kJson);
    std::vector<LogEvent> events(25000, LogEvent{1440938160000, "line"});
    auto published = f.logs.publish("g", "s", events);
    REQUIRE(published.ok());
    CHECK(published->batches == 3);
    CHECK(published->requests == 3);
    CHECK(published->events == 25000);
    CHECK(published->answer.accepted == 25000);
    CHECK(published->message_bytes == 100000);
}

TEST_CASE("logs: GetLogEvents and DescribeLogStreams answers are read", "[logs][client]") {
    auto page = awsrest::logs::parse_get_log_events(
        R"({"events":[{"ingestionTime":1396035394997,"timestamp":1396035378988,"message":"Example Event 1"}],)"
        R"("nextBackwardToken":"b/3", "nextForwardToken":"f/3"})");
    REQUIRE(page.ok());
    REQUIRE(page->events.size() == 1);
    CHECK(page->events[0].timestamp_ms == 1396035378988);
    CHECK(page->events[0].message == "Example Event 1");
    CHECK(page->next_forward_token == "f/3");
    CHECK_FALSE(awsrest::logs::parse_get_log_events(R"({"events":[{"timestamp":1.5,"message":"x"}]})").ok());
    auto streams = awsrest::logs::parse_describe_log_streams(
        R"({"logStreams":[{"storedBytes":0,"arn":"arn:aws:logs:us-east-1:123456789012:log-group:my-log-group-1:log-stream:my-log-stream-1",)"
        R"("creationTime":1393545600000,"firstEventTimestamp":1393545600000,"lastEventTimestamp":1393567800000,)"
        R"("lastIngestionTime":1393589200000,"logStreamName":"my-log-stream-1","uploadSequenceToken":"8842"}]})");
    REQUIRE(streams.ok());
    REQUIRE(streams->streams.size() == 1);
    CHECK(streams->streams[0].name == "my-log-stream-1");
    CHECK(streams->streams[0].last_event_ms == 1393567800000);
    CHECK(streams->next_token.empty());
}
