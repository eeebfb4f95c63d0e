// The client's schedule on a manual clock (no sleeping): sources collect on their own
// schedules, the heartbeat's round delivers everything made since the last one in one
// SendMessage, a reload changes the interval, a stop ends the loop.
#include <catch2/catch.hpp>

#include "checks/check.hpp"
#include "client/service_source.hpp"
#include "protocol/service_record.hpp"

#include <fstream>
#include <functional>
#include <map>
#include <optional>

#include "client/client.hpp"
#include "client/heartbeat_source.hpp"
#include "niamd/client/fake_sqs.hpp"
#include "protocol/log_record.hpp"
#include "protocol/metric_record.hpp"
#include "protocol/record_decoder.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"
#include "support/temp_dir.hpp"

using niamd::client::Source;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;

namespace {

constexpr std::int64_t kStart = 1440938160;  // ManualClock's start

// Collects every `every` seconds (at start first) what `make` returns.
class EverySource final : public Source {
  public:
    EverySource(int every, std::function<std::vector<Record>(std::int64_t)> make)
        : every_(every), make_(std::move(make)) {}
    std::string_view name() const override { return "every"; }
    std::int64_t next_due(std::int64_t now) const override { return last_ ? *last_ + every_ : now; }
    std::vector<Record> collect(std::int64_t now) override {
        last_ = now;
        return make_(now);
    }

  private:
    int every_;
    std::function<std::vector<Record>(std::int64_t)> make_;
    std::optional<std::int64_t> last_;
};

// Does `action` once, at `at`.
class AtSource final : public Source {
  public:
    AtSource(std::int64_t at, std::function<void()> action) : at_(at), action_(std::move(action)) {}
    std::string_view name() const override { return "at"; }
    std::int64_t next_due(std::int64_t) const override { return done_ ? kNever : at_; }
    std::vector<Record> collect(std::int64_t) override {
        done_ = true;
        action_();
        return {};
    }

  private:
    std::int64_t at_;
    std::function<void()> action_;
    bool done_ = false;
};

// Once, at start: one sample; remembers what kept() was told.
class KeptSource final : public Source {
  public:
    explicit KeptSource(std::vector<int>& kept) : kept_(kept) {}
    std::string_view name() const override { return "kept"; }
    std::int64_t next_due(std::int64_t now) const override { return done_ ? kNever : now; }
    std::vector<Record> collect(std::int64_t now) override;
    void kept(bool ok) override { kept_.push_back(ok ? 1 : 0); }

  private:
    std::vector<int>& kept_;
    bool done_ = false;
};

Record sample(std::int64_t now) {
    niamd::metrics::Sample s{"load.1", {}, "", 0.5, now};
    return niamd::protocol::metric_record("NOT-AWS", "web1", s, now);
}

std::vector<Record> KeptSource::collect(std::int64_t now) {
    done_ = true;
    return {sample(now)};
}

struct Fixture {
    explicit Fixture(const std::string& config_text)
        : state("niam-schedule"),
          aws(sqs_http, credentials, clock, nullptr,
              awsrest::RetryPolicy{1, std::chrono::milliseconds{1}, std::chrono::milliseconds{1}}),
          sqs(aws, awsrest::ServiceEndpoint{{"https", "sqs.us-east-1.amazonaws.com", 0, ""}, "us-east-1", "sqs"}),
          control(clock, niamd::control::Control::Waiting::OnClock) {
        write_config(config_text);
        config.emplace(nullptr, "", "web1", state.path(), state.path() / "niam.conf");
        config->refresh();
        outbox.emplace(state.path() / "spool", 1 << 20, clock);
        delivery.emplace(sqs, "q", *outbox);
        client.emplace(niamd::client::ClientIdentity{"NOT-AWS", "web1"}, *config, nullptr, *outbox, *delivery, control,
                       3600);
        client->add_source(std::make_unique<niamd::client::HeartbeatSource>(
            niamd::client::ClientIdentity{"NOT-AWS", "web1"}, state.path() / "scripts", *config,
            [this] { return control.stop_requested(); }));
    }

    void write_config(const std::string& text) { std::ofstream(state.path() / "niam.conf") << text; }
    void stop_at(std::int64_t at) {
        client->add_source(std::make_unique<AtSource>(at, [this] { control.request_stop(); }));
    }

