// The acceptance of issue #13 for LOG files, counted line by line on the master: a writer
// appends numbered lines at a steady rate to a file the real niamd client follows, through
// rotations of one kind (rename+create, copytruncate, truncation in place) with niamd
// SIGKILLed and restarted every 5 rotations; an in-process master on the stack's queue stores
// them in its SQLite file, read back here. Every line is stored once, in order; only
// copytruncate may lose lines, and only those written between logrotate's copy and its
// truncation, each such loss told by a stored log.gap (with its bytes field). And an SQS outage at
// 200 lines/s loses nothing.
//
// Knobs (environment; CI defaults): NIAM_LOG_RATE lines/s (2000; full 5000), NIAM_LOG_SECONDS
// (10; full 60), NIAM_LOG_ROTATIONS (5; full 20), NIAM_OUTAGE_RATE (200), NIAM_OUTAGE_SECONDS
// (20; full 300).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "daemon_process.hpp"
#include "local_stack.hpp"
#include "master_scenario.hpp"
#include "niamd_scenario.hpp"
#include "protocol/metric_record.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

namespace {

using Clock = std::chrono::steady_clock;

long knob(const char* name, long fallback) {
    const char* text = std::getenv(name);
    if (!text || !*text) return fallback;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    return (end && *end == '\0' && value > 0) ? value : fallback;
}

// Appends "<kind> <n> <padding>" lines with O_APPEND, one write per 10 ms tick on the steady
// clock, until `total` are written. `started` is the line count a write in progress will
// reach, `done` the count written: a line below `done` is in the file, a line at or above
// `started` is not yet. Holding pause() stops it between writes; reopen() makes it open the
// path again before its next write (logrotate's postrotate).
class Writer {
  public:
    Writer(std::filesystem::path path, std::string kind, long rate, long total)
        : path_(std::move(path)), kind_(std::move(kind)), burst_(std::max(1L, rate / 100)), total_(total) {}
    ~Writer() { join(); }

    void start() {
        thread_ = std::thread([this] { run(); });
    }
    void join() {
        if (thread_.joinable()) thread_.join();
    }
    std::mutex& pause() { return pause_; }
    void reopen() { reopen_ = true; }
    long started() const { return started_.load(); }
    long done() const { return done_.load(); }
    bool failed() const { return failed_.load(); }
    // Waits (bounded) until `count` lines are written.
    bool wait_done(long count, std::chrono::milliseconds limit) const {
        return scenario::eventually([&] { return done() >= count || failed(); }, limit) && !failed();
    }

  private:
    void run() {
        int fd = open_path();
        auto tick = Clock::now();
        std::string burst;
        long n = 0;
        while (n < total_ && fd >= 0) {
            tick += 10ms;
            const auto now = Clock::now();
            if (tick < now - 100ms) tick = now;  // after a pause: on from now, no catching up in one go
            std::this_thread::sleep_until(tick);
            std::lock_guard<std::mutex> paused(pause_);
            if (reopen_.exchange(false)) {
                ::close(fd);
                fd = open_path();
                if (fd < 0) break;
            }
            burst.clear();
            const long end = std::min(total_, n + burst_);
            for (; n < end; ++n) {
                burst += kind_ + " " + std::to_string(n) + " the quick brown fox jumps over the lazy dog\n";
            }
            started_ = end;
            if (!write_all(fd, burst)) break;
            done_ = end;
        }
        if (fd >= 0) ::close(fd);
        if (done_ < total_) failed_ = true;
    }
    int open_path() const { return ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644); }
    static bool write_all(int fd, const std::string& text) {
        std::size_t at = 0;
        while (at < text.size()) {
            const auto wrote = ::write(fd, text.data() + at, text.size() - at);
            if (wrote <= 0) return false;
            at += static_cast<std::size_t>(wrote);
        }
        return true;
    }

    std::filesystem::path path_;
    std::string kind_;
    long burst_;
    long total_;
    std::mutex pause_;
    std::atomic<bool> reopen_{false};
    std::atomic<long> started_{0};
    std::atomic<long> done_{0};
    std::atomic<bool> failed_{false};
    std::thread thread_;
};

