// Outbox recovery: damage inside the file costs only the damaged entry. Recovery resyncs on
// the next whole entry, counts what it could not read, keeps the damaged file aside and
// never hands out a sequence number again. A failed (disk full) append leaves no torn entry.
#include <catch2/catch.hpp>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "client/outbox.hpp"
#include "protocol/record_decoder.hpp"
#include "support/scripted_http.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using niamd::client::Outbox;

namespace {

// One record's line, as the outbox keeps it (one entry per record).
std::string body(int i) {
    return "i-1,web1,HTTP,example.org,80," + std::to_string(1700000000 + 30 * i) +
           ",0,12,0,\"HTTP OK - 200 after a long enough wait\"";
}

std::vector<niamd::protocol::Record> records(int i) { return niamd::protocol::decode_message(body(i)).records; }

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::vector<fs::path> corrupt_copies(const fs::path& dir) {
    std::vector<fs::path> found;
    for (const auto& item : fs::directory_iterator(dir)) {
        if (item.path().filename().string().rfind("spool.corrupt-", 0) == 0) found.push_back(item.path());
    }
    return found;
}

// Where the entry holding `b` declares its length: the header line just before the body.
std::size_t length_field_offset(const std::string& text, const std::string& b) {
    const auto body_at = text.find(b);
    REQUIRE(body_at != std::string::npos);
    const auto line_start = text.rfind('\n', body_at - 2) + 1;
    const std::string line = text.substr(line_start, body_at - 1 - line_start);
    const auto at = line.find(" " + std::to_string(b.size())) + 1;
    REQUIRE(at != 0);
    return line_start + at;
}

}  // namespace

TEST_CASE("outbox recovery: three bytes over one entry's length cost that entry only", "[client][outbox]") {
    const std::uint64_t seed = GENERATE(1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u);
    INFO("seed " << seed);
    std::mt19937_64 random(seed);
    test_support::TempDir dir("niam-spool-recovery");
    const fs::path path = dir.path() / "spool";
    std::uint64_t last_seq = 0;
    {
        Outbox spool(path, 1 << 20);
        for (int i = 0; i < 11; ++i) REQUIRE(spool.append(records(i)));
        last_seq = spool.entries().back().seq;
    }
    std::string text = read(path);
    const std::string original = text;
    const std::size_t at = length_field_offset(text, body(3));
    for (std::size_t i = 0; i < 3; ++i) {
        char byte = 0;
        do byte = static_cast<char>(random() & 0xff);
        while (byte == text[at + i]);
        text[at + i] = byte;
    }
    write(path, text);

    test_support::ManualClock clock;
    Outbox recovered(path, 1 << 20, clock);
    REQUIRE(recovered.size() == 10);
    for (std::size_t i = 0; i < 10; ++i) CHECK(recovered.entries()[i].body == body(i < 3 ? int(i) : int(i) + 1));
    CHECK(recovered.unreadable_bytes() > 0);
    // The damaged file is kept aside, byte for byte.
    auto copies = corrupt_copies(dir.path());
    REQUIRE(copies.size() == 1);
    CHECK(read(copies[0]) == text);
    // No sequence number is handed out twice, not even the lost one's.
    REQUIRE(recovered.append(records(11)));
    CHECK(recovered.entries().back().seq > last_seq);
    // The repaired file reads back whole, the loss still counted.
    Outbox again(path, 1 << 20, clock);
    CHECK(again.size() == 11);
    CHECK(again.unreadable_bytes() == recovered.unreadable_bytes());
    CHECK(corrupt_copies(dir.path()).size() == 1);
    CHECK(original != text);
}

TEST_CASE("outbox recovery: a damaged header costs no entry, and the file is kept aside", "[client][outbox]") {
    test_support::TempDir dir("niam-spool-recovery");
    const fs::path path = dir.path() / "spool";
    {
        Outbox spool(path, 1 << 20);
        for (int i = 0; i < 8; ++i) REQUIRE(spool.append(records(i)));
    }
    std::string text = read(path);
    text.replace(0, 6, "\x01\xff?!#\x7f");
    write(path, text);
    test_support::ManualClock clock;
    Outbox recovered(path, 1 << 20, clock);
    CHECK(recovered.size() == 8);
    CHECK(recovered.unreadable_bytes() > 0);
    auto copies = corrupt_copies(dir.path());
    REQUIRE(copies.size() == 1);
    CHECK(read(copies[0]) == text);
    CHECK(copies[0].filename() == "spool.corrupt-1440938160");
}

