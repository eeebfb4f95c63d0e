// The q= text of a log search, turned into the engine's full-text query: every word of the
// user's text (split at white space) must be in the line, each as a quoted phrase, so no
// text the user types is ever query syntax (FTS5's AND/OR/NOT/NEAR/*/^/column:, MariaDB's
// + - < > ( ) ~ * " @) nor SQL (the query is a bound parameter).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <awsrest/result.hpp>

namespace niamd::store {

// The words of `text`: split at ASCII white space and control characters, at most kMaxSearchWords, only words with
// a letter, digit or non-ASCII byte (the others have nothing a tokenizer indexes).
// InvalidArgument naming "q" when the text is longer than kMaxSearchBytes or has more words.
awsrest::Result<std::vector<std::string>> search_words(std::string_view text);

// SQLite FTS5 MATCH text: line : "w1" line : "w2" ... with '"' doubled (implicit AND of
// phrases, each in the column `line`).
std::string fts5_query(const std::vector<std::string>& words);

// The FTS5 MATCH text that keeps one host's lines (sqlite_schema.cpp: log_lines_fts.host):
// host : "h<hex of hostname>x<hex of instance>".
std::string fts5_host_filter(std::string_view hostname, std::string_view instance);

// MariaDB MATCH ... AGAINST (... IN BOOLEAN MODE) text: +"w1" +"w2" ... ('"', which cannot be
// escaped there, becomes a space: it is no token character anyway).
std::string boolean_mode_query(const std::vector<std::string>& words);

}  // namespace niamd::store