// The master's SQLite file, read behind its back (read-only, WAL).
class StoredLog {
  public:
    explicit StoredLog(const std::filesystem::path& file) {
        REQUIRE(sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_busy_timeout(db_, 5000);
    }
    ~StoredLog() { sqlite3_close(db_); }
    StoredLog(const StoredLog&) = delete;
    StoredLog& operator=(const StoredLog&) = delete;

    struct Line {
        std::int64_t seq;
        std::string text;
    };
    // The host's lines of source `app`, by seq.
    std::vector<Line> lines(const std::string& host) const {
        std::vector<Line> out;
        query("SELECT seq, line FROM log_lines WHERE hostname = ?1 AND source = 'app' ORDER BY seq", host,
              [&](sqlite3_stmt* row) {
                  out.push_back(
                      {sqlite3_column_int64(row, 0), reinterpret_cast<const char*>(sqlite3_column_text(row, 1))});
              });
        return out;
    }
    long count(const std::string& host) const {
        long n = 0;
        query("SELECT count(*) FROM log_lines WHERE hostname = ?1 AND source = 'app'", host,
              [&](sqlite3_stmt* row) { n = sqlite3_column_int64(row, 0); });
        return n;
    }
    // The `fields` of the host's stored log.gap events.
    std::vector<std::string> gaps(const std::string& host) const {
        std::vector<std::string> out;
        query("SELECT fields FROM events WHERE hostname = ?1 AND kind = 'log.gap' ORDER BY time, id", host,
              [&](sqlite3_stmt* row) { out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(row, 0))); });
        return out;
    }

  private:
    template <class Row>
    void query(const char* sql, const std::string& host, Row row) const {
        sqlite3_stmt* statement = nullptr;
        // Before the master's first batch the tables may be there already or not: no rows then.
        if (sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) != SQLITE_OK) return;
        sqlite3_bind_text(statement, 1, host.c_str(), static_cast<int>(host.size()), SQLITE_TRANSIENT);
        while (sqlite3_step(statement) == SQLITE_ROW) row(statement);
        sqlite3_finalize(statement);
    }
    sqlite3* db_ = nullptr;
};

// What the stored lines say against what was written.
struct Tally {
    long stored = 0;
    long duplicates = 0;    // a line text (its number) stored twice
    long foreign = 0;       // a stored line the writer did not write
    long out_of_order = 0;  // a line number not above the one before it (by seq)
    std::vector<long> missing;
};

Tally tally(const std::vector<StoredLog::Line>& lines, const std::string& kind, long total) {
    Tally t;
    std::vector<int> seen(static_cast<std::size_t>(total), 0);
    long last = -1;
    const std::string prefix = kind + " ";
    for (const auto& line : lines) {
        ++t.stored;
        long n = -1;
        if (line.text.rfind(prefix, 0) == 0) n = std::strtol(line.text.c_str() + prefix.size(), nullptr, 10);
        if (n < 0 || n >= total ||
            line.text != prefix + std::to_string(n) + " the quick brown fox jumps over the lazy dog") {
            ++t.foreign;
            continue;
        }
        if (seen[static_cast<std::size_t>(n)]++) ++t.duplicates;
        if (n <= last) ++t.out_of_order;
        last = n;
    }
    for (long n = 0; n < total; ++n) {
        if (!seen[static_cast<std::size_t>(n)]) t.missing.push_back(n);
    }
    return t;
}

// "a-b c d-e": the missing line numbers as ranges, the first 10 of them.
std::string ranges(const std::vector<long>& numbers) {
    std::string out;
    int shown = 0;
    for (std::size_t i = 0; i < numbers.size() && shown < 10; ++shown) {
        std::size_t j = i;
        while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
        out += (out.empty() ? "" : " ") + std::to_string(numbers[i]);
        if (j > i) out += "-" + std::to_string(numbers[j]);
        i = j + 1;
    }
    return out.empty() ? "none" : out;
}

// Waits until the last line is stored, then until the count stays the same for 3 s (lines of
// copytruncate's windows never come; anything still in flight would show).
bool wait_stored(const StoredLog& store, const std::string& host, const std::string& kind, long total,
                 std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    const std::string last = kind + " " + std::to_string(total - 1) + " ";
    const bool arrived = scenario::eventually(
        [&] {
            const auto lines = store.lines(host);
            return !lines.empty() && lines.back().text.rfind(last, 0) == 0;
        },
        limit);
    if (!arrived) return false;
    long count = store.count(host);
    auto same_since = Clock::now();
    while (Clock::now() < deadline) {
        if (Clock::now() - same_since >= 3s) return true;
        std::this_thread::sleep_for(250ms);
        const long now_count = store.count(host);
        if (now_count != count) {
            count = now_count;
            same_since = Clock::now();
        }
    }
    return false;
}