TEST_CASE("outbox recovery: a file that is no spool at all is kept aside, not deleted", "[client][outbox]") {
    test_support::TempDir dir("niam-spool-recovery");
    const fs::path path = dir.path() / "spool";
    write(path, "this is not a spool\n\x01\x02");
    test_support::ManualClock clock;
    Outbox recovered(path, 1 << 20, clock);
    CHECK(recovered.empty());
    CHECK(recovered.unreadable_bytes() == 22);
    auto copies = corrupt_copies(dir.path());
    REQUIRE(copies.size() == 1);
    CHECK(read(copies[0]) == "this is not a spool\n\x01\x02");
}

TEST_CASE("outbox recovery: damaged copies kept aside are bounded, the oldest goes first", "[client][outbox]") {
    test_support::TempDir dir("niam-spool-recovery");
    const fs::path path = dir.path() / "spool";
    test_support::ManualClock clock;
    for (int i = 0; i < int(niamd::client::kMaxCorruptSpoolCopies) + 2; ++i) {
        write(path, "garbage " + std::to_string(i) + "\n");
        Outbox recovered(path, 1 << 20, clock);
        clock.advance(std::chrono::seconds(1));
    }
    auto copies = corrupt_copies(dir.path());
    CHECK(copies.size() == niamd::client::kMaxCorruptSpoolCopies);
    CHECK_FALSE(fs::exists(dir.path() / "spool.corrupt-1440938160"));
    const auto newest = 1440938160 + niamd::client::kMaxCorruptSpoolCopies + 1;
    CHECK(fs::exists(dir.path() / ("spool.corrupt-" + std::to_string(newest))));
}

TEST_CASE("outbox recovery: a spool in the old format is read whole and rewritten", "[client][outbox]") {
    test_support::TempDir dir("niam-spool-recovery");
    const fs::path path = dir.path() / "spool";
    write(path, "niam-spool 1 dropped_pings=2 dropped_records=1\n@4 5\nfirst\n@9 11\nsecond\nline\n");
    Outbox recovered(path, 1 << 20);
    REQUIRE(recovered.size() == 2);
    CHECK(recovered.entries()[0].body == "first");
    CHECK(recovered.entries()[1].body == "second\nline");
    CHECK(recovered.dropped().ping == 2);
    CHECK(recovered.dropped().check == 1);
    CHECK(corrupt_copies(dir.path()).empty());
    Outbox again(path, 1 << 20);
    CHECK(again.size() == 2);
    REQUIRE(again.append(records(3)));
    CHECK(again.entries().back().seq > 9);
}

TEST_CASE("outbox recovery: a damaged old-format spool is kept aside", "[client][outbox]") {
    test_support::TempDir dir("niam-spool-recovery");
    const fs::path path = dir.path() / "spool";
    const std::string text = "niam-spool 1 dropped_pings=0 dropped_records=0\n@4 5\nfirst\n@9 99\ncut";
    write(path, text);
    Outbox recovered(path, 1 << 20);
    CHECK(recovered.size() == 1);
    auto copies = corrupt_copies(dir.path());
    REQUIRE(copies.size() == 1);
    CHECK(read(copies[0]) == text);
}

TEST_CASE("outbox: a write cut short by a full disk leaves no torn entry behind", "[client][outbox]") {
    test_support::TempDir dir("niam-spool-recovery");
    const fs::path path = dir.path() / "spool";
    int failing = 0;  // appends whose write runs out of space halfway
    std::size_t produced = 0;
    {
        Outbox spool(path, 1 << 20);
        spool.set_writer([&](int fd, const char* data, std::size_t size) -> long {
            if (failing == 0) return ::write(fd, data, size);
            --failing;
            [[maybe_unused]] auto half = ::write(fd, data, size / 2);
            errno = ENOSPC;
            return -1;
        });
        for (int i = 0; i < 40; ++i) {
            const bool full = i == 10 || i == 11 || i == 25 || i == 39;
            if (full) failing = 1;
            auto appended = spool.append(records(i));
            ++produced;
            if (full) {
                REQUIRE_FALSE(appended);
                CHECK(appended.error().message.find("No space left") != std::string::npos);
            } else {
                REQUIRE(appended);
            }
        }
        CHECK(spool.size() == produced);  // a record that did not reach the disk is still held
    }
    // The last record never reached the disk (the daemon stopped before another write);
    // all before it did, and no torn bytes are left to stumble over.
    Outbox reopened(path, 1 << 20);
    CHECK(reopened.unreadable_bytes() == 0);
    CHECK(corrupt_copies(dir.path()).empty());
    REQUIRE(reopened.size() == 39);
    for (std::size_t i = 0; i < 39; ++i) CHECK(reopened.entries()[i].body == body(int(i)));
}
