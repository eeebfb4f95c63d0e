// FollowedFile on real files in a temp dir, polled directly (no sleeps): every kind of rotation,
// a file that does not exist yet, commit/rollback and a restart from the kept position.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "follow/followed_file.hpp"
#include "follow_files.hpp"
#include "protocol/log_record.hpp"
#include "support/temp_dir.hpp"

using follow_test::append;
using follow_test::copy_then_truncate;
using follow_test::poll_kept;
using follow_test::rotate_by_rename;
using follow_test::texts;
using niamd::follow::FilePosition;
using niamd::follow::FollowedFile;
using niamd::protocol::field_value;
using Lines = std::vector<std::string>;

namespace {

constexpr std::size_t kMaxLine = 16 * 1024;
constexpr std::int64_t kNow = 1700000000;

struct Fixture {
    test_support::TempDir dir{"niam-follow"};
    std::filesystem::path log = dir.path() / "app.log";
};

}  // namespace

TEST_CASE("follow: a file there at start is read from its end, then each new line once, numbered", "[follow]") {
    Fixture f;
    append(f.log, "old 1\nold 2\n");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 500, kNow);
    CHECK(poll_kept(file, kNow).lines.empty());
    append(f.log, "new 1\nnew 2\npartial");
    auto batch = poll_kept(file, kNow + 1);
    REQUIRE(texts(batch.lines) == Lines{"new 1", "new 2"});
    CHECK(batch.lines[0].seq == 500);
    CHECK(batch.lines[1].seq == 501);
    CHECK(batch.lines[0].source == "app");
    CHECK(batch.lines[0].time == kNow + 1);
    CHECK(batch.lines[0].cut_bytes == 0);
    append(f.log, " line\r\n");
    batch = poll_kept(file, kNow + 2);
    REQUIRE(texts(batch.lines) == Lines{"partial line"});
    CHECK(batch.lines[0].seq == 502);
    CHECK(poll_kept(file, kNow + 3).lines.empty());
    CHECK(batch.events.empty());
}

TEST_CASE("follow: a file that does not exist yet is read from its beginning once it does", "[follow]") {
    Fixture f;
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    CHECK(poll_kept(file, kNow).lines.empty());
    CHECK(file.gone());
    append(f.log, "first\nsecond\n");
    CHECK(texts(poll_kept(file, kNow + 1).lines) == Lines{"first", "second"});
    CHECK_FALSE(file.gone());
}

TEST_CASE("follow: rename + create reads the old file to its end, its unfinished line too, then the new one",
          "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\n");
    CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1"});
    append(f.log, "a2\na3 unfinished");
    rotate_by_rename(f.log);
    append(f.log, "b1\n");
    CHECK(texts(poll_kept(file, kNow + 1).lines) == Lines{"a2"});
    // The program writes to the old file until it reopens its log: a second later it is still read.
    append(f.log.string() + ".1", " still the old file\n");
    CHECK(texts(poll_kept(file, kNow + 1).lines) == Lines{"a3 unfinished still the old file"});
    CHECK(texts(poll_kept(file, kNow + 1).lines).empty());  // the same second: not let go yet
    const auto batch = poll_kept(file, kNow + 2);
    CHECK(texts(batch.lines) == Lines{"b1"});
    CHECK(batch.events.empty());
    CHECK(batch.lines.back().seq == 4);
    append(f.log, "b2\n");
    CHECK(texts(poll_kept(file, kNow + 2).lines) == Lines{"b2"});
}

