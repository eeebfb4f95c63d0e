// Reading log lines and events back for the API: one page of a host's lines, newest first
// (time, then id), filtered by source, time range and words (log_search.hpp), with the
// keyset cursor of the next page; a host's events, newest first.
#pragma once

#include <vector>

#include <awsrest/result.hpp>

#include "store/log_rows.hpp"
#include "store/sql_connection.hpp"
#include "store/sql_dialect.hpp"

namespace niamd::store {

awsrest::Result<LogPage> read_log_page(SqlConnection& db, const SqlDialect& dialect, const LogQuery& query);

awsrest::Result<std::vector<EventRow>> read_events(SqlConnection& db, const EventQuery& query);

}  // namespace niamd::store
