// SqlConnection: what the history store needs from a database connection — prepared
// statements with positional `?` parameters, transactions and a schema lock. SQLite and
// MariaDB implement it; SqlStore holds the logic and the dialect holds the SQL text.
// Text is bytes: written and read back verbatim, whatever it contains.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <awsrest/result.hpp>

namespace niamd::store {

// One statement parameter: NULL, an integer, text or a (finite) floating-point number.
using SqlParam = std::variant<std::nullptr_t, std::int64_t, std::string_view, double>;

inline SqlParam optional_param(const std::optional<int>& value) {
    if (value) return std::int64_t{*value};
    return nullptr;
}

// One value read from a row.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string, double>;

struct SqlRow {
    std::vector<SqlValue> values;

    // NULL reads as 0 (integer), "" (text) or nullopt; a value of the other type as 0 / "".
    std::int64_t integer(std::size_t column) const noexcept {
        const auto* number = std::get_if<std::int64_t>(&values.at(column));
        return number ? *number : 0;
    }
    // A number of either kind (a DECIMAL a server sends as text is read too); else 0.
    double real(std::size_t column) const noexcept {
        const SqlValue& value = values.at(column);
        if (const auto* number = std::get_if<double>(&value)) return *number;
        if (const auto* number = std::get_if<std::int64_t>(&value)) return static_cast<double>(*number);
        if (const auto* text = std::get_if<std::string>(&value)) {
            double parsed = 0;
            const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), parsed);
            if (error == std::errc()) return parsed;
        }
        return 0;
    }
    std::optional<int> optional_int(std::size_t column) const {
        const auto* number = std::get_if<std::int64_t>(&values.at(column));
        if (!number) return std::nullopt;
        return static_cast<int>(*number);
    }
    std::string text(std::size_t column) && {
        auto* text = std::get_if<std::string>(&values.at(column));
        return text ? std::move(*text) : std::string();
    }
    std::string text(std::size_t column) const& {
        const auto* text = std::get_if<std::string>(&values.at(column));
        return text ? *text : std::string();
    }
};

struct SqlOutcome {
    std::uint64_t affected_rows = 0;  // rows inserted, updated (matched) or deleted
    std::int64_t last_insert_id = 0;  // id of the row an INSERT created
};

// Hashes SQL text so that a statement cache keyed by std::string is searched with a
// std::string_view, without building a string per call.
struct SqlTextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};

// "INSERT INTO heartbeats", "SELECT ... FROM hosts": the statement an error is about.
std::string sql_summary(std::string_view sql);

class SqlConnection {
  public:
    virtual ~SqlConnection() = default;

    // Runs one statement (prepared once, then cached) with its parameters.
    virtual awsrest::Result<SqlOutcome> execute(std::string_view sql, std::span<const SqlParam> params) = 0;
    virtual awsrest::Result<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlParam> params) = 0;
    // Runs a plain INSERT (no conflict clause) that stores all of its rows or, when the key
    // of one is there already, none: the statement is undone, the transaction goes on, and
    // the result is nullopt. Any other failure is an error, as in execute().
    virtual awsrest::Result<std::optional<SqlOutcome>> insert_all(std::string_view sql,
                                                                  std::span<const SqlParam> params) = 0;

    // One transaction: begin, statements, commit; rollback after any failure.
    virtual awsrest::Result<void> begin() = 0;
    virtual awsrest::Result<void> commit() = 0;
    virtual void rollback() noexcept = 0;

    // Held while the schema is read and migrated, so that two processes opening the same
    // database do not migrate it at once. SQLite: a write transaction; MariaDB: GET_LOCK.
    virtual awsrest::Result<void> lock_schema() = 0;
    virtual awsrest::Result<void> unlock_schema(bool keep_changes) = 0;

    // True after a failure that lost the connection to the server; reconnect() opens a
    // fresh one (statements are prepared again as they are used).
    virtual bool lost() const noexcept { return false; }
    virtual awsrest::Result<void> reconnect() { return {}; }

    // "SQLite /var/lib/niam/niam.db", "MariaDB niam@db:3306/niam": where errors come from.
    virtual const std::string& source() const noexcept = 0;
};

}  // namespace niamd::store
