// CheckSource on explicit times: checks with an interval= of their own run when due on it,
// the others stay with the heartbeat, each check gets its own timeout, and the records carry
// the noise options.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "client/check_source.hpp"
#include "client/config_source.hpp"
#include "client/heartbeat_source.hpp"
#include "support/temp_dir.hpp"

using niamd::client::CheckSource;
using niamd::client::ConfigSource;
using niamd::protocol::Record;

namespace {

struct Host {
    test_support::TempDir dir{"niam-checks"};
    ConfigSource config{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    explicit Host(const std::string& text) {
        dir.write("niam.conf", text);
        config.refresh();
    }
};

// Passes at once and tells the timeout it was given in its output.
class Telling final : public niamd::checks::Check {
  public:
    niamd::checks::CheckOutcome run(std::chrono::milliseconds timeout) override {
        return niamd::checks::check_passed(1, std::to_string(timeout.count()));
    }
};

niamd::checks::CheckMaker telling() {
    return [](const niamd::config::CheckSpec&) { return std::make_unique<Telling>(); };
}

std::vector<std::string> targets(const std::vector<Record>& records) {
    std::vector<std::string> out;
    for (const auto& record : records) out.push_back(record.target);
    return out;
}

}  // namespace

TEST_CASE("check source: each check runs on its own interval", "[client]") {
    Host host(
        "INTERVAL 30\nTIMEOUT 5\nPING a PORT 1 interval=10 timeout=2 retries=2 flap_changes=6\n"
        "PING b PORT 1 interval=25\nPING c PORT 1\nPING d PORT 1 interval=30\n");
    CheckSource source(
        {"NOT-AWS", "web1"}, "/nonexistent", host.config, [] { return false; }, telling());
    CHECK(source.next_due(1000) == 1000);
    auto records = source.collect(1000);
    REQUIRE(targets(records) == std::vector<std::string>{"a", "b"});  // c and d: the heartbeat's
    CHECK(records[0].output == std::string("2000"));                  // its own timeout
    CHECK(records[1].output == std::string("5000"));                  // TIMEOUT
    CHECK(records[0].retries == 2);
    CHECK(records[0].flap_changes == 6);
    CHECK(records[0].time == 1000);
    CHECK(source.next_due(1001) == 1010);
    CHECK(targets(source.collect(1010)) == std::vector<std::string>{"a"});
    CHECK(source.next_due(1010) == 1020);
    CHECK(targets(source.collect(1020)) == std::vector<std::string>{"a"});
    CHECK(source.next_due(1020) == 1025);
    CHECK(targets(source.collect(1025)) == std::vector<std::string>{"b"});
    // A reload that drops b forgets it; a new check is due at once.
    host.dir.write("niam.conf", "INTERVAL 30\nPING a PORT 1 interval=10\nPING e PORT 1 interval=60\n");
    host.config.refresh();
    CHECK(source.next_due(1026) == 1026);
    CHECK(targets(source.collect(1026)) == std::vector<std::string>{"e"});
    CHECK(source.next_due(1026) == 1030);
}

TEST_CASE("check source: without own intervals it never wakes", "[client]") {
    Host host("INTERVAL 30\nPING c PORT 1\nHTTP https://x/ retries=1\n");
    CheckSource source(
        {"NOT-AWS", "web1"}, "/nonexistent", host.config, [] { return false; }, telling());
    CHECK(source.next_due(1000) == CheckSource::kNever);
    CHECK(source.collect(1000).empty());
}

TEST_CASE("check source: the heartbeat round leaves checks of their own interval out", "[client]") {
    Host host("INTERVAL 30\nTIMEOUT 1\nPING 127.0.0.1 PORT 1 interval=10\n");
    niamd::client::HeartbeatSource heartbeat({"NOT-AWS", "web1"}, host.dir.path() / "scripts", host.config,
                                             [] { return false; });
    const auto records = heartbeat.collect(1000);
    REQUIRE(records.size() == 1);
    CHECK(records[0].kind == niamd::protocol::RecordKind::Ping);
}
