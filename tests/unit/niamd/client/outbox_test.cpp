// Outbox: survives a restart, keeps order, reads the spool of earlier versions, and past its
// bound drops metric samples first, then unchanged check results, PINGs and state changes
// last, each drop counted by kind.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "client/outbox.hpp"
#include "client/outbox_metrics.hpp"
#include "client/spool_file.hpp"
#include "protocol/inventory_record.hpp"
#include "protocol/log_record.hpp"
#include "protocol/metric_record.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using niamd::client::Outbox;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;

namespace {

Record make(RecordKind kind, std::string target, std::string arg, std::int64_t time, int status) {
    Record r;
    r.instance = "i-1";
    r.hostname = "web1";
    r.kind = kind;
    r.target = std::move(target);
    r.port_or_arg = std::move(arg);
    r.time = time;
    r.status = status;
    return r;
}

Record ping(std::int64_t time) { return make(RecordKind::Ping, "", "", time, 0); }

Record http(std::int64_t time, int status = 0) {
    Record r = make(RecordKind::Http, "example.org", "80", time, status);
    r.latency_ms = 12;
    r.nagios_code = status == 0 ? 0 : 2;
    r.output = status == 0 ? "HTTP OK" : "HTTP CRITICAL";
    return r;
}

Record metric(std::int64_t time, double value) {
    niamd::metrics::Sample sample{"cpu.user_pct", {}, "%", value, time};
    return niamd::protocol::metric_record("i-1", "web1", sample, time);
}

Record log_line(std::uint64_t seq, std::int64_t time) {
    return niamd::protocol::log_record("i-1", "web1", {"nginx", seq, time, "GET /index.html 200", "stdout", 0});
}

Record event(std::int64_t time) {
    return niamd::protocol::event_record("i-1", "web1", {"docker.die", "e" + std::to_string(time), time, {}, ""});
}

// The bytes one record takes in the spool file as entry number `seq` (spool_file.hpp's format).
std::size_t entry_bytes(std::uint64_t seq, const Record& record) {
    return niamd::client::format_spool_entry({seq, niamd::protocol::encode_record(record)}).size();
}

std::vector<Record> held(const Outbox& outbox) {
    std::vector<Record> records;
    for (const auto& entry : outbox.entries()) {
        for (auto& record : niamd::protocol::decode_message(entry.body).records) records.push_back(record);
    }
    return records;
}

std::size_t count_kind(const std::vector<Record>& records, RecordKind kind) {
    return static_cast<std::size_t>(
        std::count_if(records.begin(), records.end(), [&](const Record& r) { return r.kind == kind; }));
}

}  // namespace

TEST_CASE("outbox: records survive a restart oldest first and numbering continues", "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    {
        Outbox outbox(dir.path() / "spool", 1 << 20);
        REQUIRE(outbox.append({ping(100), http(100)}));
        REQUIRE(outbox.append({ping(130), http(130)}));
        outbox.forget(0, 2);
        REQUIRE(outbox.sync());
    }
    Outbox reopened(dir.path() / "spool", 1 << 20);
    REQUIRE(reopened.size() == 2);
    CHECK(held(reopened) == std::vector<Record>{ping(130), http(130)});
    REQUIRE(reopened.append({ping(160)}));
    CHECK(reopened.entries()[2].seq > reopened.entries()[1].seq);
    CHECK((fs::status(dir.path() / "spool").permissions() & fs::perms::others_read) == fs::perms::none);
}

TEST_CASE("outbox: a record is on disk when append returns", "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    Outbox outbox(dir.path() / "spool", 1 << 20);
    REQUIRE(outbox.append({ping(100), metric(100, 1.5)}));
    // Read by another reader, as after a SIGKILL now.
    Outbox other(dir.path() / "spool", 1 << 20);
    CHECK(held(other) == std::vector<Record>{ping(100), metric(100, 1.5)});
}

TEST_CASE("outbox: emptied and nothing ever dropped the file goes away", "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    Outbox outbox(dir.path() / "spool", 1 << 20);
    REQUIRE(outbox.append({ping(100)}));
    CHECK(fs::exists(dir.path() / "spool"));
    outbox.forget(0, 1);
    REQUIRE(outbox.sync());
    CHECK(outbox.empty());
    CHECK_FALSE(fs::exists(dir.path() / "spool"));
}