enum class Rotation { RenameCreate, CopyTruncate, TruncateInPlace };

struct Window {
    long first;  // no line below it is lost: it was written before the copy
    long end;    // no line from it on is lost: its write began after the truncation
};

// A niamd client following `log` (name=app) on the master's queue, restartable.
struct Client {
    scenario::ConfigBucket bucket;
    std::vector<std::string> args;
    std::filesystem::path dir;
    std::unique_ptr<scenario::DaemonProcess> niamd;
    int runs = 0;

    Client(const MasterScenario& s, const std::string& host, const std::filesystem::path& client_dir,
           const std::filesystem::path& log)
        : dir(client_dir) {
        bucket.put_config(host,
                          "INTERVAL 1\nMETRICS 0\nINVENTORY 0\nLOG_RATE 20000\nLOG " + log.string() + " name=app\n");
        const std::string queue = s.queue_url.substr(s.queue_url.rfind('/') + 1);
        args = scenario::client_args(queue, bucket, host, dir);
    }
    void start() {
        niamd = std::make_unique<scenario::DaemonProcess>(scenario::niamd_path(), args, scenario::daemon_environment(),
                                                          (dir / ("out" + std::to_string(++runs) + ".log")).string());
        niamd->start();
    }
    void kill() {
        niamd->signal(SIGKILL);
        niamd->wait(5000ms);
        earlier += niamd->output() + "(SIGKILL)\n";
    }
    // What every run so far wrote.
    std::string output() const { return earlier + (niamd ? niamd->output() : std::string{}); }
    std::string earlier;
};

// Each file of the directory: its size and first and last line (what a failure is looked into with).
std::string describe_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::string out;
    for (const auto& file : files) {
        std::ifstream in(file);
        std::string line, first, last;
        while (std::getline(in, line)) {
            if (first.empty()) first = line;
            last = line;
        }
        out += "  " + file.filename().string() + ": " + std::to_string(std::filesystem::file_size(file)) +
               " bytes, first [" + first.substr(0, 20) + "] last [" + last.substr(0, 20) + "]\n";
    }
    return out;
}

// The master's log intake counts, as one text.
std::string intake(const MasterScenario& s) {
    const auto snapshot = s.snapshot();
    const auto& c = snapshot->counters.logs;
    return "master lines received " + std::to_string(c.lines_received) + ", stored " + std::to_string(c.lines_stored) +
           ", duplicate " + std::to_string(c.lines_duplicate) + ", dropped " +
           std::to_string(c.lines_unreadable + c.lines_batch_full + c.lines_host_full + c.lines_host_refused);
}

// Whether the master has the host (its first round's PING arrived).
bool seen_by_master(const MasterScenario& s, const std::string& host) {
    for (const auto& view : s.snapshot()->hosts) {
        if (view.host.key.hostname == host) return true;
    }
    return false;
}

const char* kind_name(Rotation rotation) {
    switch (rotation) {
        case Rotation::RenameCreate: return "rename";
        case Rotation::CopyTruncate: return "copytruncate";
        case Rotation::TruncateInPlace: return "truncate";
    }
    return "?";
}