    // Per message received: the PING's time and whether it carried a load.1 sample.
    std::vector<std::pair<std::int64_t, bool>> messages() const {
        std::vector<std::pair<std::int64_t, bool>> out;
        for (const auto& body : sqs_http.received) {
            std::int64_t ping = -1;
            bool load = false;
            for (const auto& r : niamd::protocol::decode_message(body).records) {
                if (r.kind == RecordKind::Ping) ping = r.time;
                if (r.kind == RecordKind::Metric && r.target == "load.1") load = true;
            }
            out.emplace_back(ping, load);
        }
        return out;
    }

    test_support::TempDir state;
    test_support::FakeSqs sqs_http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;
    awsrest::AwsClient aws;
    awsrest::SqsClient sqs;
    niamd::control::Control control;
    std::optional<niamd::client::ConfigSource> config;
    std::optional<niamd::client::Outbox> outbox;
    std::optional<niamd::client::Delivery> delivery;
    std::optional<niamd::client::Client> client;
};

}  // namespace

TEST_CASE("client schedule: INTERVAL 30 with a 60 s source is one SendMessage per interval", "[client][schedule]") {
    Fixture f("INTERVAL 30\n");
    f.client->add_source(std::make_unique<EverySource>(60, [](std::int64_t now) { return std::vector{sample(now)}; }));
    f.stop_at(kStart + 600);
    f.client->run(false);
    CHECK(f.sqs_http.calls["SendMessage"] == 20);  // rounds at 0, 30, ..., 570 s
    CHECK(f.sqs_http.calls["SendMessageBatch"] == 0);
    const auto messages = f.messages();
    REQUIRE(messages.size() == 20);
    for (std::size_t i = 0; i < messages.size(); ++i) {
        INFO("message " << i);
        CHECK(messages[i].first == kStart + 30 * static_cast<std::int64_t>(i));
        CHECK(messages[i].second == (i % 2 == 0));  // the 60 s samples ride in every second one
    }
    // Stopped in the 600 s round: its PING and sample are kept for the next start, not sent.
    CHECK(f.outbox->size() == 2);
    CHECK(f.clock.now() == awsrest::TimePoint(std::chrono::seconds(kStart + 600)));
}

TEST_CASE("client schedule: samples made between heartbeats wait for the next one", "[client][schedule]") {
    Fixture f("INTERVAL 30\n");
    // Every 7 s: never in step with the heartbeat.
    f.client->add_source(std::make_unique<EverySource>(7, [](std::int64_t now) { return std::vector{sample(now)}; }));
    f.stop_at(kStart + 300);
    f.client->run(false);
    CHECK(f.sqs_http.calls["SendMessage"] == 10);
    std::size_t samples = 0;
    for (const auto& body : f.sqs_http.received) {
        for (const auto& r : niamd::protocol::decode_message(body).records) {
            if (r.target == "load.1") ++samples;
        }
    }
    CHECK(samples == 39);          // 0, 7, ..., 266: each one sent once, with the heartbeat after it
    CHECK(f.outbox->size() == 5);  // 273 to 294 and the 300 s PING: kept for the next start
}

TEST_CASE("client schedule: a busy log source's whole requests go between heartbeats", "[client][schedule]") {
    Fixture f("INTERVAL 30\n");
    std::uint64_t seq = 0;
    f.client->add_source(std::make_unique<EverySource>(1, [&seq](std::int64_t now) {
        std::vector<Record> lines;
        for (int i = 0; i < 1000; ++i) {
            std::string text = "line " + std::to_string(++seq) + " ";
            text.resize(200, 'x');
            lines.push_back(
                niamd::protocol::log_record("NOT-AWS", "web1", {"docker:app", seq, now, text, "stdout", 0}));
        }
        return lines;
    }));
    f.stop_at(kStart + 29);  // before the second heartbeat
    f.client->run(false);
    // 30,000 lines of about 260 bytes (7.8 MB) made; one PING (at start) sent; the lines went
    // in full 256 KiB requests as they came, not at the next heartbeat.
    std::vector<std::uint64_t> seqs;
    int pings = 0;
    for (const auto& body : f.sqs_http.received) {
        for (const auto& r : niamd::protocol::decode_message(body).records) {
            if (r.kind == RecordKind::Ping) ++pings;
            if (auto line = niamd::protocol::log_line_of(r)) seqs.push_back(line->seq);
        }
    }
    CHECK(pings == 1);
    CHECK(f.sqs_http.calls["SendMessageBatch"] >= 24);
    REQUIRE(seqs.size() > 27000);
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        if (seqs[i] != i + 1) FAIL("line " << i << " is seq " << seqs[i]);
    }
    // What waits for the heartbeat is less than a request and a second's lines.
    CHECK(seqs.size() + f.outbox->size() == 30000);  // seconds 0 to 29
    CHECK(f.outbox->bytes() < awsrest::kSqsMaxPayloadBytes + 1000 * 300);
}

