// MultiRowStatement: one INSERT of many rows, `head (?, ?), (?, ?), ... tail`, so that a
// batch costs a statement per chunk of rows instead of one per row. A batch is cut into
// chunks of kMaxRowsPerStatement rows and a rest cut into powers of two: at most 9 texts
// (and so 9 prepared statements on the connection) per statement, whatever the batch
// sizes. 256 rows of 6 parameters stay far below SQLite's 32766 and MariaDB's 65535
// parameters per statement.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <string>
#include <string_view>

namespace niamd::store {

inline constexpr std::size_t kMaxRowsPerStatement = 256;

// The SQL around the rows: head "INSERT INTO t (a, b) VALUES", tail " ON CONFLICT ...".
struct MultiRowSql {
    std::string_view head;
    std::size_t params_per_row = 0;
    std::string_view tail;
};

class MultiRowStatement {
  public:
    explicit MultiRowStatement(MultiRowSql sql) : sql_(sql) {}

    // Rows the next statement takes of `remaining` (> 0) rows.
    static std::size_t chunk(std::size_t remaining) noexcept {
        return remaining >= kMaxRowsPerStatement ? kMaxRowsPerStatement : std::bit_floor(remaining);
    }

    // The text for `rows` rows, a value chunk() returned.
    const std::string& text(std::size_t rows) {
        std::string& text = texts_[static_cast<std::size_t>(std::countr_zero(rows))];
        if (text.empty()) {
            std::string row = "(";
            for (std::size_t i = 0; i < sql_.params_per_row; ++i) row += i ? ", ?" : "?";
            row += ")";
            text.reserve(sql_.head.size() + rows * (row.size() + 2) + sql_.tail.size());
            text += sql_.head;
            for (std::size_t i = 0; i < rows; ++i) {
                text += i ? ", " : " ";
                text += row;
            }
            text += sql_.tail;
        }
        return text;
    }

  private:
    static constexpr std::size_t kTexts = std::bit_width(kMaxRowsPerStatement);  // 1, 2, 4 ... 256
    MultiRowSql sql_;
    std::array<std::string, kTexts> texts_;
};

}  // namespace niamd::store
