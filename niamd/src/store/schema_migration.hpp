// Creates and migrates the schema: the steps of the dialect newer than the version in
// schema_version run in order, under the connection's schema lock.
#pragma once

#include <awsrest/result.hpp>

#include "store/sql_connection.hpp"
#include "store/sql_dialect.hpp"

namespace niamd::store {

// The version recorded in schema_version; an error when the table is missing.
awsrest::Result<int> read_schema_version(SqlConnection& connection);

// Brings the database to dialect.latest_version() and returns that version. A database
// whose version is newer than this program knows is refused (Parse), never touched.
awsrest::Result<int> migrate_schema(SqlConnection& connection, const SqlDialect& dialect);

}  // namespace niamd::store
