// The count test: N lines written through M rotations of each kind (rename + create,
// copytruncate, truncation in place), polled between writes with small budgets (the rate limit)
// and a crash-like rollback now and then; every line must arrive once and in order. With
// copytruncate only the lines written between the copy and the truncation may be missing (those
// unread before the copy are read from it), and then a log.gap says so.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "follow/followed_file.hpp"
#include "follow_files.hpp"
#include "support/temp_dir.hpp"

using follow_test::append;
using niamd::follow::FollowedFile;

namespace {

enum class Kind { Rename, CopyTruncate, Truncate };

struct Outcome {
    std::size_t written = 0;
    std::size_t window = 0;  // written between copy and truncation (copytruncate only)
    std::vector<std::size_t> received;
    std::size_t gaps = 0;
    bool seq_in_order = true;
};

Outcome run(Kind kind, int rotations, int lines_per_round, unsigned seed) {
    test_support::TempDir dir("niam-follow-count");
    const auto log = dir.path() / "app.log";
    append(log, "");
    std::mt19937 random(seed);
    FollowedFile file("app", log, 16 * 1024);
    file.begin(std::nullopt, true, 1, 1000);
    Outcome outcome;
    std::set<std::size_t> window;
    std::uint64_t next_seq = 1;
    std::int64_t now = 1000;
    auto take = [&](std::size_t budget, bool may_fail = true) {
        auto batch = file.poll(budget, ++now);
        if (may_fail && random() % 7 == 0) {  // the outbox could not write: the same lines come again
            file.rollback();
            return;
        }
        file.commit();
        outcome.gaps += batch.events.size();
        for (const auto& line : batch.lines) {
            if (line.seq != next_seq++) outcome.seq_in_order = false;
            outcome.received.push_back(std::stoul(line.line.substr(5)));
        }
    };
    auto write = [&](int count, bool in_window = false) {
        for (int i = 0; i < count; ++i) {
            char text[32];
            std::snprintf(text, sizeof text, "line %zu\n", outcome.written);
            if (in_window) window.insert(outcome.written);
            ++outcome.written;
            append(log, text);
            if (random() % 4 == 0) take(1 + random() % 5);
        }
    };
    auto drain = [&] {
        take(100000, false);
        take(100000, false);
    };
    for (int round = 0; round < rotations; ++round) {
        write(lines_per_round);
        switch (kind) {
            case Kind::Rename:
                follow_test::rotate_by_rename(log);
                write(3);  // into the new file before the old one is read to its end
                take(2);
                break;
            case Kind::CopyTruncate: {
                // Lines the rate left unread before the copy are read from the copy.
                std::filesystem::path copy = log;
                copy += ".1";
                std::filesystem::copy_file(log, copy, std::filesystem::copy_options::overwrite_existing);
                for (int i = 0; i < 2; ++i) {  // the window: in neither file afterwards
                    char text[32];
                    std::snprintf(text, sizeof text, "line %zu\n", outcome.written);
                    window.insert(outcome.written++);
                    append(log, text);
                }
                std::filesystem::resize_file(log, 0);
                break;
            }
            case Kind::Truncate:
                drain();
                std::filesystem::resize_file(log, 0);
                break;
        }
        drain();
    }
    write(lines_per_round);
    drain();
    outcome.window = window.size();
    return outcome;
}

// Every line once, in order; the missing ones all in `window`.
void check(const Outcome& outcome, Kind kind) {
    CHECK(outcome.seq_in_order);
    std::set<std::size_t> seen;
    bool ordered = true;
    for (std::size_t i = 0; i < outcome.received.size(); ++i) {
        if (i > 0 && outcome.received[i] <= outcome.received[i - 1]) ordered = false;
        seen.insert(outcome.received[i]);
    }
    CHECK(ordered);
    CHECK(seen.size() == outcome.received.size());  // none twice
    const std::size_t missing = outcome.written - seen.size();
    if (kind == Kind::CopyTruncate) {
        CHECK(missing <= outcome.window);
    } else {
        CHECK(missing == 0);
    }
}

}  // namespace

TEST_CASE("follow: count — rename + create, every line once and in order", "[follow]") {
    const unsigned seed = 20261203;
    INFO("seed " << seed);
    const auto outcome = run(Kind::Rename, 25, 40, seed);
    CHECK(outcome.written == 25 * 43 + 40);
    CHECK(outcome.received.size() == outcome.written);
    CHECK(outcome.gaps == 0);
    check(outcome, Kind::Rename);
}

TEST_CASE("follow: count — copytruncate, only lines of the copy-truncate window missing, with log.gap", "[follow]") {
    const unsigned seed = 20261204;
    INFO("seed " << seed);
    const auto outcome = run(Kind::CopyTruncate, 25, 40, seed);
    CHECK(outcome.written == 25 * 42 + 40);
    CHECK(outcome.window == 50);
    CHECK(outcome.received.size() == outcome.written - outcome.window);
    CHECK(outcome.gaps == 25);
    check(outcome, Kind::CopyTruncate);
}

TEST_CASE("follow: count — truncation in place after everything was read, nothing lost", "[follow]") {
    const unsigned seed = 20261205;
    INFO("seed " << seed);
    const auto outcome = run(Kind::Truncate, 25, 40, seed);
    CHECK(outcome.written == 25 * 40 + 40);
    CHECK(outcome.received.size() == outcome.written);
    CHECK(outcome.gaps == 25);
    check(outcome, Kind::Truncate);
}
