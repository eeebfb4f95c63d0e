// The journal sources against real journal files (written by systemd-journal-remote, read by
// sd-journal): JOURNAL's filters, the kept position across restarts, a vacuumed position as a
// gap, and SSH_LOGINS' journal fallback.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "client/config_source.hpp"
#include "client/journal_follower.hpp"
#include "client/journal_source.hpp"
#include "client/ssh_login_source.hpp"
#include "niamd/journal/journal_files.hpp"
#include "protocol/log_record.hpp"
#include "support/temp_dir.hpp"

using niam_test::append_journal_entries;
using niam_test::JournalEntrySpec;
using niamd::client::ConfigSource;
using niamd::client::JournalSource;
using niamd::client::SshLoginSource;
using niamd::protocol::Record;

namespace {

struct Host {
    test_support::TempDir dir{"niam-journal"};
    std::filesystem::path journal = dir.path() / "journal";
    std::filesystem::path state = dir.path() / "state";
    ConfigSource config{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    // before: statements ahead of it (LOG_RATE, LOG_MAX_LINE).
    explicit Host(const std::string& statement, const std::string& before = "") {
        std::filesystem::create_directories(state);
        std::filesystem::create_directories(journal);
        dir.write("niam.conf", before + statement + " directory=" + journal.string() + "\n");
        config.refresh();
    }
};

std::vector<std::string> lines_of(const std::vector<Record>& records) {
    std::vector<std::string> out;
    for (const auto& record : records) {
        if (auto line = niamd::protocol::log_line_of(record)) out.push_back(line->line);
    }
    return out;
}

std::vector<std::uint64_t> seqs_of(const std::vector<Record>& records) {
    std::vector<std::uint64_t> out;
    for (const auto& record : records) {
        if (auto line = niamd::protocol::log_line_of(record)) out.push_back(line->seq);
    }
    return out;
}

JournalEntrySpec entry(std::string message, std::string unit = "ssh.service", int priority = 6) {
    JournalEntrySpec spec;
    spec.message = std::move(message);
    spec.unit = std::move(unit);
    spec.priority = priority;
    return spec;
}

}  // namespace

TEST_CASE("journal: a JOURNAL source sends what comes after its start, of its unit and priority, in order",
          "[journal]") {
    Host host("JOURNAL unit=ssh.service priority=info");
    REQUIRE(append_journal_entries(host.journal, "system.journal", {entry("before the start")}));
    JournalSource source({"NOT-AWS", "web1"}, host.config, host.state);
    CHECK(source.next_due(1000) == 1000);
    CHECK(source.collect(1000).empty());  // a first start begins at the end: no history
    source.kept(true);
    CHECK(source.next_due(1000) == 1001);

    REQUIRE(
        append_journal_entries(host.journal, "system.journal",
                               {entry("one"), entry("cron line", "cron.service"), entry("debug line", "ssh.service", 7),
                                entry("two", "ssh.service", 3), entry("three")}));
    const auto records = source.collect(1001);
    CHECK(lines_of(records) == std::vector<std::string>{"app[100]: one", "app[100]: two", "app[100]: three"});
    const auto seqs = seqs_of(records);
    REQUIRE(seqs.size() == 3);
    CHECK(seqs[1] == seqs[0] + 1);
    CHECK(seqs[2] == seqs[0] + 2);
    CHECK(seqs[0] >= 1000ull * 1000000);  // numbered from the first start's time
    CHECK(records[0].target == "journal:ssh.service");
    source.kept(true);
    CHECK(source.collect(1002).empty());
}

TEST_CASE("journal: a restart resumes after the last line kept with the same numbers", "[journal]") {
    Host host("JOURNAL name=app");
    std::vector<std::uint64_t> first_seqs;
    {
        JournalSource source({"NOT-AWS", "web1"}, host.config, host.state);
        CHECK(source.collect(1000).empty());
        source.kept(true);
        REQUIRE(append_journal_entries(host.journal, "system.journal", {entry("a"), entry("b")}));
        const auto kept = source.collect(1001);
        REQUIRE(lines_of(kept).size() == 2);
        first_seqs = seqs_of(kept);
        source.kept(true);
        REQUIRE(append_journal_entries(host.journal, "system.journal", {entry("c"), entry("d")}));
        const auto lost = source.collect(1002);  // read, but the process dies before they are kept
        REQUIRE(lines_of(lost) == std::vector<std::string>{"app[100]: c", "app[100]: d"});
        source.kept(false);
    }
    JournalSource again({"NOT-AWS", "web1"}, host.config, host.state);
    const auto records = again.collect(2000);
    CHECK(lines_of(records) == std::vector<std::string>{"app[100]: c", "app[100]: d"});
    CHECK(seqs_of(records) == std::vector<std::uint64_t>{first_seqs[1] + 1, first_seqs[1] + 2});
    again.kept(true);
    JournalSource third({"NOT-AWS", "web1"}, host.config, host.state);
    CHECK(third.collect(3000).empty());  // nothing repeats
}

TEST_CASE("journal: a position whose entries were vacuumed gives one gap event and goes on", "[journal]") {
    Host host("JOURNAL name=app");
    {
        JournalSource source({"NOT-AWS", "web1"}, host.config, host.state);
        CHECK(source.collect(1000).empty());
        source.kept(true);
        REQUIRE(append_journal_entries(host.journal, "old.journal", {entry("old 1"), entry("old 2")}));
        REQUIRE(lines_of(source.collect(1001)).size() == 2);
        source.kept(true);
    }
    // journald vacuums the file while niamd is down; newer entries are in another file.
    std::filesystem::remove(host.journal / "old.journal");
    REQUIRE(append_journal_entries(host.journal, "new.journal", {entry("new 1"), entry("new 2")}));
    JournalSource source({"NOT-AWS", "web1"}, host.config, host.state);
    const auto records = source.collect(2000);
    REQUIRE_FALSE(records.empty());
    const auto gap = niamd::protocol::event_of(records[0]);
    REQUIRE(gap);
    CHECK(gap->kind == "journal.gap");
    CHECK(niamd::protocol::field_value(*gap, "source") == "app");
    CHECK(niamd::protocol::field_value(*gap, "reason") == "vacuumed");
    CHECK(lines_of(records) == std::vector<std::string>{"app[100]: new 1", "app[100]: new 2"});
    source.kept(true);
    CHECK(source.collect(2001).empty());
}

TEST_CASE("journal: long messages are cut and marked and a damaged position starts at the end", "[journal]") {
    Host host("JOURNAL name=app");
    JournalSource source({"NOT-AWS", "web1"}, host.config, host.state);
    CHECK(source.collect(1000).empty());
    source.kept(true);
    REQUIRE(append_journal_entries(host.journal, "system.journal", {entry(std::string(20000, 'x'))}));
    const auto records = source.collect(1001);
    REQUIRE(records.size() == 1);
    const auto line = niamd::protocol::log_line_of(records[0]);
    REQUIRE(line);
    CHECK(line->line.size() == 16384);  // LOG_MAX_LINE's default
    CHECK(line->cut_bytes == std::string("app[100]: ").size() + 20000 - 16384);
    source.kept(true);

    for (const auto& file : std::filesystem::directory_iterator(host.state)) {
        if (file.path().extension() == ".position") std::ofstream(file.path(), std::ios::trunc) << "garbage";
    }
    REQUIRE(append_journal_entries(host.journal, "system.journal", {entry("while the position was broken")}));
    JournalSource again({"NOT-AWS", "web1"}, host.config, host.state);
    CHECK(again.collect(5000).empty());  // at the end, numbered from 5000 × 1e6: above every earlier line
    again.kept(true);
    REQUIRE(append_journal_entries(host.journal, "system.journal", {entry("after")}));
    const auto after = again.collect(5001);
    REQUIRE(seqs_of(after).size() == 1);
    CHECK(seqs_of(after)[0] == 5000ull * 1000000);
    CHECK(seqs_of(after)[0] > line->seq);
}

TEST_CASE("journal: LOG_MAX_LINE cuts lines there and LOG_RATE defers the rest to the next seconds", "[journal]") {
    Host host("JOURNAL name=app", "LOG_MAX_LINE 2048\nLOG_RATE 3\n");
    JournalSource source({"NOT-AWS", "web1"}, host.config, host.state);
    CHECK(source.collect(1000).empty());
    source.kept(true);
    std::vector<JournalEntrySpec> entries{entry(std::string(5000, 'y'))};
    for (int i = 1; i <= 9; ++i) entries.push_back(entry("line " + std::to_string(i)));
    REQUIRE(append_journal_entries(host.journal, "system.journal", entries));
    // 10 entries at 3 a second: 3, 3, 3, 1; none dropped, numbered without a gap.
    std::vector<Record> all;
    std::vector<std::size_t> per_second;
    for (std::int64_t now = 1001; now <= 1005; ++now) {
        const auto records = source.collect(now);
        source.kept(true);
        per_second.push_back(records.size());
        all.insert(all.end(), records.begin(), records.end());
    }
    CHECK(per_second == std::vector<std::size_t>{3, 3, 3, 1, 0});
    REQUIRE(all.size() == 10);
    for (const auto& record : all) CHECK(record.kind == niamd::protocol::RecordKind::Log);  // no log.dropped
    const auto seqs = seqs_of(all);
    for (std::size_t i = 1; i < seqs.size(); ++i) CHECK(seqs[i] == seqs[i - 1] + 1);
    const auto first = niamd::protocol::log_line_of(all[0]);
    REQUIRE(first);
    CHECK(first->line == "app[100]: " + std::string(2048 - 10, 'y'));
    CHECK(first->cut_bytes == 10 + 5000 - 2048);
    CHECK(lines_of(all).back() == "app[100]: line 9");
}

TEST_CASE("journal: SSH_LOGINS reads sshd's entries from the journal as login events", "[journal]") {
    test_support::TempDir dir{"niam-ssh-journal"};
    const auto journal = dir.path() / "journal";
    const auto state = dir.path() / "state";
    std::filesystem::create_directories(state);
    dir.write("niam.conf", "SSH_LOGINS /nonexistent/auth.log directory=" + journal.string() + "\n");
    ConfigSource config{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    config.refresh();
    REQUIRE(append_journal_entries(journal, "system.journal", {entry("start")}));
    SshLoginSource source({"NOT-AWS", "web1"}, config, state);
    CHECK(source.collect(1000).empty());
    source.kept(true);
    auto sshd = [](std::string message) {
        JournalEntrySpec spec;
        spec.message = std::move(message);
        spec.identifier = "sshd";
        spec.unit = "ssh.service";
        spec.pid = "812";
        return spec;
    };
    JournalEntrySpec cron;
    cron.message = "Failed password for root from 192.0.2.1 port 1 ssh2";  // not sshd's
    cron.identifier = "cron";
    REQUIRE(append_journal_entries(
        journal, "system.journal",
        {sshd("Failed password for root from 198.51.100.7 port 40000 ssh2"),
         sshd("Server listening on 0.0.0.0 port 22."), cron,
         sshd("Accepted publickey for alice from 192.0.2.9 port 50022 ssh2: ED25519 SHA256:abc")}));
    const auto records = source.collect(1001);
    REQUIRE(records.size() == 2);
    const auto failed = niamd::protocol::event_of(records[0]);
    const auto accepted = niamd::protocol::event_of(records[1]);
    REQUIRE(failed);
    REQUIRE(accepted);
    CHECK(failed->kind == "ssh.failed");
    CHECK(niamd::protocol::field_value(*failed, "source") == "198.51.100.7");
    CHECK(failed->raw == "sshd[812]: Failed password for root from 198.51.100.7 port 40000 ssh2");
    CHECK(accepted->kind == "ssh.accepted");
    CHECK(niamd::protocol::field_value(*accepted, "fingerprint") == "SHA256:abc");
    CHECK(failed->id.rfind("ssh:", 0) == 0);
    CHECK(failed->id != accepted->id);
    CHECK(source.other_lines() == 1);
}
