// LogFileSource on real files in a temp dir, collected on explicit times: globs pick up new
// files, two files of one base name are two sources, niamd's own log is never followed, a
// restart resumes from STATE_DIR/log-positions exactly, a damaged one is reported and the files
// followed from their end, kept(false) reads the same lines again, LOG_RATE defers.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "files/atomic_file.hpp"
#include "client/config_source.hpp"
#include "client/log_file_source.hpp"
#include "protocol/log_record.hpp"
#include "support/temp_dir.hpp"
#include "../follow/follow_files.hpp"

using follow_test::append;
using niamd::client::ConfigSource;
using niamd::client::LogFileSource;
using niamd::protocol::RecordKind;

namespace {

constexpr std::int64_t kStart = 1700000000;

struct Host {
    test_support::TempDir dir{"niam-logsource"};
    std::filesystem::path logs = dir.path() / "logs";
    std::filesystem::path state = dir.path() / "state";
    std::filesystem::path own = dir.path() / "niamlog" / "niam.log";
    ConfigSource config{nullptr, "", "web1", state, dir.path() / "niam.conf"};

    explicit Host(const std::string& text) {
        std::filesystem::create_directories(logs);
        std::filesystem::create_directories(state);
        std::filesystem::create_directories(own.parent_path());
        set(text);
    }
    void set(const std::string& text) {
        std::string replaced = text;
        for (auto at = replaced.find("@"); at != std::string::npos; at = replaced.find("@")) {
            replaced.replace(at, 1, logs.string());
        }
        dir.write("niam.conf", replaced);
        config.refresh();
    }
    std::unique_ptr<LogFileSource> source() {
        return std::make_unique<LogFileSource>(niamd::client::ClientIdentity{"i-0abc", "web1"}, config, state,
                                               std::vector<std::filesystem::path>{own});
    }
};

struct Collected {
    std::map<std::string, std::vector<std::string>> lines;  // source → lines
    std::map<std::string, std::vector<std::uint64_t>> seqs;
    std::vector<niamd::protocol::Event> events;
    std::size_t metrics = 0;
};

Collected collect(LogFileSource& source, std::int64_t now, bool ok = true) {
    Collected out;
    for (const auto& record : source.collect(now)) {
        if (auto line = niamd::protocol::log_line_of(record)) {
            out.lines[line->source].push_back(line->line);
            out.seqs[line->source].push_back(line->seq);
        } else if (auto event = niamd::protocol::event_of(record)) {
            out.events.push_back(*event);
        } else if (record.kind == RecordKind::Metric) {
            ++out.metrics;
        }
    }
    source.kept(ok);
    return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("follow: a LOG glob picks up a file made later, from its beginning", "[follow]") {
    Host host("LOG @/*.log name=app\n");
    append(host.logs / "a.log", "before start\n");
    auto source = host.source();
    CHECK(source->next_due(kStart) == kStart);
    auto first = collect(*source, kStart);
    CHECK(first.lines.empty());
    CHECK(first.metrics == 5);
    CHECK(source->followed() == 1);
    append(host.logs / "a.log", "a1\n");
    append(host.logs / "b.log", "b1\nb2\n");
    append(host.logs / "other.txt", "not matched\n");
    // inotify saw b.log made: the glob is rescanned at once, not after kRescanSeconds.
    auto second = collect(*source, kStart + 1);
    CHECK(second.lines["app:" + (host.logs / "a.log").string()] == Lines{"a1"});
    CHECK(second.lines["app:" + (host.logs / "b.log").string()] == Lines{"b1", "b2"});
    CHECK(second.lines.size() == 2);
    CHECK(source->followed() == 2);
    CHECK(source->next_due(kStart + 1) == kStart + 2);
}

TEST_CASE("follow: two followed files of one base name stay two sources", "[follow]") {
    Host host("LOG @/a/app.log\nLOG @/b/app.log\n");
    std::filesystem::create_directories(host.logs / "a");
    std::filesystem::create_directories(host.logs / "b");
    append(host.logs / "a" / "app.log", "");
    append(host.logs / "b" / "app.log", "");
    auto source = host.source();
    collect(*source, kStart);
    append(host.logs / "a" / "app.log", "from a\n");
    append(host.logs / "b" / "app.log", "from b\n");
    auto got = collect(*source, kStart + 1);
    CHECK(got.lines[(host.logs / "a" / "app.log").string()] == Lines{"from a"});
    CHECK(got.lines[(host.logs / "b" / "app.log").string()] == Lines{"from b"});
}

TEST_CASE("follow: niamd's own log is never followed, named or matched by a glob", "[follow]") {
    Host host("");
    host.set("LOG " + host.own.parent_path().string() + "/*.log\nLOG " + host.own.string() + " name=mine\n");
    append(host.own, "niamd's own line\n");
    append(host.own.parent_path() / "other.log", "");
    auto source = host.source();
    collect(*source, kStart);
    append(host.own, "more of niamd\n");
    append(host.own.parent_path() / "other.log", "other\n");
    auto got = collect(*source, kStart + 1);
    CHECK(got.lines.size() == 1);
    CHECK(got.lines[(host.own.parent_path() / "other.log").string()] == Lines{"other"});
    CHECK(source->counts().unfollowed_own == 2);
    CHECK(source->followed() == 1);
}

TEST_CASE("follow: a restart resumes from log-positions exactly — no line twice, none lost", "[follow]") {
    Host host("LOG @/app.log name=app\n");
    append(host.logs / "app.log", "");
    std::vector<std::uint64_t> seqs;
    {
        auto source = host.source();
        collect(*source, kStart);
        append(host.logs / "app.log", "a1\na2\n");
        auto got = collect(*source, kStart + 1);
        CHECK(got.lines["app"] == Lines{"a1", "a2"});
        seqs = got.seqs["app"];
        append(host.logs / "app.log", "a3\n");
        auto lost = collect(*source, kStart + 2, false);  // not on disk when niamd died
        CHECK(lost.lines["app"] == Lines{"a3"});
    }
    append(host.logs / "app.log", "a4\n");
    auto source = host.source();
    auto got = collect(*source, kStart + 10);
    CHECK(got.lines["app"] == Lines{"a3", "a4"});
    REQUIRE(got.seqs["app"].size() == 2);
    CHECK(got.seqs["app"][0] == seqs[1] + 1);
    CHECK(got.seqs["app"][1] == seqs[1] + 2);
}

TEST_CASE("follow: kept(false) reads the same lines again with the same numbers", "[follow]") {
    Host host("LOG @/app.log name=app\n");
    append(host.logs / "app.log", "");
    auto source = host.source();
    collect(*source, kStart);
    append(host.logs / "app.log", "a1\n");
    auto failed = collect(*source, kStart + 1, false);
    auto again = collect(*source, kStart + 2);
    CHECK(again.lines["app"] == Lines{"a1"});
    CHECK(again.seqs["app"] == failed.seqs["app"]);
    CHECK(collect(*source, kStart + 3).lines.empty());
}

TEST_CASE("follow: a damaged log-positions file is reported, its files followed from their end", "[follow]") {
    Host host("LOG @/app.log name=app\n");
    append(host.logs / "app.log", "old\n");
    host.dir.write("state/log-positions", "niam-log-positions 1\napp /x 1 zz\n\xff\xfe garbage");
    auto source = host.source();
    auto first = collect(*source, kStart);
    CHECK(first.lines.empty());
    append(host.logs / "app.log", "new\n");
    auto got = collect(*source, kStart + 1);
    CHECK(got.lines["app"] == Lines{"new"});
    CHECK(got.seqs["app"].at(0) == static_cast<std::uint64_t>(kStart) * 1000000);
    // Written anew once the line is kept, and it reads.
    const auto text = niamd::files::read_small_file(source->positions_path(), 1 << 20);
    REQUIRE(text);
    CHECK(niamd::follow::parse_positions(*text).problems.empty());
}

TEST_CASE("follow: LOG_RATE caps the lines per source and second, the rest waits and is counted", "[follow]") {
    Host host("LOG @/app.log name=app\nLOG_RATE 2\n");
    append(host.logs / "app.log", "");
    auto source = host.source();
    collect(*source, kStart);
    append(host.logs / "app.log", "1\n2\n3\n4\n5\n");
    CHECK(collect(*source, kStart + 1).lines["app"] == Lines{"1", "2"});
    CHECK(collect(*source, kStart + 2).lines["app"] == Lines{"3", "4"});
    CHECK(collect(*source, kStart + 3).lines["app"] == Lines{"5"});
    CHECK(source->counts().deferred == 2);
}

TEST_CASE("follow: a glob that also matches the rotated file does not read it twice", "[follow]") {
    Host host("LOG @/app.log*\n");
    append(host.logs / "app.log", "");
    auto source = host.source();
    collect(*source, kStart);
    append(host.logs / "app.log", "a1\n");
    collect(*source, kStart + 1);
    append(host.logs / "app.log", "a2\n");
    follow_test::rotate_by_rename(host.logs / "app.log");
    append(host.logs / "app.log", "b1\n");
    std::vector<std::string> all;
    for (int i = 2; i < 20; ++i) {
        for (const auto& [name, lines] : collect(*source, kStart + i).lines)
            all.insert(all.end(), lines.begin(), lines.end());
    }
    CHECK(all == Lines{"a2", "b1"});
    append(host.logs / "app.log.1", "late write to the old file\n");
    for (int i = 20; i < 30; ++i) {
        for (const auto& [name, lines] : collect(*source, kStart + i).lines)
            all.insert(all.end(), lines.begin(), lines.end());
    }
    CHECK(all == Lines{"a2", "b1", "late write to the old file"});
}

TEST_CASE("follow: no LOG statement, no schedule", "[follow]") {
    Host host("");
    auto source = host.source();
    CHECK(source->next_due(kStart) == LogFileSource::kNever);
}