void run_rotations(Rotation rotation) {
    const long rate = knob("NIAM_LOG_RATE", 2000);
    const long seconds = knob("NIAM_LOG_SECONDS", 10);
    const long rotations = knob("NIAM_LOG_ROTATIONS", 5);
    const long total = rate * seconds;
    const std::string kind = kind_name(rotation);
    const auto began = Clock::now();

    stack::FaultGuard faults;
    stack::LocalStack::get().reset_counts();  // the rejections counted are this case's own
    MasterScenario s;
    s.config.warn_after = 60;
    s.config.purge_after = 600;
    s.start_master();
    StoredLog store(s.dir / "niam.db");
    scenario::ScratchDir dir;
    const auto log = dir.path / "app.log";
    const std::string host = stack::unique_name("logacc-" + kind);
    Client client(s, host, dir.path, log);

    // The file appears only after niamd's first round (its PING is on the master): a path that
    // does not exist yet is read from its beginning.
    client.start();
    REQUIRE(MasterScenario::wait_until([&] { return seen_by_master(s, host); }, 30s));
    Writer writer(log, kind, rate, total);
    writer.start();

    std::vector<Window> windows;
    for (long i = 1; i <= rotations; ++i) {
        INFO(client.output());
        REQUIRE(writer.wait_done(total * i / (rotations + 1), std::chrono::seconds(seconds + 60)));
        const auto rotated = log.string() + "." + std::to_string(i);
        switch (rotation) {
            case Rotation::RenameCreate:
                std::filesystem::rename(log, rotated);
                std::ofstream(log, std::ios::binary).flush();  // create
                writer.reopen();                               // postrotate: the program reopens its log
                break;
            case Rotation::CopyTruncate: {
                const long first = writer.done();
                std::filesystem::copy_file(log, rotated);
                std::filesystem::resize_file(log, 0);
                windows.push_back({first, writer.started()});
                break;
            }
            case Rotation::TruncateInPlace: {
                // Truncated once every line written is stored (the writer paused till then): what
                // was written before the truncation must all be there.
                std::lock_guard<std::mutex> paused(writer.pause());
                const long written = writer.done();
                REQUIRE(scenario::eventually([&] { return store.count(host) >= written; }, 60s));
                std::filesystem::resize_file(log, 0);
                break;
            }
        }
        if (i % 5 == 0) {
            // Halfway to the next rotation: niamd is killed while lines come (a kill between two
            // quick rotations is the unit test "a file rotated twice while niamd was down ...").
            REQUIRE(writer.wait_done(total * (2 * i + 1) / (2 * (rotations + 1)), std::chrono::seconds(seconds + 60)));
            client.kill();
            client.start();
        }
    }
    writer.join();
    REQUIRE_FALSE(writer.failed());
    const bool stored = wait_stored(store, host, kind, total, std::chrono::seconds(60 + seconds));
    INFO(client.output());
    CHECK(stored);
    client.niamd->stop();

    const auto t = tally(store.lines(host), kind, total);
    const auto gap_fields = store.gaps(host);
    // Windows that lost lines, and missing lines outside every window.
    long windows_with_losses = 0;
    long missing_outside = 0;
    for (const auto& w : windows) {
        for (long n : t.missing) {
            if (n >= w.first && n < w.end) {
                ++windows_with_losses;
                break;
            }
        }
    }
    for (long n : t.missing) {
        bool inside = false;
        for (const auto& w : windows) inside = inside || (n >= w.first && n < w.end);
        if (!inside) ++missing_outside;
    }
    long gap_bytes = 0;
    long gaps_with_bytes = 0;
    long gaps_truncated = 0;
    for (const auto& text : gap_fields) {
        const auto tags = niamd::protocol::decode_tags(text);
        REQUIRE(tags);
        std::map<std::string, std::string> fields;
        for (const auto& tag : *tags) fields[tag.key] = tag.value;
        CHECK(fields["source"] == "app");
        REQUIRE(fields.count("bytes") == 1);
        if (fields["reason"] == "truncated") ++gaps_truncated;
        const long bytes = std::strtol(fields["bytes"].c_str(), nullptr, 10);
        gap_bytes += bytes;
        if (bytes > 0) ++gaps_with_bytes;
    }
    const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began).count();
    std::printf(
        "log acceptance %s: rate %ld/s, %ld s, %ld rotations, %d niamd runs: written %ld, stored %ld, "
        "missing %zu (in %ld copy-truncate windows), duplicates %ld, gaps %zu (%ld with bytes, %ld bytes), "
        "wall %.1f s; missing lines: %s\n",
        kind.c_str(), rate, seconds, rotations, client.runs, total, t.stored, t.missing.size(), windows_with_losses,
        t.duplicates, gap_fields.size(), gaps_with_bytes, gap_bytes, static_cast<double>(wall) / 1000.0,
        ranges(t.missing).c_str());
    for (const auto& w : windows) std::printf("  copy-truncate window: lines %ld-%ld\n", w.first, w.end - 1);
    std::printf("  %s\n", intake(s).c_str());
    if (missing_outside > 0) std::printf("%s", describe_files(dir.path).c_str());
    std::fflush(stdout);

    CHECK(t.foreign == 0);
    CHECK(t.duplicates == 0);
    CHECK(t.out_of_order == 0);
    CHECK(missing_outside == 0);
    if (rotation == Rotation::CopyTruncate) {
        // Each window that lost lines is told by a log.gap (reason truncated, with its bytes field:
        // the bytes niamd saw unread; lines written after the copy and truncated before niamd
        // looked were never seen, so their gap says 0).
        CHECK(gaps_truncated >= windows_with_losses);
        CHECK(gaps_truncated >= rotations);
    } else {
        CHECK(t.missing.empty());
        CHECK(gap_bytes == 0);
        if (rotation == Rotation::RenameCreate) CHECK(gap_fields.empty());
        if (rotation == Rotation::TruncateInPlace) CHECK(gaps_truncated == rotations);
    }
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}

}  // namespace

