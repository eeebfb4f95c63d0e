// run_checks: records for every kind of spec against real loopback peers, in spec order,
// decodable by the protocol; hung targets cost one timeout, not one each; a check that
// ignores its timeout or throws cannot hold up or break the round.
#include <catch2/catch.hpp>

#include <algorithm>

#include <atomic>
#include <memory>
#include <stdexcept>

#include "checks/check_runner.hpp"
#include "niamd/checks/check_fixtures.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

using namespace std::chrono_literals;
using niamd::checks::CheckContext;
using niamd::config::CheckKind;
using niamd::config::CheckSpec;
using niamd::protocol::RecordKind;

namespace {

CheckSpec ping(std::string target, int port) {
    CheckSpec spec;
    spec.kind = CheckKind::Ping;
    spec.target = std::move(target);
    spec.port = port;
    return spec;
}

CheckSpec http(std::string target, int port, std::string url) {
    CheckSpec spec;
    spec.kind = CheckKind::Http;
    spec.target = std::move(target);
    spec.port = port;
    spec.url = std::move(url);
    return spec;
}

CheckSpec script(std::string name, std::vector<std::string> args = {}) {
    CheckSpec spec;
    spec.kind = CheckKind::Script;
    spec.script = std::move(name);
    spec.args = std::move(args);
    return spec;
}

CheckContext context_for(const check_test::TempDir& dir, std::chrono::seconds timeout) {
    CheckContext context;
    context.instance = "NOT-AWS";
    context.hostname = "web1.test";
    context.scripts_dir = dir.path();
    context.timeout = timeout;
    context.now = 1700000000;
    return context;
}

// A check that ignores its timeout: it returns only when released (or after 10 s).
class Stuck final : public niamd::checks::Check {
  public:
    explicit Stuck(std::shared_ptr<std::atomic<bool>> released) : released_(std::move(released)) {}
    niamd::checks::CheckOutcome run(std::chrono::milliseconds) override {
        for (int i = 0; i < 1000 && !*released_; ++i) std::this_thread::sleep_for(10ms);
        return niamd::checks::check_passed(0, "late");
    }

  private:
    std::shared_ptr<std::atomic<bool>> released_;
};

class Throws final : public niamd::checks::Check {
  public:
    niamd::checks::CheckOutcome run(std::chrono::milliseconds) override { throw std::runtime_error("boom"); }
};

}  // namespace

TEST_CASE("run_checks: one record per spec, in order, with the fields each kind maps to", "[checks]") {
    check_test::TempDir dir;
    dir.write("check_disk", "#!/bin/sh\necho 'DISK WARNING - 15% free | /=85%;80;90'\nexit 1\n");
    check_test::TcpListener listener;
    check_test::ClosedPort closed;
    check_test::CheckedServer server;
    const std::vector<CheckSpec> specs = {
        ping("127.0.0.1", 0),
        ping("127.0.0.1", listener.port()),
        ping("127.0.0.1", closed.port()),
        http("127.0.0.1", server.port(), server.url("/ok?token=secret")),
        http("", 0, server.url("/broken")),  // target and port taken from the URL
        script("check_disk", {"-w", "20%", "-p", "/"}),
        script("check_missing"),
    };
    auto records = niamd::checks::run_checks(specs, context_for(dir, 5s));
    // The perfdata of check_disk and of the HTTP checks follows their records as METRIC
    // records (perfdata_metrics_test.cpp).
    const auto check_disk = std::find_if(records.begin(), records.end(),
                                         [](const niamd::protocol::Record& r) { return r.target == "check_disk./"; });
    REQUIRE(check_disk != records.end());
    CHECK(check_disk->kind == RecordKind::Metric);
    records.erase(std::remove_if(records.begin(), records.end(),
                                 [](const niamd::protocol::Record& r) { return r.kind == RecordKind::Metric; }),
                  records.end());
    REQUIRE(records.size() == specs.size());
    for (const auto& record : records) {
        INFO(record.target << " " << record.output.value_or("-"));
        CHECK(record.instance == "NOT-AWS");
        CHECK(record.hostname == "web1.test");
        CHECK(record.time == 1700000000);
        CHECK(record.latency_ms.has_value());
        CHECK(record.nagios_code.has_value());
        CHECK(record.output.has_value());
    }
    const std::string port = std::to_string(server.port());

    CHECK(records[0].kind == RecordKind::Lping);
    CHECK(records[0].target == "127.0.0.1");
    CHECK(records[0].port_or_arg == "0");
    CHECK(records[0].status == 0);
    CHECK(records[0].nagios_code == 0);

    CHECK(records[1].kind == RecordKind::Lping);
    CHECK(records[1].port_or_arg == std::to_string(listener.port()));
    CHECK(records[1].status == 0);

    CHECK(records[2].status == 1);
    CHECK(records[2].nagios_code == 2);
    CHECK(records[2].output == "connect refused");

    CHECK(records[3].kind == RecordKind::Http);
    CHECK(records[3].target == "127.0.0.1");
    CHECK(records[3].port_or_arg == port);
    CHECK(records[3].status == 0);
    CHECK_THAT(*records[3].output, Catch::StartsWith("HTTP 200 in "));

    CHECK(records[4].target == "127.0.0.1");
    CHECK(records[4].port_or_arg == port);
    CHECK(records[4].status == 1);
    CHECK(records[4].nagios_code == 2);

    CHECK(records[5].kind == RecordKind::Script);
    CHECK(records[5].target == "check_disk");
    CHECK(records[5].port_or_arg == "-w 20% -p /");
    CHECK(records[5].status == 1);
    CHECK(records[5].nagios_code == 1);
    CHECK(records[5].output == "DISK WARNING - 15% free");

    CHECK(records[6].target == "check_missing");
    CHECK(records[6].port_or_arg.empty());
    CHECK(records[6].status == 1);
    CHECK(records[6].nagios_code == 3);

    // What goes on the queue reads back as it was.
    const auto messages = niamd::protocol::encode_messages(records);
    REQUIRE(messages.size() == 1);
    const auto decoded = niamd::protocol::decode_message(messages[0]);
    CHECK(decoded.errors.empty());
    CHECK(decoded.records == records);
}