TEST_CASE("client schedule: the outbox counts ride in every heartbeat message", "[client][schedule]") {
    Fixture f("INTERVAL 30\n");
    f.stop_at(kStart + 60);
    f.client->run(false);
    REQUIRE(f.sqs_http.received.size() == 2);
    for (const auto& body : f.sqs_http.received) {
        std::vector<std::string> names;
        for (const auto& r : niamd::protocol::decode_message(body).records) {
            if (r.kind == RecordKind::Metric) names.push_back(r.target + " " + r.port_or_arg);
        }
        CHECK(names == std::vector<std::string>{"niamd.outbox.dropped kind=metric", "niamd.outbox.dropped kind=check",
                                                "niamd.outbox.dropped kind=ping", "niamd.outbox.dropped kind=log",
                                                "niamd.outbox.records ", "niamd.outbox.bytes ",
                                                "niamd.delivery.failed_entries ", "niamd.delivery.refused_records "});
    }
}

TEST_CASE("client schedule: the heartbeat's outbox backlog is what earlier deliveries left unsent",
          "[client][schedule]") {
    Fixture f("INTERVAL 30\n");
    f.client->add_source(std::make_unique<AtSource>(kStart + 20, [&f] { f.sqs_http.up = false; }));
    f.client->add_source(std::make_unique<AtSource>(kStart + 80, [&f] { f.sqs_http.up = true; }));
    f.stop_at(kStart + 120);
    f.client->run(false);
    // Per heartbeat (by its time): niamd.outbox.records and niamd.outbox.bytes.
    std::map<std::int64_t, std::pair<double, double>> backlog;
    for (const auto& body : f.sqs_http.received) {
        for (const auto& r : niamd::protocol::decode_message(body).records) {
            if (r.target == "niamd.outbox.records") backlog[r.time - kStart].first = r.value;
            if (r.target == "niamd.outbox.bytes") backlog[r.time - kStart].second = r.value;
        }
    }
    REQUIRE(backlog.size() == 4);  // 0 sent; 30 and 60 kept while SQS was down, sent at 90
    CHECK(backlog[0].first == 0);
    CHECK(backlog[0].second == 0);
    CHECK(backlog[30].first == 0);  // its own round's records are no backlog
    CHECK(backlog[30].second == 0);
    CHECK(backlog[60].first == 9);   // the PING, 6 outbox and 2 delivery samples of 30
    CHECK(backlog[90].first == 18);  // and those of 60
    CHECK(backlog[60].second > 0);
    CHECK(backlog[90].second > backlog[60].second);
}

TEST_CASE("client schedule: a reload changes the interval", "[client][schedule]") {
    Fixture f("INTERVAL 30\n");
    f.client->add_source(std::make_unique<AtSource>(kStart + 95, [&f] {
        f.write_config("INTERVAL 10\n");
        f.control.request_reload();
    }));
    f.stop_at(kStart + 135);
    f.client->run(false);
    std::vector<std::int64_t> pings;
    for (const auto& m : f.messages()) pings.push_back(m.first - kStart);
    CHECK(pings == std::vector<std::int64_t>{0, 30, 60, 90, 100, 110, 120, 130});
}

TEST_CASE("client schedule: a stop ends the loop and once is one delivered round", "[client][schedule]") {
    SECTION("stop before the loop: no round") {
        Fixture f("INTERVAL 30\n");
        f.control.request_stop();
        f.client->run(false);
        CHECK(f.sqs_http.received.empty());
        CHECK(f.clock.sleeps.empty());
    }
    SECTION("once") {
        Fixture f("INTERVAL 30\n");
        auto report = f.client->run(true);
        CHECK(report.sent == 1);
        CHECK(report.spooled == 0);
        CHECK(f.sqs_http.calls["SendMessage"] == 1);
        CHECK(f.clock.sleeps.empty());
    }
    SECTION("once with SQS down: kept, and told") {
        Fixture f("INTERVAL 30\n");
        f.sqs_http.up = false;
        auto report = f.client->run(true);
        CHECK(report.sent == 0);
        CHECK(report.spooled > 0);
        CHECK_FALSE(report.error.empty());
    }
}