TEST_CASE("outbox: over the bound metric samples go first then unchanged results then the rest", "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    const std::size_t bound = 64 * 1024;
    Outbox outbox(dir.path() / "spool", bound);
    // Rounds of a PING, a check whose status flips every 10th round, and 10 samples.
    int round = 0;
    auto add_round = [&] {
        std::vector<Record> records{ping(round), http(round, (round / 10) % 2)};
        for (int i = 0; i < 10; ++i) records.push_back(metric(round, i));
        REQUIRE(outbox.append(records));
        ++round;
    };
    while (outbox.dropped().metric == 0) add_round();
    CHECK(outbox.bytes() <= bound);
    CHECK(outbox.dropped().check == 0);
    CHECK(outbox.dropped().ping == 0);
    auto records = held(outbox);
    CHECK(count_kind(records, RecordKind::Ping) == static_cast<std::size_t>(round));  // every PING kept
    CHECK(count_kind(records, RecordKind::Http) == static_cast<std::size_t>(round));
    // The samples left are the newest ones, in order.
    std::vector<std::int64_t> sample_times;
    for (const auto& r : records) {
        if (r.kind == RecordKind::Metric) sample_times.push_back(r.time);
    }
    CHECK(std::is_sorted(sample_times.begin(), sample_times.end()));
    CHECK(sample_times.back() == round - 1);
    CHECK(sample_times.front() > 0);
    // Far past the bound: no sample left, then unchanged results go; changes stay.
    while (outbox.dropped().check == 0) {
        REQUIRE(outbox.append({ping(round), http(round, (round / 10) % 2)}));
        ++round;
    }
    CHECK(count_kind(held(outbox), RecordKind::Metric) == 0);
    CHECK(outbox.dropped().ping == 0);
    records = held(outbox);
    std::vector<std::int64_t> change_times;
    for (const auto& r : records) {
        if (r.kind == RecordKind::Http) change_times.push_back(r.time);
    }
    // Every round where the status flipped (0, 10, 20, ...) is still there.
    for (int t = 0; t < round; t += 10) {
        CHECK(std::find(change_times.begin(), change_times.end(), t) != change_times.end());
    }
    // Then PINGs and changes, oldest first.
    while (outbox.dropped().ping == 0) {
        REQUIRE(outbox.append({ping(round)}));
        ++round;
    }
    CHECK(outbox.bytes() <= bound);
    CHECK(held(outbox).back() == ping(round - 1));
    // The counts survive a restart.
    const auto dropped = outbox.dropped();
    Outbox reopened(dir.path() / "spool", bound);
    CHECK(reopened.dropped().metric == dropped.metric);
    CHECK(reopened.dropped().check == dropped.check);
    CHECK(reopened.dropped().ping == dropped.ping);
    CHECK(reopened.size() == outbox.size());
}