TEST_CASE("run_checks: hung targets of every kind cost one timeout for the whole round", "[checks]") {
    check_test::TempDir dir;
    dir.write("sleeps", "#!/bin/sh\nexec sleep 1000\n");
    dir.write("quick", "#!/bin/sh\necho 'OK - quick'\n");
    check_test::TcpListener full(/*fill_backlog=*/true);
    check_test::CheckedServer server;
    const std::vector<CheckSpec> specs = {
        script("sleeps"),
        http("127.0.0.1", server.port(), server.url("/hang")),
        ping("127.0.0.1", full.port()),
        script("quick"),
    };
    const auto start = std::chrono::steady_clock::now();
    const auto records = niamd::checks::run_checks(specs, context_for(dir, 1s));
    const double elapsed = check_test::seconds_since(start);
    REQUIRE(records.size() == 4);  // a timed-out HTTP check has no perfdata: no METRIC
    CHECK(elapsed < 1.0 + 3.0);    // behaviour, not a benchmark: well under 3 timeouts in a row
    CHECK(records[0].nagios_code == 3);
    CHECK(records[0].output == "script 'sleeps' timed out after 1 s and was killed");
    CHECK(records[1].nagios_code == 2);
    CHECK(records[1].output == "timed out after 1 s");
    CHECK(records[2].nagios_code == 2);
    CHECK(records[2].output == "timed out after 1 s");
    CHECK(records[3].status == 0);
    CHECK(records[3].output == "OK - quick");
}

TEST_CASE("run_checks: five hung scripts with a 1 s timeout take about 1 s, not 5", "[checks]") {
    check_test::TempDir dir;
    dir.write("sleeps", "#!/bin/sh\nsleep 1000\n");
    const std::vector<CheckSpec> specs(5, script("sleeps"));
    const auto start = std::chrono::steady_clock::now();
    const auto records = niamd::checks::run_checks(specs, context_for(dir, 1s));
    const double elapsed = check_test::seconds_since(start);
    REQUIRE(records.size() == 5);
    for (const auto& record : records) {
        CHECK(record.status == 1);
        CHECK(record.nagios_code == 3);
    }
    CHECK(elapsed < 3.0);
}

TEST_CASE("run_checks: a check that ignores its timeout is abandoned, one that throws is UNKNOWN", "[checks]") {
    check_test::TempDir dir;
    auto released = std::make_shared<std::atomic<bool>>(false);
    const std::vector<CheckSpec> specs = {ping("stuck.test", 1), ping("throws.test", 2), ping("none.test", 3)};
    const auto make = [&released](const CheckSpec& spec) -> std::unique_ptr<niamd::checks::Check> {
        if (spec.target == "stuck.test") return std::make_unique<Stuck>(released);
        if (spec.target == "throws.test") return std::make_unique<Throws>();
        return nullptr;
    };
    const auto start = std::chrono::steady_clock::now();
    const auto records = niamd::checks::run_checks(specs, context_for(dir, 1s), make);
    const double elapsed = check_test::seconds_since(start);
    *released = true;  // lets the abandoned thread end
    REQUIRE(records.size() == 3);
    CHECK(elapsed >= 1.0);
    CHECK(elapsed < 1.0 + 3.0);
    CHECK(records[0].status == 1);
    CHECK(records[0].nagios_code == 3);
    CHECK(records[0].output == "check abandoned: timed out after 1 s but did not stop");
    CHECK(records[1].nagios_code == 3);
    CHECK(records[1].output == "check failed: boom");
    CHECK(records[2].nagios_code == 3);
    CHECK(records[2].output == "no check for this kind");
}

TEST_CASE("run_checks: no specs, no records, a zero timeout counts as 1 s", "[checks]") {
    check_test::TempDir dir;
    CHECK(niamd::checks::run_checks({}, context_for(dir, 5s)).empty());
    dir.write("sleeps", "#!/bin/sh\nexec sleep 1000\n");
    const auto records = niamd::checks::run_checks({script("sleeps")}, context_for(dir, 0s));
    REQUIRE(records.size() == 1);
    CHECK(records[0].output == "script 'sleeps' timed out after 1 s and was killed");
}

TEST_CASE("run_checks: a stopping daemon ends the round at once", "[checks]") {
    check_test::TempDir dir;
    auto released = std::make_shared<std::atomic<bool>>(false);
    const std::vector<CheckSpec> specs = {ping("stuck.test", 1)};
    const auto make = [&released](const CheckSpec&) -> std::unique_ptr<niamd::checks::Check> {
        return std::make_unique<Stuck>(released);
    };
    auto context = context_for(dir, 30s);
    const auto start = std::chrono::steady_clock::now();
    context.stopping = [start] { return std::chrono::steady_clock::now() - start > 200ms; };
    const auto records = niamd::checks::run_checks(specs, context, make);
    const double elapsed = check_test::seconds_since(start);
    *released = true;
    REQUIRE(records.size() == 1);
    CHECK(records[0].nagios_code == 3);
    CHECK(elapsed < 5.0);  // not the 30 s timeout
}
