// A SCRIPT check's perfdata as METRIC records `<script>.<label>`, beside the check's own
// record, through run_checks with real plugins; and exit codes that make a check UNKNOWN.
#include <catch2/catch.hpp>

#include "checks/check_runner.hpp"
#include "checks/perfdata_metrics.hpp"
#include "niamd/checks/check_fixtures.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

using namespace std::chrono_literals;
using niamd::checks::CheckContext;
using niamd::config::CheckKind;
using niamd::config::CheckSpec;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;

namespace {

CheckSpec script(std::string name, std::vector<std::string> args = {}) {
    CheckSpec spec;
    spec.kind = CheckKind::Script;
    spec.script = std::move(name);
    spec.args = std::move(args);
    return spec;
}

CheckContext context_for(const check_test::TempDir& dir) {
    CheckContext context;
    context.instance = "i-0abc";
    context.hostname = "web1.test";
    context.scripts_dir = dir.path();
    context.timeout = 5s;
    context.now = 1700000000;
    return context;
}

}  // namespace

TEST_CASE("perfdata metrics: a SCRIPT's perfdata of every line follows its check record", "[checks]") {
    check_test::TempDir dir;
    dir.write("check_disk",
              "#!/bin/sh\n"
              "echo \"DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\"\n"
              "echo \"/ 15272 MB (77%);\"\n"
              "echo \"/boot 68 MB (69%); | /boot=68MB;88;93;0;98 'in use'=12%;;;0;100\"\n"
              "echo \"time=0.5s;;;0 'it''s'=1\"\n"
              "exit 0\n");
    const auto records = niamd::checks::run_checks({script("check_disk", {"-p", "/"})}, context_for(dir));
    REQUIRE(records.size() == 6);
    CHECK(records[0].kind == RecordKind::Script);
    CHECK(records[0].output == "DISK OK - free space: / 3326 MB (56%);");  // the check's record as before
    CHECK(records[0].status == 0);
    const Record& root = records[1];
    CHECK(root.kind == RecordKind::Metric);
    CHECK(root.target == "check_disk./");
    CHECK(root.value == 2643);
    CHECK(root.unit == "MB");
    CHECK(root.limits == "5948;5958;0;5968");
    CHECK(root.time == 1700000000);
    CHECK(root.instance == "i-0abc");
    CHECK(root.hostname == "web1.test");
    CHECK(root.port_or_arg.empty());
    CHECK(records[2].target == "check_disk./boot");
    CHECK(records[3].target == "check_disk.in use");
    CHECK(records[3].unit == "%");
    CHECK(records[3].limits == ";;0;100");
    CHECK(records[4].target == "check_disk.time");
    CHECK(records[4].unit == "s");
    CHECK(records[4].limits == ";;0;");
    CHECK(records[5].target == "check_disk.it's");
    CHECK(records[5].limits.empty());
    // All of it goes on the wire and comes back.
    const auto messages = niamd::protocol::encode_messages(records, niamd::protocol::kMaxMessageBytes);
    REQUIRE(messages.size() == 1);
    const auto decoded = niamd::protocol::decode_message(messages[0]);
    REQUIRE(decoded.records.size() == 6);
    CHECK(decoded.records[1] == records[1]);
}

TEST_CASE("perfdata metrics: a bad item costs only itself, counted", "[checks]") {
    niamd::checks::PerfdataMetricCounts counts;
    Record check;
    check.instance = "NOT-AWS";
    check.hostname = "h";
    check.kind = RecordKind::Script;
    check.target = "check_x";
    check.time = 5;
    const auto records = niamd::checks::perfdata_metric_records(check, "a=1 b=zz c=2xB d=U e=3", counts);
    REQUIRE(records.size() == 2);
    CHECK(records[0].target == "check_x.a");
    CHECK(records[1].target == "check_x.e");
    CHECK(counts.samples == 2);
    CHECK(counts.bad_items == 2);
    CHECK(counts.undetermined == 1);
    CHECK(niamd::checks::perfdata_metric_records(check, "", counts).empty());
}