TEST_CASE("client schedule: after an outage the backlog goes with the next heartbeat in order", "[client][schedule]") {
    Fixture f("INTERVAL 30\n");
    f.client->add_source(std::make_unique<AtSource>(kStart + 50, [&f] { f.sqs_http.up = false; }));
    f.client->add_source(std::make_unique<AtSource>(kStart + 200, [&f] { f.sqs_http.up = true; }));
    f.stop_at(kStart + 300);
    f.client->run(false);
    std::vector<std::int64_t> pings;
    for (const auto& body : f.sqs_http.received) {
        for (const auto& r : niamd::protocol::decode_message(body).records) {
            if (r.kind == RecordKind::Ping) pings.push_back(r.time - kStart);
        }
    }
    CHECK(pings == std::vector<std::int64_t>{0, 30, 60, 90, 120, 150, 180, 210, 240, 270});  // none lost, in order
    CHECK(f.sqs_http.calls["SendMessage"] == 5);  // 0, 30, then 60-210 together (the backlog fit one), 240, 270
    CHECK(f.outbox->size() == 1);                 // the 300 s PING of the stopping round
}

TEST_CASE("client schedule: a source is told whether the outbox kept its records", "[client][schedule]") {
    Fixture f("INTERVAL 30\n");
    std::vector<int> kept;
    f.client->add_source(std::make_unique<KeptSource>(kept));
    f.client->run_round(false);
    CHECK(kept == std::vector<int>{1});

    Fixture full("INTERVAL 30\n");
    std::vector<int> refused;
    full.outbox->set_writer([](int, const char*, std::size_t) -> ssize_t {
        errno = ENOSPC;
        return -1;
    });
    full.client->add_source(std::make_unique<KeptSource>(refused));
    full.client->run_round(false);
    CHECK(refused == std::vector<int>{0});
}

namespace {

class PassingService final : public niamd::checks::Check {
  public:
    niamd::checks::CheckOutcome run(std::chrono::milliseconds) override {
        return niamd::checks::check_passed(1, "fine");
    }
};

}  // namespace

TEST_CASE("client schedule: SIGHUP re-reads the monitoring-info folder and registers a changed set once",
          "[client][schedule]") {
    Fixture f("INTERVAL 30\n");
    const auto info = f.state.path() / "monitoring-info";
    f.state.write("monitoring-info/a.conf", "[ssh]\ntype = ssh\n");
    f.client->add_source(std::make_unique<niamd::client::ServiceSource>(
        niamd::client::ClientIdentity{"NOT-AWS", "web1"}, *f.config, info, [] { return false; },
        [](const niamd::services::ServiceDefinition&) { return std::make_unique<PassingService>(); }));
    f.client->add_source(std::make_unique<AtSource>(kStart + 40, [&f] { f.control.request_reload(); }));  // unchanged
    f.client->add_source(std::make_unique<AtSource>(kStart + 70, [&f] {
        f.state.write("monitoring-info/b.conf", "[web]\ntype = http\n");
        f.control.request_reload();
    }));
    f.stop_at(kStart + 100);
    f.client->run(false);
    std::vector<std::pair<std::int64_t, std::size_t>> registrations;  // time, services
    std::size_t results = 0;
    for (const auto& body : f.sqs_http.received) {
        for (const auto& r : niamd::protocol::decode_message(body).records) {
            if (r.kind == RecordKind::Service) ++results;
            if (r.kind != RecordKind::Services) continue;
            const auto set = niamd::protocol::parse_registration_text(r.output.value_or(""));
            REQUIRE(set);
            registrations.emplace_back(r.time - kStart, set->size());
        }
    }
    // At start, and once after the SIGHUP that changed the set (stamped when made, sent with
    // the next heartbeat at 90); the SIGHUP at 40 changed nothing.
    CHECK(registrations == std::vector<std::pair<std::int64_t, std::size_t>>{{0, 1}, {70, 2}});
    CHECK(results >= 4);
}
