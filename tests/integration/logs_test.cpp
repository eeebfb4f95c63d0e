// CloudWatch Logs end to end: CloudWatchLogsClient and awsrest-cli against the local stack's
// CloudWatch Logs fake, every request through the SigV4 verifier. The fake enforces
// PutLogEvents' limits, so what it refuses a naive client would have sent.
#include <awsrest/logs.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.hpp"
#include "client/cloudwatch_logs_publisher.hpp"
#include "protocol/log_record.hpp"
#include "local_stack.hpp"
#include "stack_helpers.hpp"

namespace {

using stack::LocalStack;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

awsrest::CloudWatchLogsClient logs_client() {
    return awsrest::CloudWatchLogsClient(LocalStack::get().client(), stack::service_endpoint("logs"));
}

// Every event of a stream, read back through GetLogEvents page by page.
std::vector<awsrest::LogEvent> read_all(awsrest::CloudWatchLogsClient& logs, const std::string& group,
                                        const std::string& stream) {
    std::vector<awsrest::LogEvent> out;
    awsrest::GetLogEventsOptions options;
    for (int pages = 0; pages < 1000; ++pages) {
        auto page = logs.get_log_events(group, stream, options);
        INFO((page.ok() ? std::string() : page.error().describe()));
        REQUIRE(page.ok());
        for (auto& e : page->events) out.push_back(std::move(e));
        if (page->events.empty() || page->next_forward_token == options.next_token) break;
        options.next_token = page->next_forward_token;
    }
    return out;
}

// A PutLogEvents body sent as is, signed, past the library's checks: what a naive client sends.
awsrest::Result<awsrest::Response> raw_put(const std::string& body) {
    const auto endpoint = stack::service_endpoint("logs");
    awsrest::Request request;
    request.method = "POST";
    request.path = "/";
    awsrest::set_header(request.headers, "Content-Type", "application/x-amz-json-1.1");
    awsrest::set_header(request.headers, "X-Amz-Target", "Logs_20140328.PutLogEvents");
    request.body = body;
    awsrest::CallOptions options;
    options.operation = "CloudWatchLogs.PutLogEvents";
    options.region = endpoint.region;
    options.service = endpoint.signing_name;
    return LocalStack::get().client().call(endpoint.endpoint, request, options);
}

std::string naive_body(const std::string& group, const std::string& stream,
                       const std::vector<awsrest::LogEvent>& events) {
    std::string body = R"({"logGroupName":")" + group + R"(","logStreamName":")" + stream + R"(","logEvents":[)";
    for (std::size_t i = 0; i < events.size(); ++i) {
        body += (i ? "," : "") + std::string(R"({"timestamp":)") + std::to_string(events[i].timestamp_ms) +
                R"(,"message":")" + events[i].message + "\"}";
    }
    return body + "]}";
}

}  // namespace