// Two rotations before the first file is let go (logrotate more often than every 2 s, or a
// burst): the file made by the first is read too, not only the one at the path by then.
TEST_CASE("follow: a file rotated away again before the one before it was let go is read, not skipped", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\n");
    CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1"});
    std::filesystem::rename(f.log, f.dir.path() / "app.log.1");
    append(f.log, "b1\n");
    append(f.dir.path() / "app.log.1", "a2\n");
    CHECK(texts(poll_kept(file, kNow + 1).lines) == Lines{"a2"});  // the rotation seen; a second for the old one
    append(f.log, "b2\n");
    std::filesystem::rename(f.log, f.dir.path() / "app.log.2");
    append(f.log, "c1\n");
    const auto batch = poll_kept(file, kNow + 2);
    CHECK(texts(batch.lines) == Lines{"b1", "b2"});
    CHECK(batch.events.empty());
    append(f.dir.path() / "app.log.2", "b3\n");
    const auto last = poll_kept(file, kNow + 3);  // its last line, then let go, then the path's
    CHECK(texts(last.lines) == Lines{"b3", "c1"});
    CHECK(last.lines.back().seq == 6);
    CHECK(poll_kept(file, kNow + 4).lines.empty());
}

TEST_CASE("follow: rename without a new file lets the old one go once read, then waits for the path", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\nlast");
    std::filesystem::rename(f.log, f.dir.path() / "app.log.1");
    CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1"});
    CHECK_FALSE(file.gone());
    CHECK(texts(poll_kept(file, kNow + 1).lines) == Lines{"last"});
    CHECK(file.gone());
    append(f.log, "b1\n");
    CHECK(texts(poll_kept(file, kNow + 1).lines) == Lines{"b1"});
}

TEST_CASE("follow: copytruncate reads the rest from the copy, then the file from 0, with a log.gap", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\na2\n");
    CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1", "a2"});
    append(f.log, "unread before the copy\n");
    std::filesystem::copy_file(f.log, f.dir.path() / "app.log.1");
    append(f.log, "in the window\n");  // after the copy, before the truncation: in neither file
    std::filesystem::resize_file(f.log, 0);
    append(f.log, "b1\n");
    // Nothing writes to a copy: it is let go at its end, the file is read from 0 in the same poll.
    auto batch = poll_kept(file, kNow + 1);
    CHECK(texts(batch.lines) == Lines{"unread before the copy", "b1"});
    CHECK(poll_kept(file, kNow + 2).lines.empty());
    REQUIRE(batch.events.size() == 1);
    CHECK(batch.events[0].kind == "log.gap");
    CHECK(field_value(batch.events[0], "source") == "app");
    CHECK(field_value(batch.events[0], "reason") == "truncated");
    CHECK(field_value(batch.events[0], "path") == f.log.string());
    CHECK(field_value(batch.events[0], "bytes") == "0");
    CHECK(batch.lines[0].seq == 3);
    CHECK(batch.lines[1].seq == 4);
    append(f.log, "b2\n");
    CHECK(texts(poll_kept(file, kNow + 3).lines) == Lines{"b2"});
}

TEST_CASE("follow: copytruncate seen only once the file is longer again still reads the copy first", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\n");
    CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1"});
    append(f.log, "a2\n");
    copy_then_truncate(f.log);
    append(f.log, "b1 is longer than all that was read\n");
    const auto batch = poll_kept(file, kNow + 1);
    CHECK(texts(batch.lines) == Lines{"a2", "b1 is longer than all that was read"});
    CHECK(batch.events.size() == 1);
    CHECK(poll_kept(file, kNow + 2).lines.empty());
}

// Copytruncates less than two seconds apart: the first copy is let go at its end, so the
// second truncation is seen (and its copy read) instead of the file being read from 0 past it.
TEST_CASE("follow: two copytruncates a poll apart read both copies, each with a log.gap", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\n");
    CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1"});
    append(f.log, "a2\n");
    std::filesystem::copy_file(f.log, f.dir.path() / "app.log.1");
    std::filesystem::resize_file(f.log, 0);
    append(f.log, "b1 the second file\n");
    const auto first = poll_kept(file, kNow + 1);
    CHECK(texts(first.lines) == Lines{"a2", "b1 the second file"});
    append(f.log, "b2\n");
    std::filesystem::copy_file(f.log, f.dir.path() / "app.log.2");
    std::filesystem::resize_file(f.log, 0);
    append(f.log, "c1\n");
    const auto second = poll_kept(file, kNow + 2);
    CHECK(texts(second.lines) == Lines{"b2", "c1"});
    REQUIRE(first.events.size() == 1);
    REQUIRE(second.events.size() == 1);
    CHECK(field_value(second.events[0], "bytes") == "0");
    CHECK(second.lines.back().seq == 5);
}

