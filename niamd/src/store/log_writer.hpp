// LogWriter: writes a batch's log lines and events inside SqlStore's transaction, many rows
// per statement (MultiRowStatement); a line or event stored already is ignored and counted
// (a line read again after a client crash carries the seq it had). The full-text index is
// written in the same transaction (SQLite: one INSERT ... SELECT into log_lines_fts of the rows
// the batch added; MariaDB: InnoDB's FULLTEXT on the `words` column, written here as the line
// made valid UTF-8).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <awsrest/result.hpp>

#include "store/log_rows.hpp"
#include "store/multi_row_statement.hpp"
#include "store/sql_connection.hpp"
#include "store/sql_dialect.hpp"

namespace niamd::store {

class LogWriter {
  public:
    explicit LogWriter(const SqlDialect& dialect)
        : insert_lines_(dialect.insert_log_lines),
          insert_events_(dialect.insert_events),
          index_lines_(dialect.index_log_lines),
          words_(dialect.log_line_words),
          params_per_line_(dialect.insert_log_lines.params_per_row) {}

    // Within the caller's open transaction; adds what it stored and ignored to `outcome`.
    awsrest::Result<void> write(SqlConnection& db, const std::vector<LogLineRow>& lines,
                                const std::vector<EventRow>& events, LogOutcome& outcome);

  private:
    MultiRowStatement insert_lines_;
    MultiRowStatement insert_events_;
    std::string_view index_lines_;
    bool words_;
    std::size_t params_per_line_;
    std::vector<SqlParam> params_;
    std::vector<std::string> words_text_;  // the valid UTF-8 copies params_ points into
};

}  // namespace niamd::store