TEST_CASE("logs: create put and get back through the fake", "[logs]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    auto logs = logs_client();
    const std::string group = "/niam/" + stack::unique_name("it");
    REQUIRE(logs.create_log_group(group).ok());
    REQUIRE(logs.create_log_group(group).ok());  // already exists: success
    REQUIRE(logs.create_log_stream(group, "syslog").ok());
    REQUIRE(logs.create_log_stream(group, "syslog").ok());
    const std::int64_t t = now_ms();
    auto put = logs.put_log_events(group, "syslog", {{t, "first"}, {t, "second \"quoted\" é"}, {t + 1, "third"}});
    INFO((put.ok() ? std::string() : put.error().describe()));
    REQUIRE(put.ok());
    CHECK(put->accepted == 3);
    const auto events = read_all(logs, group, "syslog");
    REQUIRE(events.size() == 3);
    CHECK(events[1].message == "second \"quoted\" é");
    CHECK(events[2].timestamp_ms == t + 1);
    auto streams = logs.describe_log_streams(group);
    REQUIRE(streams.ok());
    REQUIRE(streams->streams.size() == 1);
    CHECK(streams->streams[0].name == "syslog");
    CHECK(stack.requests("logs", "CreateLogGroup") == 2);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("logs: the fake refuses the batches a naive client sends and publish never sends one", "[logs]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    auto logs = logs_client();
    const std::string group = "/niam/" + stack::unique_name("it");
    REQUIRE(logs.create_log_group(group).ok());
    REQUIRE(logs.create_log_stream(group, "big").ok());
    const std::int64_t t = now_ms() - 1000;
    // 10,001 events; and 5 events of 250,000 bytes (1,250,130 bytes in PutLogEvents' count).
    std::vector<awsrest::LogEvent> many(10001, awsrest::LogEvent{t, "x"});
    std::vector<awsrest::LogEvent> heavy(5, awsrest::LogEvent{t, std::string(250000, 'h')});
    for (const auto* events : {&many, &heavy}) {
        auto naive = raw_put(naive_body(group, "big", *events));
        REQUIRE_FALSE(naive.ok());
        CHECK(naive.error().code == "InvalidParameterException");
    }
    // Unsorted, spanning two days: refused when sent as one batch.
    std::vector<awsrest::LogEvent> unsorted = {{t, "late"}, {t - 1, "early"}};
    CHECK(raw_put(naive_body(group, "big", unsorted)).error().code == "InvalidParameterException");

    stack.reset_counts();
    std::vector<awsrest::LogEvent> all = many;
    all.insert(all.end(), heavy.begin(), heavy.end());
    all.insert(all.end(), unsorted.begin(), unsorted.end());
    auto published = logs.publish(group, "big", all);
    INFO((published.ok() ? std::string() : published.error().describe()));
    REQUIRE(published.ok());
    CHECK(published->answer.accepted == all.size());
    CHECK(published->answer.rejected() == 0);
    CHECK(published->batches >= 3);
    CHECK(stack.requests("logs", "PutLogEvents") == static_cast<int>(published->batches));
    CHECK(read_all(logs, group, "big").size() == all.size());
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("logs: a missing group and stream are created and the put retried once", "[logs]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    auto logs = logs_client();
    const std::string group = "/niam/" + stack::unique_name("it");
    std::size_t requests = 0;
    auto put = logs.deliver_log_events(group, "docker/web", {{now_ms(), "hello"}}, &requests);
    INFO((put.ok() ? std::string() : put.error().describe()));
    REQUIRE(put.ok());
    CHECK(put->accepted == 1);
    CHECK(requests == 4);
    CHECK(stack.requests("logs", "PutLogEvents") == 2);
    CHECK(stack.requests("logs", "CreateLogGroup") == 1);
    CHECK(stack.requests("logs", "CreateLogStream") == 1);
    CHECK(read_all(logs, group, "docker/web").size() == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("logs: a throttled PutLogEvents is retried and its events stored once", "[logs]") {
    auto& stack = LocalStack::get();
    stack::FaultGuard faults;
    stack.reset_counts();
    auto logs = logs_client();
    const std::string group = "/niam/" + stack::unique_name("it");
    REQUIRE(logs.create_log_group(group).ok());
    REQUIRE(logs.create_log_stream(group, "s").ok());
    stack.add_fault(R"({"service":"logs","action":"PutLogEvents","kind":"throttle","count":1})");
    stack.add_fault(R"({"service":"logs","action":"PutLogEvents","kind":"503","count":1})");
    auto put = logs.put_log_events(group, "s", {{now_ms(), "once"}});
    INFO((put.ok() ? std::string() : put.error().describe()));
    REQUIRE(put.ok());
    CHECK(stack::faulted("logs", "PutLogEvents") == 2);
    CHECK(stack.requests("logs", "PutLogEvents") == 3);
    CHECK(read_all(logs, group, "s").size() == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("logs: events too old or too new come back counted and are not stored", "[logs]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    auto logs = logs_client();
    const std::string group = "/niam/" + stack::unique_name("it");
    const std::int64_t hour = 3600 * 1000;
    const std::int64_t t = now_ms();
    auto put = logs.deliver_log_events(group, "s", {{t, "now"}, {t + 3 * hour, "future"}});
    REQUIRE(put.ok());
    CHECK(put->accepted == 1);
    CHECK(put->too_new == 1);
    const std::int64_t old = t - 15 * 24 * hour;
    auto stale = logs.put_log_events(group, "s", {{old, "old"}, {old + 1, "older"}});
    REQUIRE(stale.ok());
    CHECK(stale->too_old == 2);
    CHECK(read_all(logs, group, "s").size() == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("logs: awsrest-cli creates a group and a stream puts lines from a file and gets them back", "[cli][logs]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const auto env = cli_test::stack_environment();
    const std::string group = "/niam/" + stack::unique_name("cli");
    auto run = cli_test::run_process(AWSREST_CLI_PATH, {"logs", "create-group", group}, env, "");
    INFO("stdout: " << run.out << "\nstderr: " << run.err);
    REQUIRE(run.exit_code == 0);
    run = cli_test::run_process(AWSREST_CLI_PATH, {"logs", "create-stream", group, "app"}, env, "");
    REQUIRE(run.exit_code == 0);
    run = cli_test::run_process(AWSREST_CLI_PATH, {"logs", "put-events", group, "app"}, env, "one\ntwo\r\n\nfour\n");
    INFO("stdout: " << run.out << "\nstderr: " << run.err);
    REQUIRE(run.exit_code == 0);
    auto printed = stack::parse_json(run.out);
    CHECK(printed["events"].GetInt() == 4);
    CHECK(printed["accepted"].GetInt() == 4);
    CHECK(printed["blank"].GetInt() == 1);
    CHECK(printed["requests"].GetInt() == 1);
    run = cli_test::run_process(AWSREST_CLI_PATH, {"logs", "get-events", group, "app"}, env, "");
    REQUIRE(run.exit_code == 0);
    printed = stack::parse_json(run.out);
    REQUIRE(printed["events"].Size() == 4);
    CHECK(std::string(printed["events"][1]["message"].GetString()) == "two");
    CHECK(std::string(printed["events"][2]["message"].GetString()) == " ");
    // A name CloudWatch refuses: exit 1 before sending.
    run = cli_test::run_process(AWSREST_CLI_PATH, {"logs", "create-stream", group, "a:b"}, env, "");
    CHECK(run.exit_code == 1);
    CHECK(run.err.find("log stream name") != std::string::npos);
    CHECK(stack.requests("logs", "CreateLogStream") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("logs: publishing 100000 lines takes few requests", "[logs][figures]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    auto logs = logs_client();
    const std::string group = "/niam/" + stack::unique_name("it");
    const std::int64_t t = now_ms() - 60000;
    std::vector<awsrest::LogEvent> events;
    events.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        events.push_back({t + i / 2000, "2026-12-03T08:00:00Z web-1 app[1234]: request " + std::to_string(i) +
                                            " GET /api/items?page=3 200 12ms"});
    }
    const auto started = std::chrono::steady_clock::now();
    auto published = logs.publish(group, "app", events);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    INFO((published.ok() ? std::string() : published.error().describe()));
    REQUIRE(published.ok());
    CHECK(published->answer.accepted == 100000);
    WARN("100000 lines: " << published->requests << " requests, " << published->batches << " batches, "
                          << published->message_bytes << " message bytes, " << took.count() << " ms");
    CHECK(published->requests == published->batches + 3);  // the first put finds no group: create both, put again
    CHECK(stack.requests("logs", "PutLogEvents") == static_cast<int>(published->batches) + 1);
    CHECK(published->batches <= 11);  // 100,000 lines of about 108 bytes with the overhead: 1 MB batches
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("logs: the client's publisher rides out a CloudWatch Logs outage and every line arrives once in order",
          "[logs][client]") {
    auto& stack = LocalStack::get();
    stack::FaultGuard faults;
    stack.reset_counts();
    auto logs = logs_client();
    const std::string dir = (std::filesystem::temp_directory_path() / stack::unique_name("niam-cwlogs")).string();
    std::filesystem::create_directories(dir);
    struct Cleanup {
        std::string dir;
        ~Cleanup() {
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
        }
    } cleanup{dir};
    const niamd::client::ClientIdentity identity{"i-0123456789abcdef0", "web-1"};
    const std::string group =
        niamd::client::log_group_for("/niam/" + stack::unique_name("it") + "/{instance_id}", identity);
    auto put = [&](const std::string& g, const std::string& s, const std::vector<awsrest::LogEvent>& batch,
                   std::size_t* requests) { return logs.deliver_log_events(g, s, batch, requests); };
    std::uint64_t seq = 0;
    const std::int64_t t0 = now_ms() / 1000 - 600;
    auto offer = [&](niamd::client::CloudWatchLogsPublisher& publisher, int count) {
        std::vector<niamd::protocol::Record> records;
        for (int i = 0; i < count; ++i) {
            ++seq;
            niamd::protocol::LogLine line;
            line.source = seq % 3 == 0 ? "docker:web" : "/var/log/app.log";
            line.seq = seq;
            line.time = t0 + static_cast<std::int64_t>(seq / 100);
            line.line = "line " + std::to_string(seq);
            records.push_back(niamd::protocol::log_record(identity.instance, identity.hostname, line));
        }
        publisher.offer(records);
    };
    {
        niamd::client::Outbox spool(std::filesystem::path(dir) / "cwlogs.spool", 8 << 20);
        niamd::client::CloudWatchLogsPublisher publisher(spool, put);
        publisher.set_group(group);
        offer(publisher, 300);
        publisher.pump(t0);
        CHECK(publisher.counters().sent == 300);
        stack.add_fault(R"({"service":"logs","kind":"down"})");
        offer(publisher, 3000);
        publisher.pump(t0 + 10);
        publisher.pump(t0 + 20);
        CHECK(publisher.counters().failed_attempts == 2);
        CHECK(spool.size() == 3000);
        offer(publisher, 2000);
    }  // niamd stops during the outage: the spool is on disk
    stack.clear_faults();
    niamd::client::Outbox spool(std::filesystem::path(dir) / "cwlogs.spool", 8 << 20);
    REQUIRE(spool.size() == 5000);
    niamd::client::CloudWatchLogsPublisher publisher(spool, put);
    publisher.set_group(group);
    publisher.pump(t0 + 30);
    CHECK(publisher.counters().sent == 5000);
    CHECK(spool.empty());
    const auto app = read_all(logs, group, "/var/log/app.log");
    const auto web = read_all(logs, group, "docker_web");
    CHECK(app.size() + web.size() == 5300);
    CHECK(web.size() == 5300 / 3);
    std::uint64_t last = 0;
    bool in_order = true;
    for (const auto& e : app) {
        const std::uint64_t n = std::stoull(e.message.substr(5));
        in_order = in_order && n > last;
        last = n;
    }
    CHECK(in_order);
    CHECK(stack::faulted("logs", "PutLogEvents") >= 2);
    REQUIRE_NOTHING_REJECTED();
}
