#include "master/seen_messages.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <random>
#include <string>

using niamd::master::SeenMessages;

namespace {

// An id shaped as SQS gives them (a UUID), from a number.
std::string uuid(unsigned long long n) {
    char text[40];
    std::snprintf(text, sizeof text, "%08llx-%04llx-4%03llx-8%03llx-%012llx", n & 0xffffffffULL, (n >> 32) & 0xffff,
                  n % 0xfff, (n * 7) % 0xfff, n * 2654435761ULL & 0xffffffffffffULL);
    return text;
}

}  // namespace

TEST_CASE("seen messages: a redelivered id is recognised, UUIDs and other ids alike", "[master]") {
    SeenMessages seen;
    const std::string id = "5fea7756-0ea4-451a-a703-a558b933e274";
    CHECK(seen.insert(id, 100) == SeenMessages::Seen::New);
    CHECK(seen.insert(id, 130) == SeenMessages::Seen::Applied);
    // The same UUID in capitals is the same 16 bytes.
    CHECK(seen.insert("5FEA7756-0EA4-451A-A703-A558B933E274", 130) == SeenMessages::Seen::Applied);
    CHECK(seen.insert("5fea7756-0ea4-451a-a703-a558b933e275", 130) == SeenMessages::Seen::New);
    // Not UUIDs: kept by digest, told apart.
    CHECK(seen.insert("m-1", 100) == SeenMessages::Seen::New);
    CHECK(seen.insert("m-2", 100) == SeenMessages::Seen::New);
    CHECK(seen.insert("m-1", 101) == SeenMessages::Seen::Applied);
    CHECK(seen.insert("5fea7756-0ea4-451a-a703-a558b933e27", 100) == SeenMessages::Seen::New);   // one digit short
    CHECK(seen.insert("5fea7756x0ea4-451a-a703-a558b933e274", 100) == SeenMessages::Seen::New);  // not a dash
    CHECK(seen.insert("", 100) == SeenMessages::Seen::New);
    CHECK(seen.insert("", 100) == SeenMessages::Seen::Applied);
    CHECK(seen.size() == 7);
    CHECK(seen.forgotten() == 0);
}

TEST_CASE("seen messages: an id left for the dead-letter queue says so when it comes again", "[master]") {
    SeenMessages seen;
    CHECK(seen.insert("bad", 100, true) == SeenMessages::Seen::New);
    CHECK(seen.insert("bad", 101) == SeenMessages::Seen::LeftForDeadLetters);
    CHECK(seen.insert(uuid(1), 100) == SeenMessages::Seen::New);
    seen.mark_left(uuid(1));
    CHECK(seen.insert(uuid(1), 101) == SeenMessages::Seen::LeftForDeadLetters);
    seen.mark_left("never seen");
    CHECK_FALSE(seen.contains("never seen"));
}

TEST_CASE("seen messages: ids older than the cut are forgotten, without counting them as dropped", "[master]") {
    SeenMessages seen;
    for (int i = 0; i < 3000; ++i) seen.insert(uuid(i), 1000 + i / 10);  // grows past its first 1,024
    CHECK(seen.size() == 3000);
    seen.expire(1100);  // seen at 1000..1099: the first 1,000
    CHECK(seen.size() == 2000);
    CHECK_FALSE(seen.contains(uuid(999)));
    CHECK(seen.contains(uuid(1000)));
    CHECK(seen.contains(uuid(2999)));
    CHECK(seen.insert(uuid(0), 1300) == SeenMessages::Seen::New);
    CHECK(seen.forgotten() == 0);
}

TEST_CASE("seen messages: at the bound the oldest are forgotten first, and counted", "[master]") {
    SeenMessages seen(1024);
    CHECK(seen.capacity() == 1024);
    for (int i = 0; i < 1034; ++i) CHECK(seen.insert(uuid(i), 100) == SeenMessages::Seen::New);
    CHECK(seen.size() == 1024);
    CHECK(seen.forgotten() == 10);
    for (int i = 0; i < 10; ++i) CHECK_FALSE(seen.contains(uuid(i)));
    for (int i = 10; i < 1034; ++i) CHECK(seen.contains(uuid(i)));
    CHECK(SeenMessages(1000).capacity() == 1024);
    CHECK(SeenMessages(5000).capacity() == 8192);
}

TEST_CASE("seen messages: inserts, expiries and forgetting agree with a plain map over many rounds", "[master]") {
    // A fixed seed: the same sequence on every run. Ids repeat often so that lookups hit
    // entries moved by the table's deletions.
    std::mt19937_64 random(20261208);
    SeenMessages seen(4096);
    std::map<std::string, std::int64_t> model;  // id -> seen at
    std::multimap<std::int64_t, std::string> by_time;
    std::uint64_t forgotten = 0;
    std::int64_t now = 1000;
    for (int round = 0; round < 200; ++round) {
        now += 1;
        const int inserts = static_cast<int>(random() % 200);
        for (int i = 0; i < inserts; ++i) {
            const auto n = random() % 12000;
            const std::string id = n % 3 == 0 ? "id-" + std::to_string(n) : uuid(n);
            const bool known = model.count(id) != 0;
            REQUIRE(seen.insert(id, now) == (known ? SeenMessages::Seen::Applied : SeenMessages::Seen::New));
            if (known) continue;
            if (model.size() == 4096) {  // the oldest goes
                const auto oldest = by_time.begin();
                model.erase(oldest->second);
                by_time.erase(oldest);
                ++forgotten;
            }
            model[id] = now;
            by_time.emplace(now, id);
        }
        if (round % 7 == 6) {
            const std::int64_t cut = now - static_cast<std::int64_t>(random() % 20);
            seen.expire(cut);
            while (!by_time.empty() && by_time.begin()->first < cut) {
                model.erase(by_time.begin()->second);
                by_time.erase(by_time.begin());
            }
        }
        REQUIRE(seen.size() == model.size());
        REQUIRE(seen.forgotten() == forgotten);
    }
    for (unsigned long long n = 0; n < 12000; ++n) {
        const std::string id = n % 3 == 0 ? "id-" + std::to_string(n) : uuid(n);
        REQUIRE(seen.contains(id) == (model.count(id) != 0));
    }
}
