// SSH_LOGINS from a file (/var/log/auth.log by default): sshd's lines among the others become
// login events, the file is followed through rotation, and the position survives a restart and
// a refused outbox append, with the same event ids.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "client/config_source.hpp"
#include "client/ssh_login_source.hpp"
#include "protocol/log_record.hpp"
#include "support/temp_dir.hpp"

using niamd::client::ConfigSource;
using niamd::client::SshLoginSource;
using niamd::protocol::Record;

namespace {

void append(const std::filesystem::path& path, const std::vector<std::string>& lines) {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    for (const auto& line : lines) out << line << '\n';
}

struct Seen {
    std::string kind;
    std::string id;
    std::string source;
    std::string raw;
};

std::vector<Seen> events_of(const std::vector<Record>& records) {
    std::vector<Seen> seen;
    for (const auto& record : records) {
        auto event = niamd::protocol::event_of(record);
        REQUIRE(event);
        seen.push_back(
            {event->kind, event->id, std::string(niamd::protocol::field_value(*event, "source")), event->raw});
    }
    return seen;
}

std::string failed(int i) {
    return "Dec  3 07:47:02 web1 sshd[" + std::to_string(35000 + i) +
           "]: Failed password for root from 203.0.113.7 port " + std::to_string(51000 + i) + " ssh2";
}

const char kCron[] = "Dec  3 07:47:03 web1 CRON[2201]: pam_unix(cron:session): session closed for user root";
const char kAccepted[] =
    "Dec  3 07:47:04 web1 sshd[35791]: Accepted publickey for deploy from 198.51.100.20 port 40002 ssh2: ED25519 "
    "SHA256:3kXyq0eWpPQ0Ax4uJ0p5b0m0bb3Yo9cJ1sRkq1bP7nE";

}  // namespace

TEST_CASE("ssh logins: a file's sshd lines become events, read from its end, other lines counted", "[ssh-logins]") {
    test_support::TempDir dir{"niam-ssh-file"};
    const auto log = dir.path() / "auth.log";
    const auto state = dir.path() / "state";
    std::filesystem::create_directories(state);
    append(log, {failed(0), kCron});  // before niamd: history, not news
    dir.write("niam.conf", "SSH_LOGINS " + log.string() + "\n");
    ConfigSource config{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    config.refresh();

    SshLoginSource source({"NOT-AWS", "web1"}, config, state);
    CHECK(source.collect(1000).empty());
    CHECK(source.reads_file());
    source.kept(true);

    append(log,
           {failed(1), kCron, kAccepted, "Dec  3 07:47:05 web1 sshd[35791]: Server listening on 0.0.0.0 port 22."});
    const auto seen = events_of(source.collect(1001));
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].kind == "ssh.failed");
    CHECK(seen[0].source == "203.0.113.7");
    CHECK(seen[0].raw == failed(1));
    CHECK(seen[1].kind == "ssh.accepted");
    CHECK(seen[1].source == "198.51.100.20");
    CHECK(seen[0].id.rfind("ssh:", 0) == 0);
    CHECK(seen[0].id != seen[1].id);
    CHECK(source.other_lines() == 2);  // CRON and sshd's "Server listening"

    // The outbox refused them: read again, with the same ids.
    source.kept(false);
    const auto again = events_of(source.collect(1002));
    REQUIRE(again.size() == 2);
    CHECK(again[0].id == seen[0].id);
    CHECK(again[1].id == seen[1].id);
    source.kept(true);
    CHECK(source.collect(1003).empty());
    source.kept(true);
    CHECK(std::filesystem::exists(source.positions_path()));
}

TEST_CASE("ssh logins: a file rotated by rename + create and a restart lose and repeat nothing", "[ssh-logins]") {
    test_support::TempDir dir{"niam-ssh-rotate"};
    const auto log = dir.path() / "auth.log";
    const auto state = dir.path() / "state";
    std::filesystem::create_directories(state);
    append(log, {kCron});
    dir.write("niam.conf", "SSH_LOGINS " + log.string() + "\n");
    ConfigSource config{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    config.refresh();

    std::vector<std::string> ids;
    std::vector<std::string> raws;
    const auto take = [&](SshLoginSource& source, std::int64_t now) {
        for (const auto& seen : events_of(source.collect(now))) {
            ids.push_back(seen.id);
            raws.push_back(seen.raw);
        }
        source.kept(true);
    };
    {
        SshLoginSource source({"NOT-AWS", "web1"}, config, state);
        take(source, 2000);
        append(log, {failed(1), failed(2)});
        take(source, 2001);
        // logrotate: the file moved away (sshd still writes to it for a moment), a new one made.
        std::filesystem::rename(log, dir.path() / "auth.log.1");
        append(dir.path() / "auth.log.1", {failed(3)});
        append(log, {failed(4)});
        take(source, 2002);
        take(source, 2003);
        append(log, {failed(5)});
        // niamd stops here before reading failed(5).
    }
    append(log, {failed(6)});
    SshLoginSource restarted({"NOT-AWS", "web1"}, config, state);
    take(restarted, 3000);
    take(restarted, 3001);

    const std::vector<std::string> expected = {failed(1), failed(2), failed(3), failed(4), failed(5), failed(6)};
    CHECK(raws == expected);
    std::vector<std::string> unique = ids;
    std::sort(unique.begin(), unique.end());
    CHECK(std::unique(unique.begin(), unique.end()) == unique.end());
}

TEST_CASE("ssh logins: a named file made after the start is read from its beginning", "[ssh-logins]") {
    test_support::TempDir dir{"niam-ssh-later"};
    const auto log = dir.path() / "auth.log";
    const auto state = dir.path() / "state";
    std::filesystem::create_directories(state);
    dir.write("niam.conf", "SSH_LOGINS " + log.string() + "\n");
    ConfigSource config{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    config.refresh();
    SshLoginSource source({"NOT-AWS", "web1"}, config, state);
    CHECK(source.collect(1000).empty());
    CHECK(source.reads_file());
    source.kept(true);
    append(log, {failed(1), kAccepted});
    const auto seen = events_of(source.collect(1001));
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].raw == failed(1));
    CHECK(seen[1].kind == "ssh.accepted");
}

TEST_CASE("ssh logins: without the file or its folder, sshd's journal entries are read", "[ssh-logins]") {
    test_support::TempDir dir{"niam-ssh-nofile"};
    const auto state = dir.path() / "state";
    std::filesystem::create_directories(state);
    dir.write("niam.conf", "SSH_LOGINS " + (dir.path() / "no-such-dir" / "auth.log").string() +
                               " directory=" + (dir.path() / "journal").string() + "\n");
    ConfigSource config{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    config.refresh();
    SshLoginSource source({"NOT-AWS", "web1"}, config, state);
    (void)source.collect(1000);
    CHECK_FALSE(source.reads_file());
    CHECK_FALSE(std::filesystem::exists(source.positions_path()));
}