TEST_CASE("log acceptance: rename+create rotations and SIGKILLs, every line stored on the master once and in order",
          "[integration][log-acceptance]") {
    run_rotations(Rotation::RenameCreate);
}

TEST_CASE(
    "log acceptance: copytruncate rotations and SIGKILLs, only lines of the copy-truncate windows missing, "
    "told by log.gap",
    "[integration][log-acceptance]") {
    run_rotations(Rotation::CopyTruncate);
}

TEST_CASE("log acceptance: truncations in place and SIGKILLs, every line stored on the master once and in order",
          "[integration][log-acceptance]") {
    run_rotations(Rotation::TruncateInPlace);
}

TEST_CASE("log acceptance: SQS down for a while at 200 lines/s, every line stored once and in order after recovery",
          "[integration][log-acceptance]") {
    const long rate = knob("NIAM_OUTAGE_RATE", 200);
    const long outage = knob("NIAM_OUTAGE_SECONDS", 20);
    const long before = 5;  // seconds of lines before and after the outage
    const long total = rate * (outage + 2 * before);
    const std::string kind = "outage";
    const auto began = Clock::now();

    stack::FaultGuard faults;
    auto& stack = stack::LocalStack::get();
    stack::LocalStack::get().reset_counts();  // the rejections counted are this case's own
    MasterScenario s;
    s.config.warn_after = 60;
    s.config.purge_after = 6000;
    s.start_master();
    StoredLog store(s.dir / "niam.db");
    scenario::ScratchDir dir;
    const auto log = dir.path / "app.log";
    const std::string host = stack::unique_name("logacc-outage");
    Client client(s, host, dir.path, log);
    client.start();
    REQUIRE(MasterScenario::wait_until([&] { return seen_by_master(s, host); }, 30s));
    Writer writer(log, kind, rate, total);
    writer.start();
    REQUIRE(writer.wait_done(rate * before, std::chrono::seconds(before + 30)));
    // Both sides lose SQS: niamd keeps its lines in the outbox, the master cannot read.
    stack.add_fault(R"({"service":"sqs","kind":"down"})");
    const long at_fault = writer.done();
    std::this_thread::sleep_until(Clock::now() +
                                  std::chrono::seconds(outage));  // the outage's length, not a wait for anything
    const long stored_during = store.count(host);
    stack.clear_faults();
    writer.join();
    REQUIRE_FALSE(writer.failed());
    const bool stored = wait_stored(store, host, kind, total, std::chrono::seconds(120 + outage));
    INFO(client.output());
    CHECK(stored);
    client.niamd->stop();

    const auto t = tally(store.lines(host), kind, total);
    const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began).count();
    std::printf(
        "log acceptance outage: rate %ld/s, SQS down %ld s (from line %ld; %ld stored by its end): written %ld, "
        "stored %ld, missing %zu, duplicates %ld, out of order %ld, gaps %zu, wall %.1f s\n",
        rate, outage, at_fault, stored_during, total, t.stored, t.missing.size(), t.duplicates, t.out_of_order,
        store.gaps(host).size(), static_cast<double>(wall) / 1000.0);
    std::printf("  %s; missing lines: %s\n", intake(s).c_str(), ranges(t.missing).c_str());
    std::fflush(stdout);
    CHECK(stored_during < total);  // the outage held lines back: what follows is the recovery
    CHECK(t.foreign == 0);
    CHECK(t.duplicates == 0);
    CHECK(t.out_of_order == 0);
    CHECK(t.missing.empty());
    CHECK(store.gaps(host).empty());
    s.stop_master();
}