TEST_CASE("outbox: over the bound log lines and events go first, then metric samples, exact counts",
          "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    Outbox outbox(dir.path() / "spool", 1 << 20);
    // Numbers 1..9 used up, so that every entry below has a two-digit number: equal sizes.
    for (int i = 0; i < 9; ++i) REQUIRE(outbox.append({ping(1)}));
    outbox.forget(0, 9);
    REQUIRE(outbox.sync());
    // 30 log lines and 10 events (times 1000..1039), 20 samples, 5 PINGs, interleaved.
    std::vector<Record> records;
    for (int i = 0; i < 40; ++i) {
        records.push_back(i % 4 == 3 ? event(1000 + i) : log_line(static_cast<std::uint64_t>(100 + i), 1000 + i));
        if (i % 2 == 0) records.push_back(metric(1000 + i, 1.5));
        if (i % 8 == 0) records.push_back(ping(1000 + i));
    }
    REQUIRE(records.size() == 65);
    REQUIRE(outbox.append(records));
    const std::size_t log_bytes = entry_bytes(10, log_line(100, 1000));
    const std::size_t event_bytes = entry_bytes(10, event(1000));
    const std::size_t metric_bytes = entry_bytes(10, metric(1000, 1.5));
    const std::size_t ping_bytes = entry_bytes(10, ping(1000));
    const std::size_t all = 30 * log_bytes + 10 * event_bytes + 20 * metric_bytes + 5 * ping_bytes;
    REQUIRE(outbox.bytes() == all);
    // The file holds exactly those entries after its header.
    REQUIRE(fs::file_size(dir.path() / "spool") == niamd::client::format_spool_header(0, 0).size() + all);

    // A bound whose 90% leaves room for everything but 20 log lines' worth: the 20 oldest
    // log records (lines and events, in their order) go, nothing else.
    const std::size_t first_target = all - 15 * log_bytes - 5 * event_bytes;  // the first 20: 15 lines, 5 events
    outbox.set_max_bytes(first_target * 10 / 9 + 1);
    const std::size_t target1 = outbox.max_bytes() - outbox.max_bytes() / 10;
    REQUIRE(target1 >= first_target);
    REQUIRE(target1 < first_target + std::min(log_bytes, event_bytes));
    CHECK(outbox.dropped().log == 20);
    CHECK(outbox.dropped().metric == 0);
    CHECK(outbox.dropped().check == 0);
    CHECK(outbox.dropped().ping == 0);
    CHECK(outbox.bytes() == first_target);
    std::vector<Record> kept = held(outbox);
    CHECK(count_kind(kept, RecordKind::Log) == 15);
    CHECK(count_kind(kept, RecordKind::Event) == 5);
    CHECK(count_kind(kept, RecordKind::Metric) == 20);
    CHECK(count_kind(kept, RecordKind::Ping) == 5);
    // The log records left are the newest (times 1020..1039).
    for (const auto& r : kept) {
        if (r.kind == RecordKind::Log || r.kind == RecordKind::Event) CHECK(r.time >= 1020);
    }

    // Lower: every log record goes, then the 7 oldest samples; PINGs stay.
    const std::size_t second_target = 13 * metric_bytes + 5 * ping_bytes;
    outbox.set_max_bytes(second_target * 10 / 9 + 1);
    const std::size_t target2 = outbox.max_bytes() - outbox.max_bytes() / 10;
    REQUIRE(target2 >= second_target);
    REQUIRE(target2 < second_target + metric_bytes);
    CHECK(outbox.dropped().log == 40);
    CHECK(outbox.dropped().metric == 7);
    CHECK(outbox.dropped().check == 0);
    CHECK(outbox.dropped().ping == 0);
    kept = held(outbox);
    CHECK(count_kind(kept, RecordKind::Log) == 0);
    CHECK(count_kind(kept, RecordKind::Event) == 0);
    CHECK(count_kind(kept, RecordKind::Metric) == 13);
    CHECK(count_kind(kept, RecordKind::Ping) == 5);

    // The counts are in the file's header: a restart finds them.
    Outbox reopened(dir.path() / "spool", outbox.max_bytes());
    CHECK(reopened.dropped().log == 40);
    CHECK(reopened.dropped().metric == 7);
    CHECK(reopened.size() == 18);
    std::ifstream in(dir.path() / "spool");
    std::string header;
    std::getline(in, header);
    CHECK(header ==
          "niam-spool 2 dropped_pings=0 dropped_records=0 unreadable_bytes=0 dropped_metrics=7 dropped_logs=40");
}

TEST_CASE("outbox: a spool file without the log count (an earlier version's) still loads", "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    const std::string line = niamd::protocol::encode_record(log_line(5, 100));
    const std::string sample = niamd::protocol::encode_record(metric(100, 2));
    {
        // As the version before the log kind wrote it: no dropped_logs in the header.
        std::ofstream out(dir.path() / "spool", std::ios::binary);
        out << "niam-spool 2 dropped_pings=1 dropped_records=2 unreadable_bytes=0 dropped_metrics=3\n"
            << niamd::client::format_spool_entry({4, line}) << niamd::client::format_spool_entry({5, sample});
    }
    {
        Outbox outbox(dir.path() / "spool", 1 << 20);
        REQUIRE(outbox.size() == 2);
        CHECK(outbox.dropped().log == 0);
        CHECK(outbox.dropped().metric == 3);
        CHECK(outbox.dropped().check == 2);
        CHECK(outbox.dropped().ping == 1);
        CHECK(outbox.entries()[0].kind == niamd::client::EntryKind::Log);
        CHECK(outbox.entries()[1].kind == niamd::client::EntryKind::Metric);
        CHECK(held(outbox) == std::vector<Record>{log_line(5, 100), metric(100, 2)});
        // Over a bound that holds one of them: the log line goes, the sample stays.
        outbox.set_max_bytes(outbox.entries()[1].file_bytes * 10 / 9 + 1);  // 90% of it: the sample
        CHECK(outbox.dropped().log == 1);
        CHECK(outbox.dropped().metric == 3);
        CHECK(held(outbox) == std::vector<Record>{metric(100, 2)});
    }
    // A header with words this version does not know (a later one's) is read too.
    {
        std::ofstream out(dir.path() / "spool", std::ios::binary | std::ios::trunc);
        out << "niam-spool 2 dropped_pings=0 dropped_records=0 unreadable_bytes=0 dropped_metrics=0 dropped_logs=9 "
               "dropped_later=4\n"
            << niamd::client::format_spool_entry({7, line});
    }
    Outbox later(dir.path() / "spool", 1 << 20);
    CHECK(later.dropped().log == 9);
    CHECK(held(later) == std::vector<Record>{log_line(5, 100)});
}