TEST_CASE("follow: copytruncate without a copy to be found starts again at 0 with a log.gap", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\na2\n");
    CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1", "a2"});
    append(f.log, "gone with the copy\n");
    std::filesystem::create_directories(f.dir.path() / "old");
    std::filesystem::copy_file(f.log, f.dir.path() / "old" / "app.log.1");  // olddir: not beside it
    std::filesystem::resize_file(f.log, 0);
    append(f.log, "b1\n");
    auto batch = poll_kept(file, kNow + 1);
    CHECK(texts(batch.lines) == Lines{"b1"});
    REQUIRE(batch.events.size() == 1);
    CHECK(field_value(batch.events[0], "reason") == "truncated");
}

TEST_CASE("follow: a truncation that was seen with lines unread counts their bytes in the log.gap", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\na2\na3\n");
    CHECK(texts(poll_kept(file, kNow, 1).lines) == Lines{"a1"});  // the rate left a2, a3 in the file
    std::filesystem::resize_file(f.log, 0);
    append(f.log, "b1\n");
    const auto batch = poll_kept(file, kNow + 1);
    CHECK(texts(batch.lines) == Lines{"b1"});
    REQUIRE(batch.events.size() == 1);
    CHECK(field_value(batch.events[0], "bytes") == "6");
}

// Under load (the rate left lines in the file) the follower can see lines written after
// logrotate's copy: those it saw but had not read, and the copy does not hold, are counted.
TEST_CASE("follow: copytruncate counts the bytes seen after the copy and not read in the log.gap", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    const std::string first(1100, 'x');  // past the fingerprint's 1 KiB: the copy is known by it
    append(f.log, first + "\n");
    CHECK(poll_kept(file, kNow).lines.size() == 1);
    append(f.log, "a1\na2\n");
    std::filesystem::copy_file(f.log, f.dir.path() / "app.log.1");
    append(f.log, "after the copy\n");                            // 15 bytes in no copy
    CHECK(texts(poll_kept(file, kNow, 1).lines) == Lines{"a1"});  // saw them all, read a1
    std::filesystem::resize_file(f.log, 0);
    append(f.log, "b1\n");
    const auto batch = poll_kept(file, kNow + 1);
    CHECK(texts(batch.lines) == Lines{"a2", "b1"});
    REQUIRE(batch.events.size() == 1);
    CHECK(field_value(batch.events[0], "reason") == "truncated");
    CHECK(field_value(batch.events[0], "bytes") == "15");
}

TEST_CASE("follow: truncation in place followed by more bytes than were read is still seen", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\n");
    CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1"});
    std::filesystem::resize_file(f.log, 0);
    append(f.log, "written anew, longer than before\n");
    const auto batch = poll_kept(file, kNow + 1);
    CHECK(texts(batch.lines) == Lines{"written anew, longer than before"});
    CHECK(batch.events.size() == 1);
}

TEST_CASE("follow: rollback after kept(false) reads the same lines again with the same numbers", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 10, kNow);
    append(f.log, "a1\na2\n");
    const auto first = file.poll(100, kNow);
    file.rollback();
    append(f.log, "a3\n");
    const auto again = file.poll(100, kNow + 1);
    file.commit();
    REQUIRE(texts(again.lines) == Lines{"a1", "a2", "a3"});
    CHECK(again.lines[0].seq == first.lines[0].seq);
    CHECK(again.lines[1].seq == first.lines[1].seq);
    CHECK(again.lines[2].seq == 12);
    CHECK(poll_kept(file, kNow + 2).lines.empty());
}

