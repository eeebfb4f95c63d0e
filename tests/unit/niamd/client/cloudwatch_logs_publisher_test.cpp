// CloudWatchLogsPublisher with a scripted PutLogEvents: one stream per source, lines forgotten
// only once CloudWatch Logs answered, an outage that loses nothing, refusals counted, and the
// Client offering its sources' LOG records (fake source, manual clock).
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <optional>

#include "client/client.hpp"
#include "client/cloudwatch_logs_publisher.hpp"
#include "client/heartbeat_source.hpp"
#include "config/config_parser.hpp"
#include "niamd/client/fake_sqs.hpp"
#include "protocol/log_record.hpp"
#include "protocol/metric_record.hpp"
#include "protocol/record_decoder.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"
#include "support/temp_dir.hpp"

using niamd::client::CloudWatchLogsPublisher;
using niamd::protocol::Record;

namespace {

constexpr std::int64_t kNow = 1440938160;  // ManualClock's start

Record line(const std::string& source, std::uint64_t seq, const std::string& text, std::int64_t time = kNow) {
    niamd::protocol::LogLine l;
    l.source = source;
    l.seq = seq;
    l.time = time;
    l.line = text;
    return niamd::protocol::log_record("i-1", "web1", l);
}

struct Sent {
    std::string group;
    std::string stream;
    std::vector<awsrest::LogEvent> batch;
};

// PutLogEvents as scripted: `fail` (a copy taken per call) decides the answer.
struct FakeLogs {
    std::vector<Sent> sent;
    std::function<std::optional<awsrest::Error>(const Sent&)> fail = [](const Sent&) { return std::nullopt; };
    std::size_t too_old_per_batch = 0;

    CloudWatchLogsPublisher::Put put() {
        return [this](const std::string& group, const std::string& stream, const std::vector<awsrest::LogEvent>& batch,
                      std::size_t* requests) -> awsrest::Result<awsrest::PutLogEventsResult> {
            ++*requests;
            Sent call{group, stream, batch};
            if (auto error = fail(call)) return *error;
            sent.push_back(call);
            awsrest::PutLogEventsResult result;
            result.too_old = std::min(too_old_per_batch, batch.size());
            result.accepted = batch.size() - result.too_old;
            return result;
        };
    }
    std::vector<std::string> messages(const std::string& stream) const {
        std::vector<std::string> out;
        for (const auto& s : sent) {
            if (s.stream != stream) continue;
            for (const auto& e : s.batch) out.push_back(e.message);
        }
        return out;
    }
};

awsrest::Error network_down() { return awsrest::make_error(awsrest::ErrorKind::Network, "connection refused"); }

struct Fixture {
    Fixture() : spool(state.path() / "cwlogs.spool", 1 << 20, clock), publisher(spool, logs.put()) {
        publisher.set_group("/niam/i-1");
    }
    test_support::TempDir state{"niam-cwlogs"};
    test_support::ManualClock clock;
    FakeLogs logs;
    niamd::client::Outbox spool;
    CloudWatchLogsPublisher publisher;
};

}  // namespace

TEST_CASE("cwlogs: stream and group names are mapped to what CloudWatch takes", "[client][cwlogs]") {
    using niamd::client::log_group_for;
    using niamd::client::log_stream_for;
    CHECK(log_stream_for("/var/log/syslog") == "/var/log/syslog");
    CHECK(log_stream_for("docker:web") == "docker_web");
    CHECK(log_stream_for("a*b:c") == "a_b_c");
    CHECK(log_stream_for("journal é") == "journal é");
    CHECK(log_stream_for("bad\xFF") == "bad_");
    CHECK(log_stream_for("") == "_");
    CHECK(log_stream_for(std::string(600, 'x')).size() == 512);
    const niamd::client::ClientIdentity identity{"i-0123456789abcdef0", "web-1.example.com"};
    CHECK(log_group_for("/niam/{instance_id}", identity) == "/niam/i-0123456789abcdef0");
    CHECK(log_group_for("/niam/{hostname}/{instance_id}", identity) == "/niam/web-1.example.com/i-0123456789abcdef0");
    CHECK(log_group_for("/niam/{hostname}", {"NOT-AWS", "h@st"}) == "/niam/h_st");
}