TEST_CASE("outbox: a PROBLEM record is kept as long as PINGs", "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    Outbox outbox(dir.path() / "spool", 16 * 1024);
    Record problem = make(RecordKind::Problem, "config", "refused", 1, 1);
    REQUIRE(outbox.append({problem}));
    for (int i = 2; outbox.dropped().check == 0; ++i) REQUIRE(outbox.append({http(i)}));  // never a change
    CHECK(held(outbox).front() == problem);
}

TEST_CASE("outbox: an INVENTORY record is kept as long as PINGs", "[client][outbox]") {
    // Sent only when the inventory changed: a dropped part would not come again.
    test_support::TempDir dir("niam-outbox");
    Outbox outbox(dir.path() / "spool", 16 * 1024);
    const Record part = niamd::protocol::inventory_records("NOT-AWS", "web1", "kernel=Linux", 1)[0];
    REQUIRE(outbox.append({part}));
    REQUIRE(outbox.append({part}));  // the same inventory again (its digest file was lost): not a check result
    for (int i = 2; outbox.dropped().check == 0; ++i) REQUIRE(outbox.append({http(i)}));  // never a change
    const auto kept = held(outbox);
    REQUIRE(kept.size() >= 2);
    CHECK(kept[0] == part);
    CHECK(kept[1] == part);
}

TEST_CASE("outbox: a lowered bound cuts the outbox at once and on disk", "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    {
        Outbox outbox(dir.path() / "spool", 1 << 20);
        for (int i = 0; i < 100; ++i) REQUIRE(outbox.append({ping(i), metric(i, i)}));
        outbox.set_max_bytes(2048);
        CHECK(outbox.bytes() <= 2048);
        CHECK(outbox.dropped().metric == 100);
        CHECK(outbox.dropped().ping > 0);
    }
    Outbox smaller(dir.path() / "spool", 2048);
    CHECK(smaller.bytes() <= 2048);
    CHECK(smaller.dropped().metric == 100);
}

TEST_CASE("outbox: the spool of an earlier version is split into records and loses nothing", "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    const auto body1 = niamd::protocol::encode_messages({ping(100), http(100)}).front();
    const auto body2 = niamd::protocol::encode_messages({ping(130), http(130, 1)}).front();
    {
        std::ofstream out(dir.path() / "spool", std::ios::binary);
        out << niamd::client::format_spool_header(3, 4) << niamd::client::format_spool_entry({7, body1})
            << niamd::client::format_spool_entry({8, body2});
    }
    Outbox outbox(dir.path() / "spool", 1 << 20);
    REQUIRE(outbox.size() == 4);
    CHECK(held(outbox) == std::vector<Record>{ping(100), http(100), ping(130), http(130, 1)});
    CHECK(outbox.dropped().ping == 3);
    CHECK(outbox.dropped().check == 4);
    CHECK(outbox.entries().front().seq > 8);  // numbers never handed out before
    for (std::size_t i = 1; i < outbox.size(); ++i) CHECK(outbox.entries()[i].seq > outbox.entries()[i - 1].seq);
    // Rewritten in the new form: read back the same.
    Outbox again(dir.path() / "spool", 1 << 20);
    CHECK(held(again) == held(outbox));
    CHECK(again.entries().front().seq == outbox.entries().front().seq);
}

TEST_CASE("outbox: its counts become METRIC samples of the client", "[client][outbox]") {
    test_support::TempDir dir("niam-outbox");
    Outbox outbox(dir.path() / "spool", 4096);
    for (int i = 0; i < 100; ++i) REQUIRE(outbox.append({metric(i, i)}));
    const auto records = niamd::client::outbox_metric_records({"i-1", "web1"}, outbox, {7, 910}, 500);
    REQUIRE(records.size() == 6);
    auto value_of = [&](const std::string& name, const std::string& tags) {
        for (const auto& r : records) {
            if (r.kind == RecordKind::Metric && r.target == name && r.port_or_arg == tags) return r.value;
        }
        FAIL("no sample " << name << " " << tags);
        return -1.0;
    };
    CHECK(value_of("niamd.outbox.dropped", "kind=metric") == static_cast<double>(outbox.dropped().metric));
    CHECK(outbox.dropped().metric > 0);
    CHECK(value_of("niamd.outbox.dropped", "kind=check") == 0);
    CHECK(value_of("niamd.outbox.dropped", "kind=ping") == 0);
    CHECK(value_of("niamd.outbox.dropped", "kind=log") == 0);
    CHECK(value_of("niamd.outbox.records", "") == 7);  // the backlog given, not what the outbox holds
    CHECK(value_of("niamd.outbox.bytes", "") == 910);
    for (const auto& r : records) CHECK(r.time == 500);
}
