#include "metrics/perfdata.hpp"

#include <array>

#include "metrics/clean_text.hpp"
#include "metrics/number_text.hpp"
#include "metrics/sample.hpp"
#include "metrics/threshold_range.hpp"

namespace niamd::metrics {
namespace {

constexpr std::array<std::string_view, 10> kUnits = {"s", "ms", "us", "%", "B", "KB", "MB", "GB", "TB", "c"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_value_char(char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
}

// One `label=value;...` item: its label (quotes undone) and the text after '='.
struct RawItem {
    std::string label;
    std::string_view data;
    std::string_view error;  // why the item is bad, empty when it is not
};

// Reads one item starting at text[i] (not a space); leaves i after it.
RawItem read_item(std::string_view text, std::size_t& i) {
    RawItem item;
    if (text[i] == '\'') {
        const std::size_t quote = i++;
        bool closed = false;
        while (i < text.size()) {
            if (text[i] == '\'') {
                if (i + 1 < text.size() && text[i + 1] == '\'') {
                    item.label += '\'';
                    i += 2;
                    continue;
                }
                ++i;
                closed = true;
                break;
            }
            item.label += text[i++];
        }
        if (!closed) {  // the item ends at the first space, so the next ones are still read
            item.error = "unclosed quote in label";
            i = quote;
            while (i < text.size() && !is_space(text[i])) ++i;
            return item;
        }
        if (i >= text.size() || text[i] != '=') {
            item.error = "no '=' after the quoted label";
            while (i < text.size() && !is_space(text[i])) ++i;
            return item;
        }
    } else {
        const std::size_t start = i;
        while (i < text.size() && text[i] != '=' && !is_space(text[i])) ++i;
        item.label.assign(text.substr(start, i - start));
        if (i >= text.size() || text[i] != '=') {
            item.error = "no '=' in the item";
            return item;
        }
        if (item.label.find('\'') != std::string::npos) {
            item.error = "a quote inside an unquoted label";
            while (i < text.size() && !is_space(text[i])) ++i;
            return item;
        }
    }
    ++i;  // '='
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    item.data = text.substr(start, i - start);
    return item;
}

// Splits "a;b;c" into at most 5 fields; false when there are more.
bool split_fields(std::string_view data, std::array<std::string_view, 5>& fields, std::size_t& count) {
    count = 0;
    while (true) {
        const std::size_t semicolon = data.find(';');
        if (count == fields.size()) return false;
        fields[count++] = data.substr(0, semicolon);
        if (semicolon == std::string_view::npos) return true;
        data.remove_prefix(semicolon + 1);
    }
}

// Decodes the fields of a good item into `out`; returns why it is bad, or "" when good,
// or "U" when the value is undetermined.
std::string_view decode(std::string_view data, PerfdataItem& out) {
    std::array<std::string_view, 5> fields;
    std::size_t count = 0;
    if (!split_fields(data, fields, count)) return "more than 5 ';' fields";
    const std::string_view value_text = fields[0];
    if (value_text == "U") return "U";
    std::size_t number_end = 0;
    while (number_end < value_text.size() && is_value_char(value_text[number_end])) ++number_end;
    const std::string_view unit = value_text.substr(number_end);
    const auto value = parse_finite(value_text.substr(0, number_end));
    if (!value) return value_text.empty() ? "no value" : "the value is not a finite number";
    if (!unit.empty()) {
        bool known = false;
        for (const auto u : kUnits) known = known || u == unit;
        if (!known) return "unknown unit";
    }
    out.value = *value;
    out.unit.assign(unit);
    if (count > 1 && !fields[1].empty()) {
        if (!is_threshold_range(fields[1])) return "warn is not a threshold range";
        out.warn.assign(fields[1]);
    }
    if (count > 2 && !fields[2].empty()) {
        if (!is_threshold_range(fields[2])) return "crit is not a threshold range";
        out.crit.assign(fields[2]);
    }
    for (std::size_t f = 3; f < count; ++f) {
        if (fields[f].empty()) continue;
        const auto bound = parse_finite(fields[f]);
        if (!bound) return f == 3 ? "min is not a finite number" : "max is not a finite number";
        (f == 3 ? out.min : out.max) = *bound;
    }
    return "";
}

}  // namespace

bool is_threshold_range(std::string_view text) noexcept { return parse_threshold_range(text).has_value(); }

PerfdataParse parse_perfdata(std::string_view perfdata) {
    PerfdataParse result;
    std::size_t i = 0;
    while (true) {
        while (i < perfdata.size() && is_space(perfdata[i])) ++i;
        if (i >= perfdata.size()) break;
        ++result.read;
        RawItem raw = read_item(perfdata, i);
        PerfdataItem item;
        std::string_view error = raw.error;
        if (error.empty() && raw.label.empty()) error = "empty label";
        if (error.empty() && (raw.label.size() > kMaxNameBytes || !is_clean_text(raw.label))) {
            error = "label too long or not clean UTF-8";
        }
        if (error.empty()) error = decode(raw.data, item);
        if (error == "U") {
            ++result.undetermined;
            continue;
        }
        if (!error.empty()) {
            if (result.bad++ == 0) {
                result.first_bad = result.read;
                result.first_bad_reason.assign(error);
            }
            continue;
        }
        if (result.items.size() >= kMaxPerfdataItems) {
            ++result.dropped;
            continue;
        }
        item.label = std::move(raw.label);
        result.items.push_back(std::move(item));
    }
    return result;
}

}  // namespace niamd::metrics
