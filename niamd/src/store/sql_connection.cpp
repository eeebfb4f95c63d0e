#include "store/sql_connection.hpp"

namespace niamd::store {

std::string sql_summary(std::string_view sql) {
    if (sql.substr(0, 7) == "SELECT ") {
        if (auto from = sql.find(" FROM "); from != std::string_view::npos) {
            auto table = sql.substr(from + 6);
            return "SELECT ... FROM " + std::string(table.substr(0, table.find_first_of(" (\n")));
        }
    }
    const int max_words = sql.substr(0, 7) == "CREATE " ? 6 : 3;
    std::string out;
    std::size_t pos = 0;
    for (int word = 0; word < max_words && pos < sql.size(); ++word) {
        auto end = sql.find_first_of(" (\n", pos);
        if (end == std::string_view::npos) end = sql.size();
        if (end > pos) {
            if (!out.empty()) out += ' ';
            out.append(sql.substr(pos, end - pos));
        }
        if (end >= sql.size() || sql[end] != ' ') break;
        pos = end + 1;
    }
    return out;
}

}  // namespace niamd::store
