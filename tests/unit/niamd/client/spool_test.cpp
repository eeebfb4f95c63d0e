// Spool: survives a restart, keeps order, and past its bound drops PINGs before results.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "client/spool.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

namespace fs = std::filesystem;
using niamd::client::Spool;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;

namespace {

struct TempDir {
    TempDir() : path(fs::temp_directory_path() / ("niam-spool-" + std::to_string(::getpid()) + "-" + std::to_string(counter++))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    fs::path path;
    static inline int counter = 0;
};

// One cycle's message: a PING and one HTTP result with a padding output.
std::string cycle(std::int64_t time, std::size_t padding = 0) {
    Record ping;
    ping.instance = "i-1";
    ping.hostname = "web1";
    ping.kind = RecordKind::Ping;
    ping.time = time;
    Record http = ping;
    http.kind = RecordKind::Http;
    http.target = "example.org";
    http.port_or_arg = "80";
    http.latency_ms = 12;
    http.nagios_code = 0;
    http.output = std::string(padding, 'x');
    return niamd::protocol::encode_messages({ping, http}).front();
}

}  // namespace

TEST_CASE("spool: entries survive a restart, oldest first", "[client][spool]") {
    TempDir dir;
    {
        Spool spool(dir.path / "spool", 1 << 20);
        REQUIRE(spool.append(cycle(100)));
        REQUIRE(spool.append(cycle(130)));
        REQUIRE(spool.append(cycle(160)));
        REQUIRE(spool.remove({spool.entries().front().seq}));
    }
    Spool reopened(dir.path / "spool", 1 << 20);
    REQUIRE(reopened.size() == 2);
    CHECK(reopened.entries()[0].body == cycle(130));
    CHECK(reopened.entries()[1].body == cycle(160));
    REQUIRE(reopened.append(cycle(190)));
    CHECK(reopened.entries()[2].seq > reopened.entries()[1].seq);  // numbering continues
    CHECK((fs::status(dir.path / "spool").permissions() & fs::perms::others_read) == fs::perms::none);
}

TEST_CASE("spool: emptied, the file goes away", "[client][spool]") {
    TempDir dir;
    Spool spool(dir.path / "spool", 1 << 20);
    REQUIRE(spool.append(cycle(100)));
    CHECK(fs::exists(dir.path / "spool"));
    REQUIRE(spool.remove({spool.entries().front().seq}));
    CHECK(spool.empty());
    CHECK_FALSE(fs::exists(dir.path / "spool"));
}

TEST_CASE("spool: over the bound, old PINGs go first, then the oldest results", "[client][spool]") {
    TempDir dir;
    const std::size_t one = cycle(100).size();
    Spool spool(dir.path / "spool", 10 * one);
    for (int i = 0; i < 10; ++i) REQUIRE(spool.append(cycle(100 + 30 * i)));
    CHECK(spool.dropped_pings() == 0);
    REQUIRE(spool.append(cycle(400)));  // 11 cycles: PINGs must give way
    CHECK(spool.bytes() <= 10 * one);
    CHECK(spool.dropped_pings() >= 1);
    CHECK(spool.dropped_records() == 0);
    // Every HTTP result is still there, in order.
    std::vector<std::int64_t> http_times;
    for (const auto& entry : spool.entries()) {
        for (const auto& record : niamd::protocol::decode_message(entry.body).records) {
            if (record.kind == RecordKind::Http) http_times.push_back(record.time);
        }
    }
    REQUIRE(http_times.size() == 11);
    CHECK(std::is_sorted(http_times.begin(), http_times.end()));
    // Far past the bound: no PING left to drop, so whole oldest messages go, counted.
    for (int i = 0; i < 20; ++i) REQUIRE(spool.append(cycle(430 + 30 * i)));
    CHECK(spool.bytes() <= 10 * one);
    CHECK(spool.dropped_records() > 0);
    // The counters survive a restart.
    const auto pings = spool.dropped_pings();
    const auto records = spool.dropped_records();
    Spool reopened(dir.path / "spool", 10 * one);
    CHECK(reopened.dropped_pings() == pings);
    CHECK(reopened.dropped_records() == records);
    CHECK(reopened.size() == spool.size());
}

TEST_CASE("spool: a damaged file keeps its good entries and is repaired", "[client][spool]") {
    TempDir dir;
    {
        Spool spool(dir.path / "spool", 1 << 20);
        REQUIRE(spool.append(cycle(100)));
        REQUIRE(spool.append(cycle(130)));
    }
    {
        std::ofstream out(dir.path / "spool", std::ios::app | std::ios::binary);
        out << "@9 500\ntruncated";
    }
    Spool reopened(dir.path / "spool", 1 << 20);
    CHECK(reopened.size() == 2);
    Spool again(dir.path / "spool", 1 << 20);  // the damaged tail was cut off on disk
    CHECK(again.size() == 2);
}

TEST_CASE("spool: a spool over a lowered bound is cut to it at start, the drop counted", "[client][spool]") {
    TempDir dir;
    const std::size_t one = cycle(100).size();
    {
        Spool spool(dir.path / "spool", 1 << 20);
        for (int i = 0; i < 10; ++i) REQUIRE(spool.append(cycle(100 + 30 * i)));
    }
    Spool smaller(dir.path / "spool", 3 * one);
    CHECK(smaller.bytes() <= 3 * one);
    CHECK(smaller.dropped_pings() > 0);
    Spool again(dir.path / "spool", 3 * one);  // and on disk too
    CHECK(again.size() == smaller.size());
    CHECK(again.dropped_pings() == smaller.dropped_pings());
}