TEST_CASE("perfdata metrics: a name longer than a metric name may be is dropped and counted", "[checks]") {
    niamd::checks::PerfdataMetricCounts counts;
    Record check;
    check.kind = RecordKind::Script;
    check.target = "check_x";
    const auto records = niamd::checks::perfdata_metric_records(check, std::string(250, 'l') + "=1 ok=2", counts);
    REQUIRE(records.size() == 1);
    CHECK(records[0].target == "check_x.ok");
    CHECK(counts.dropped == 1);
}

TEST_CASE("perfdata metrics: exit codes above 3 and death by a signal are UNKNOWN, perfdata still read", "[checks]") {
    check_test::TempDir dir;
    dir.write("four", "#!/bin/sh\necho 'odd | a=1'\nexit 4\n");
    dir.write("killed", "#!/bin/sh\necho 'x'\nkill -9 $$\n");
    const auto records = niamd::checks::run_checks({script("four"), script("killed")}, context_for(dir));
    REQUIRE(records.size() == 3);
    CHECK(records[0].nagios_code == 3);
    CHECK(records[0].status == 1);
    CHECK(records[0].output == "(plugin exited with code 4, not 0-3) odd");
    CHECK(records[1].kind == RecordKind::Metric);
    CHECK(records[1].target == "four.a");
    CHECK(records[2].nagios_code == 3);
    CHECK(records[2].output == "(plugin killed by signal 9) x");
}

TEST_CASE("perfdata metrics: a refused PING gives no metric records", "[checks]") {
    check_test::TempDir dir;
    CheckSpec ping;
    ping.kind = CheckKind::Ping;
    ping.target = "127.0.0.1";
    ping.port = 1;
    const auto records = niamd::checks::run_checks({ping}, context_for(dir));
    REQUIRE(records.size() == 1);
    CHECK(records[0].kind == RecordKind::Lping);
}

TEST_CASE("perfdata metrics: an HTTP check's timings become http metrics tagged with its target and port", "[checks]") {
    check_test::TempDir dir;
    check_test::CheckedServer server;
    CheckSpec http;
    http.kind = CheckKind::Http;
    http.target = "127.0.0.1";
    http.port = server.port();
    http.url = server.url("/page");
    http.http.warn_ms = 500;
    const auto records = niamd::checks::run_checks({http}, context_for(dir));
    REQUIRE(records.size() == 8);
    CHECK(records[0].kind == RecordKind::Http);
    std::vector<std::string> names;
    for (std::size_t i = 1; i < records.size(); ++i) {
        INFO(records[i].target);
        CHECK(records[i].kind == RecordKind::Metric);
        CHECK(records[i].port_or_arg == "target=127.0.0.1;port=" + std::to_string(server.port()));
        CHECK(records[i].time == 1700000000);
        names.push_back(records[i].target);
    }
    CHECK(names == std::vector<std::string>{"http.time", "http.dns", "http.connect", "http.tls", "http.firstbyte",
                                            "http.size", "http.status"});
    CHECK(records[1].unit == "ms");
    CHECK(records[1].limits == "500;;0;");
    CHECK(records[6].unit == "B");
    CHECK(records[7].value == 200);
}

TEST_CASE("perfdata metrics: a PING that connects gives ping.time tagged with its target and port", "[checks]") {
    check_test::TempDir dir;
    check_test::TcpListener listener;
    CheckSpec ping;
    ping.kind = CheckKind::Ping;
    ping.target = "127.0.0.1";
    ping.port = listener.port();
    const auto records = niamd::checks::run_checks({ping}, context_for(dir));
    REQUIRE(records.size() == 2);
    CHECK(records[1].kind == RecordKind::Metric);
    CHECK(records[1].target == "ping.time");
    CHECK(records[1].port_or_arg == "target=127.0.0.1;port=" + std::to_string(listener.port()));
    CHECK(records[1].unit == "ms");
    CHECK(records[1].value == records[0].latency_ms.value_or(-1));
}