TEST_CASE("follow: rollback across a rotation goes back to the old file", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "a1\n");
    rotate_by_rename(f.log);
    append(f.log, "b1\n");
    CHECK(texts(file.poll(100, kNow).lines) == Lines{"a1"});
    CHECK(texts(file.poll(100, kNow + 1).lines) == Lines{"b1"});
    file.rollback();
    const auto again = poll_kept(file, kNow + 2);
    CHECK(texts(again.lines) == Lines{"a1"});
    CHECK(again.lines[0].seq == 1);
    const auto next = poll_kept(file, kNow + 3);
    CHECK(texts(next.lines) == Lines{"b1"});
    CHECK(next.lines[0].seq == 2);
}

TEST_CASE("follow: a restart from the kept position resumes exactly, lines read but not kept come again", "[follow]") {
    Fixture f;
    append(f.log, "");
    FilePosition kept;
    {
        FollowedFile file("app", f.log, kMaxLine);
        file.begin(std::nullopt, true, 1, kNow);
        append(f.log, "a1\na2\n");
        CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1", "a2"});
        append(f.log, "a3\n");
        CHECK(texts(file.poll(100, kNow + 1).lines) == Lines{"a3"});  // read, never kept: niamd died
        kept = file.position();
    }
    append(f.log, "a4\n");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(kept, true, 999, kNow + 5);
    const auto batch = poll_kept(file, kNow + 5);
    REQUIRE(texts(batch.lines) == Lines{"a3", "a4"});
    CHECK(batch.lines[0].seq == 3);
    CHECK(batch.events.empty());
}

TEST_CASE("follow: a file rotated while niamd was down is found beside the path and read to its end first",
          "[follow]") {
    Fixture f;
    append(f.log, "");
    FilePosition kept;
    {
        FollowedFile file("app", f.log, kMaxLine);
        file.begin(std::nullopt, true, 1, kNow);
        append(f.log, "a1\n");
        CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1"});
        kept = file.position();
    }
    append(f.log, "a2\n");
    rotate_by_rename(f.log);
    append(f.log, "b1\n");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(kept, false, 999, kNow + 5);
    const auto batch = poll_kept(file, kNow + 5);
    CHECK(texts(batch.lines) == Lines{"a2"});
    CHECK(batch.lines[0].seq == 2);
    CHECK(batch.events.empty());
    const auto next = poll_kept(file, kNow + 6);
    CHECK(texts(next.lines) == Lines{"b1"});
    CHECK(next.lines[0].seq == 3);
}

// Killed while the rotated file waited its second (the new one open as its successor), and
// rotated once more before the restart: the successor is kept with the position and found
// where it went, so its lines are read before the newest file's, none skipped.
TEST_CASE("follow: a file rotated twice while niamd was down after a rotation it had seen loses no file", "[follow]") {
    Fixture f;
    append(f.log, "");
    const auto one = f.dir.path() / "app.log.1";
    const auto two = f.dir.path() / "app.log.2";
    FilePosition kept;
    {
        FollowedFile file("app", f.log, kMaxLine);
        file.begin(std::nullopt, true, 1, kNow);
        append(f.log, "a1\n");
        CHECK(texts(poll_kept(file, kNow).lines) == Lines{"a1"});
        rotate_by_rename(f.log);  // a → app.log.1, b created
        append(f.log, "b1\n");
        CHECK(poll_kept(file, kNow + 1).lines.empty());  // a at its end: its second to be written to
        kept = file.position();
        CHECK(kept.next.inode != 0);
    }
    std::filesystem::rename(one, two);  // a → app.log.2
    append(f.log, "b2\n");
    rotate_by_rename(f.log);  // b → app.log.1, c created
    append(f.log, "c1\n");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(kept, false, 999, kNow + 5);
    Lines read;
    std::vector<std::uint64_t> seqs;
    for (int i = 0; i < 6; ++i) {
        const auto batch = poll_kept(file, kNow + 5 + i);
        CHECK(batch.events.empty());
        for (const auto& l : batch.lines) {
            read.push_back(l.line);
            seqs.push_back(l.seq);
        }
    }
    CHECK(read == Lines{"b1", "b2", "c1"});
    CHECK(seqs == std::vector<std::uint64_t>{2, 3, 4});
}