TEST_CASE("cwlogs: LOG records go one stream per source in order and leave the spool once accepted",
          "[client][cwlogs]") {
    Fixture f;
    f.publisher.offer({line("/var/log/syslog", 1, "a"), line("docker:web", 1, "w1"), line("/var/log/syslog", 2, "b"),
                       niamd::protocol::metric_record("i-1", "web1", {"load.1", {}, "", 0.5, kNow}, kNow)});
    CHECK(f.spool.size() == 3);  // the METRIC is not kept
    f.publisher.pump(kNow);
    REQUIRE(f.logs.sent.size() == 2);
    CHECK(f.logs.sent[0].group == "/niam/i-1");
    CHECK(f.logs.sent[0].stream == "/var/log/syslog");
    CHECK(f.logs.sent[1].stream == "docker_web");
    CHECK(f.logs.messages("/var/log/syslog") == std::vector<std::string>{"a", "b"});
    CHECK(f.logs.sent[0].batch[0].timestamp_ms == kNow * 1000);
    CHECK(f.spool.empty());
    CHECK(f.publisher.counters().sent == 3);
    CHECK(f.publisher.counters().requests == 2);
    f.publisher.pump(kNow + 1);  // nothing left: no call
    CHECK(f.logs.sent.size() == 2);
}

TEST_CASE("cwlogs: a CloudWatch Logs outage loses nothing and sends every line once after recovery",
          "[client][cwlogs]") {
    Fixture f;
    bool down = true;
    f.logs.fail = [&](const Sent&) { return down ? std::optional<awsrest::Error>(network_down()) : std::nullopt; };
    std::uint64_t seq = 0;
    auto offer_some = [&](int n) {
        std::vector<Record> records;
        for (int i = 0; i < n; ++i, ++seq) records.push_back(line("app", seq + 1, "line " + std::to_string(seq + 1)));
        f.publisher.offer(records);
    };
    offer_some(100);
    f.publisher.pump(kNow);  // fails: kept, next try in 1 s
    CHECK(f.publisher.counters().failed_attempts == 1);
    CHECK(f.spool.size() == 100);
    f.publisher.pump(kNow);  // not due: no call
    CHECK(f.publisher.counters().requests == 1);
    offer_some(50);
    f.publisher.pump(kNow + 1);  // fails again: backoff 2 s
    f.publisher.pump(kNow + 2);  // not due
    CHECK(f.publisher.counters().failed_attempts == 2);
    f.publisher.pump(kNow + 3);  // fails: backoff 4 s
    CHECK(f.publisher.counters().failed_attempts == 3);

    // A restart during the outage: the spool is read back from disk.
    niamd::client::Outbox reopened(f.state.path() / "cwlogs.spool", 1 << 20, f.clock);
    CHECK(reopened.size() == 150);
    CloudWatchLogsPublisher again(reopened, f.logs.put());
    again.set_group("/niam/i-1");
    down = false;
    again.pump(kNow + 10);
    const auto got = f.logs.messages("app");
    REQUIRE(got.size() == 150);
    for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == "line " + std::to_string(i + 1));
    CHECK(reopened.empty());
    CHECK(again.counters().sent == 150);
}

TEST_CASE("cwlogs: a stream that fails keeps its lines while those of streams already accepted are not sent again",
          "[client][cwlogs]") {
    Fixture f;
    f.logs.fail = [](const Sent& call) {
        return call.stream == "b" ? std::optional<awsrest::Error>(network_down()) : std::nullopt;
    };
    f.publisher.offer({line("a", 1, "a1"), line("b", 1, "b1"), line("a", 2, "a2"), line("b", 2, "b2")});
    f.publisher.pump(kNow);
    CHECK(f.logs.messages("a") == std::vector<std::string>{"a1", "a2"});
    CHECK(f.spool.size() == 2);
    f.logs.fail = [](const Sent&) { return std::nullopt; };
    f.publisher.pump(kNow + 1);
    CHECK(f.logs.messages("a").size() == 2);  // not again
    CHECK(f.logs.messages("b") == std::vector<std::string>{"b1", "b2"});
    CHECK(f.spool.empty());
}

TEST_CASE("cwlogs: lines refused by time or as invalid are dropped and counted", "[client][cwlogs]") {
    Fixture f;
    f.logs.too_old_per_batch = 1;
    f.publisher.offer({line("a", 1, "old"), line("a", 2, "ok")});
    f.publisher.pump(kNow);
    CHECK(f.publisher.counters().sent == 1);
    CHECK(f.publisher.counters().rejected == 1);
    CHECK(f.spool.empty());
    f.logs.fail = [](const Sent&) {
        auto error = awsrest::make_error(awsrest::ErrorKind::Service, "CloudWatchLogs.PutLogEvents: bad");
        error.code = "InvalidParameterException";
        return std::optional<awsrest::Error>(error);
    };
    f.publisher.offer({line("a", 3, "x")});
    f.publisher.pump(kNow + 1);
    CHECK(f.publisher.counters().refused == 1);
    CHECK(f.spool.empty());
    bool rejected = false, refused = false;
    for (const auto& r : f.publisher.metric_records({"i-1", "web1"}, kNow)) {
        if (r.target != "niamd.cwlogs.dropped") continue;
        const auto s = niamd::protocol::sample_of(r);
        REQUIRE(s);
        if (s->tags == std::vector<niamd::metrics::Tag>{{"reason", "rejected"}}) rejected = s->value == 1;
        if (s->tags == std::vector<niamd::metrics::Tag>{{"reason", "refused"}}) refused = s->value == 1;
    }
    CHECK(rejected);
    CHECK(refused);
}

