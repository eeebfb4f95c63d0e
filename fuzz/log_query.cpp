// Fuzzes what a log search reads from a request: the q= text turned into an FTS5 MATCH and
// a MariaDB boolean-mode query (store/log_search.hpp), and the parameters of /api/logs and
// /api/events (web/log_params.hpp). Input: the first line is q; the other lines are
// `name=value` parameters. Every FTS5 query built is run against a real FTS5 table: the
// user's text must never be a syntax error there.
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/log_rows.hpp"
#include "store/log_search.hpp"
#include "web/log_params.hpp"

namespace {

sqlite3* index_db() {
    static sqlite3* db = [] {
        sqlite3* opened = nullptr;
        if (sqlite3_open(":memory:", &opened) != SQLITE_OK) __builtin_trap();
        const char* setup =
            "CREATE VIRTUAL TABLE t USING fts5(line, tokenize='unicode61');"
            "INSERT INTO t (line) VALUES ('sshd[1]: Failed password for root from 203.0.113.9'),"
            "('said \"quoted\" AND NEAR(x) col:umn * ^start'), ('bytes \xff\xfe kept');";
        if (sqlite3_exec(opened, setup, nullptr, nullptr, nullptr) != SQLITE_OK) __builtin_trap();
        return opened;
    }();
    return db;
}

void run_match(const std::string& match) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(index_db(), "SELECT rowid FROM t WHERE t MATCH ?", -1, &statement, nullptr) != SQLITE_OK) {
        __builtin_trap();
    }
    sqlite3_bind_text(statement, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    int code = SQLITE_ROW;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
    }
    if (code != SQLITE_DONE) __builtin_trap();  // a syntax error: the user's text was query syntax
    sqlite3_finalize(statement);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= input.size() && lines.size() < 32;) {
        const std::size_t end = std::min(input.find('\n', start), input.size());
        lines.push_back(input.substr(start, end - start));
        start = end + 1;
    }
    const std::string_view q = lines.empty() ? std::string_view() : lines.front();

    if (auto words = niamd::store::search_words(q)) {
        if (words->size() > niamd::store::kMaxSearchWords) __builtin_trap();
        for (const auto& word : *words) {
            if (word.empty()) __builtin_trap();
        }
        if (!words->empty()) run_match(niamd::store::fts5_query(*words));
        const std::string boolean = niamd::store::boolean_mode_query(*words);
        // Each word is one +"..." term: the only quotes are the ones put around the words.
        if (static_cast<std::size_t>(std::count(boolean.begin(), boolean.end(), '"')) != 2 * words->size()) {
            __builtin_trap();
        }
    } else if (q.size() <= niamd::store::kMaxSearchBytes && words.error().message.find("words") == std::string::npos) {
        __builtin_trap();
    }

    niamd::web::LogParams params;
    params.q = std::string(q);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::size_t eq = lines[i].find('=');
        const std::string_view name = lines[i].substr(0, eq);
        const std::string value(eq == std::string_view::npos ? std::string_view() : lines[i].substr(eq + 1));
        if (name == "host") params.host = value;
        else if (name == "instance") params.instance = value;
        else if (name == "source") params.source = value;
        else if (name == "since") params.since = value;
        else if (name == "until") params.until = value;
        else if (name == "limit") params.limit = value;
        else if (name == "before") params.before = value;
        else if (name == "kind") params.kind = value;
    }
    constexpr std::int64_t kNow = 1700000000;
    if (auto request = niamd::web::parse_log_params(params, kNow)) {
        const auto& query = request->query;
        if (query.hostname.empty() || query.limit < 1 || query.limit > niamd::store::kLogQueryLimitMax)
            __builtin_trap();
        if (query.since > query.until || query.since > kNow) __builtin_trap();
        if (query.before) {
            const auto again = niamd::web::parse_cursor(niamd::web::cursor_text(*query.before));
            if (!again || *again != *query.before) __builtin_trap();
        }
    } else if (request.error().message.find(':') == std::string::npos) {
        __builtin_trap();  // an error names its parameter ("since: ...")
    }
    if (auto request = niamd::web::parse_event_params(params, kNow)) {
        if (request->query.hostname.empty() || request->query.limit > niamd::store::kLogQueryLimitMax) __builtin_trap();
    }
    return 0;
}