TEST_CASE("follow: a file gone while niamd was down gives a log.gap, the new one is read from 0", "[follow]") {
    Fixture f;
    append(f.log, "");
    FilePosition kept;
    {
        FollowedFile file("app", f.log, kMaxLine);
        file.begin(std::nullopt, true, 1, kNow);
        append(f.log, "a1\n");
        poll_kept(file, kNow);
        kept = file.position();
    }
    {
        std::ifstream held(f.log);  // keeps the inode taken, so the new file gets another
        std::filesystem::remove(f.log);
        append(f.log, "b1\n");
    }
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(kept, false, 999, kNow + 5);
    const auto batch = poll_kept(file, kNow + 5);
    CHECK(texts(batch.lines) == Lines{"b1"});
    REQUIRE(batch.events.size() == 1);
    CHECK(field_value(batch.events[0], "reason") == "gone");
}

TEST_CASE("follow: a file truncated while niamd was down is read from 0 with a log.gap", "[follow]") {
    Fixture f;
    append(f.log, "");
    FilePosition kept;
    {
        FollowedFile file("app", f.log, kMaxLine);
        file.begin(std::nullopt, true, 1, kNow);
        append(f.log, "a1 is a long first line\n");
        poll_kept(file, kNow);
        kept = file.position();
    }
    std::filesystem::resize_file(f.log, 0);
    append(f.log, "b1\n");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(kept, false, 999, kNow + 5);
    const auto batch = poll_kept(file, kNow + 5);
    CHECK(texts(batch.lines) == Lines{"b1"});
    CHECK(batch.events.size() == 1);
    CHECK(batch.lines[0].seq == 2);
}

TEST_CASE("follow: a file copytruncated while niamd was down is read on from its copy, then from 0", "[follow]") {
    Fixture f;
    append(f.log, "");
    FilePosition kept;
    {
        FollowedFile file("app", f.log, kMaxLine);
        file.begin(std::nullopt, true, 1, kNow);
        append(f.log, "a1\n");
        poll_kept(file, kNow);
        kept = file.position();
    }
    append(f.log, "a2 written while niamd was down\n");
    copy_then_truncate(f.log);
    append(f.log, "b1\n");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(kept, false, 999, kNow + 5);
    const auto first = file.poll(100, kNow + 5);
    file.rollback();  // the outbox could not write: the gap comes again with the same id
    const auto batch = poll_kept(file, kNow + 5);
    CHECK(texts(batch.lines) == Lines{"a2 written while niamd was down", "b1"});
    REQUIRE(first.events.size() == 1);
    REQUIRE(batch.events.size() == 1);
    CHECK(batch.events[0].id == first.events[0].id);
    const auto next = poll_kept(file, kNow + 6);
    CHECK(next.events.empty());
    CHECK(next.lines.empty());
}

TEST_CASE("follow: a line over max_line is cut and marked, the next line is whole", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, 1024);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, std::string(300000, 'x') + "\nshort\n");
    const auto batch = poll_kept(file, kNow);
    REQUIRE(batch.lines.size() == 2);
    CHECK(batch.lines[0].line == std::string(1024, 'x'));
    CHECK(batch.lines[0].cut_bytes == 300000 - 1024);
    CHECK(batch.lines[1].line == "short");
    CHECK(batch.lines[1].cut_bytes == 0);
}

TEST_CASE("follow: at most max lines a poll, the rest waits in the file", "[follow]") {
    Fixture f;
    append(f.log, "");
    FollowedFile file("app", f.log, kMaxLine);
    file.begin(std::nullopt, true, 1, kNow);
    append(f.log, "1\n2\n3\n4\n5\n");
    auto batch = poll_kept(file, kNow, 2);
    CHECK(texts(batch.lines) == Lines{"1", "2"});
    CHECK(batch.more);
    batch = poll_kept(file, kNow + 1, 2);
    CHECK(texts(batch.lines) == Lines{"3", "4"});
    batch = poll_kept(file, kNow + 2, 2);
    CHECK(texts(batch.lines) == Lines{"5"});
    CHECK_FALSE(batch.more);
}