TEST_CASE("cwlogs: over its bound the spool drops the oldest lines and counts them", "[client][cwlogs]") {
    test_support::TempDir state("niam-cwlogs");
    test_support::ManualClock clock;
    FakeLogs logs;
    niamd::client::Outbox spool(state.path() / "cwlogs.spool", 20000, clock);
    CloudWatchLogsPublisher publisher(spool, logs.put());
    publisher.set_group("/niam/i-1");
    std::vector<Record> records;
    for (int i = 1; i <= 1000; ++i)
        records.push_back(line("app", static_cast<std::uint64_t>(i), "line " + std::to_string(i)));
    publisher.offer(records);
    CHECK(publisher.spool_dropped() > 0);
    CHECK(spool.size() + publisher.spool_dropped() == 1000);
    CHECK(spool.bytes() <= 20000);
    publisher.pump(kNow);
    const auto got = logs.messages("app");
    REQUIRE_FALSE(got.empty());
    CHECK(got.back() == "line 1000");  // the newest kept, the oldest dropped
}

TEST_CASE("cwlogs: off without a group nothing is kept", "[client][cwlogs]") {
    Fixture f;
    f.publisher.set_group("");
    f.publisher.offer({line("a", 1, "x")});
    f.publisher.pump(kNow);
    CHECK(f.spool.empty());
    CHECK(f.logs.sent.empty());
    CHECK(f.publisher.metric_records({"i-1", "web1"}, kNow).empty());
}

namespace {

// Once, at start: two log lines of one source.
class LogSource final : public niamd::client::Source {
  public:
    std::string_view name() const override { return "log"; }
    std::int64_t next_due(std::int64_t now) const override { return done_ ? kNever : now; }
    std::vector<Record> collect(std::int64_t) override {
        done_ = true;
        return {line("docker:web", 1, "hello"), line("docker:web", 2, "world")};
    }

  private:
    bool done_ = false;
};

}  // namespace

TEST_CASE("cwlogs: the client offers its sources' LOG records to the group of CLOUDWATCH_LOGS", "[client][cwlogs]") {
    test_support::TempDir state("niam-cwlogs-client");
    test_support::FakeSqs sqs_http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;
    awsrest::AwsClient aws(sqs_http, credentials, clock, nullptr,
                           awsrest::RetryPolicy{1, std::chrono::milliseconds{1}, std::chrono::milliseconds{1}});
    awsrest::SqsClient sqs(
        aws, awsrest::ServiceEndpoint{{"https", "sqs.us-east-1.amazonaws.com", 0, ""}, "us-east-1", "sqs"});
    niamd::control::Control control(clock, niamd::control::Control::Waiting::OnClock);
    std::ofstream(state.path() / "niam.conf") << "CLOUDWATCH_LOGS /niam/{hostname}/{instance_id} spool_mb=2\n";
    niamd::client::ConfigSource config(nullptr, "", "web1", state.path(), state.path() / "niam.conf");
    config.refresh();
    niamd::client::Outbox outbox(state.path() / "spool", 1 << 20, clock);
    niamd::client::Delivery delivery(sqs, "q", outbox);
    const niamd::client::ClientIdentity identity{"NOT-AWS", "web1"};
    niamd::client::Client client(identity, config, nullptr, outbox, delivery, control, 3600);
    client.add_source(std::make_unique<niamd::client::HeartbeatSource>(identity, state.path() / "scripts", config,
                                                                       [&] { return control.stop_requested(); }));
    client.add_source(std::make_unique<LogSource>());
    niamd::client::Outbox spool(state.path() / "cwlogs.spool", 1 << 20, clock);
    FakeLogs logs;
    CloudWatchLogsPublisher publisher(spool, logs.put());
    client.set_log_publisher(&publisher);
    client.run_round();
    CHECK(spool.max_bytes() == 2u * 1024 * 1024);
    REQUIRE(logs.sent.size() == 1);
    CHECK(logs.sent[0].group == "/niam/web1/NOT-AWS");
    CHECK(logs.sent[0].stream == "docker_web");
    CHECK(logs.messages("docker_web") == std::vector<std::string>{"hello", "world"});
    // The queue got them too, and the cwlogs counts rode with the heartbeat.
    bool counted = false;
    std::size_t lines = 0;
    for (const auto& body : sqs_http.received) {
        for (const auto& r : niamd::protocol::decode_message(body).records) {
            if (r.kind == niamd::protocol::RecordKind::Log) ++lines;
            if (r.target == "niamd.cwlogs.sent") counted = true;
        }
    }
    CHECK(lines == 2);
    CHECK(counted);
}
