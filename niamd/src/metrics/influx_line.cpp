#include "metrics/influx_line.hpp"

#include <vector>

#include "metrics/clean_text.hpp"
#include "metrics/number_text.hpp"

namespace niamd::metrics {
namespace {

// Reads from line[i] up to (not including) an unescaped character of `stops`, undoing
// '\' before a character of `escapable`.
std::string read_escaped(std::string_view line, std::size_t& i, std::string_view stops, std::string_view escapable) {
    std::string out;
    while (i < line.size() && stops.find(line[i]) == std::string_view::npos) {
        if (line[i] == '\\' && i + 1 < line.size() && escapable.find(line[i + 1]) != std::string_view::npos) {
            out += line[i + 1];
            i += 2;
            continue;
        }
        out += line[i++];
    }
    return out;
}

bool is_boolean(std::string_view text, double& value) {
    for (const std::string_view t : {"t", "T", "true", "True", "TRUE"}) {
        if (text == t) {
            value = 1;
            return true;
        }
    }
    for (const std::string_view f : {"f", "F", "false", "False", "FALSE"}) {
        if (text == f) {
            value = 0;
            return true;
        }
    }
    return false;
}

struct Field {
    std::string key;
    double value = 0;
    bool numeric = false;
};

bool name_ok(std::string_view text, std::size_t limit) {
    return !text.empty() && text.size() <= limit && is_clean_text(text);
}

std::string_view read_line(std::string_view line, std::vector<Field>& fields, Sample& base, std::size_t& skipped) {
    std::size_t i = 0;
    const std::string measurement = read_escaped(line, i, ", ", ", \\");
    if (!name_ok(measurement, kMaxNameBytes)) return "empty, too long or unclean measurement";
    while (i < line.size() && line[i] == ',') {
        ++i;
        std::string key = read_escaped(line, i, "=, ", ",= \\");
        if (i >= line.size() || line[i] != '=') return "a tag is not key=value";
        ++i;
        std::string value = read_escaped(line, i, ", ", ",= \\");
        if (!name_ok(key, kMaxTagBytes) || !name_ok(value, kMaxTagBytes)) return "empty, too long or unclean tag";
        if (base.tags.size() >= kMaxTagsPerSample) return "too many tags";
        base.tags.push_back(Tag{std::move(key), std::move(value)});
    }
    if (i >= line.size() || line[i] != ' ') return "no field set";
    while (i < line.size() && line[i] == ' ') ++i;
    while (true) {
        Field field;
        field.key = read_escaped(line, i, "=, ", ",= \\");
        if (i >= line.size() || line[i] != '=') return "a field is not key=value";
        if (!name_ok(field.key, kMaxNameBytes)) return "empty, too long or unclean field key";
        ++i;
        if (i < line.size() && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '\\' && i + 1 < line.size()) {
                    i += 2;
                    continue;
                }
                if (line[i++] == '"') {
                    closed = true;
                    break;
                }
            }
            if (!closed) return "unclosed string field";
            ++skipped;
        } else {
            const std::size_t start = i;
            while (i < line.size() && line[i] != ',' && line[i] != ' ') ++i;
            std::string_view text = line.substr(start, i - start);
            if (is_boolean(text, field.value)) {
                field.numeric = true;
            } else {
                if (!text.empty() && (text.back() == 'i' || text.back() == 'u')) text.remove_suffix(1);
                const auto number = parse_finite(text);
                if (!number) return "a field value is not a number, boolean or string";
                field.value = *number;
                field.numeric = true;
            }
        }
        fields.push_back(std::move(field));
        if (i < line.size() && line[i] == ',') {
            ++i;
            continue;
        }
        break;
    }
    while (i < line.size() && line[i] == ' ') ++i;
    if (i < line.size()) {
        const auto nanoseconds = parse_integer(line.substr(i));
        if (!nanoseconds || *nanoseconds < 0) return "the timestamp is not integer nanoseconds";
        base.time = *nanoseconds / 1000000000;
    }
    for (const auto& field : fields) {
        if (field.key != "value" && measurement.size() + 1 + field.key.size() > kMaxNameBytes) {
            return "measurement.field is too long";
        }
    }
    base.name = measurement;
    return "";
}

}  // namespace

ParsedMetrics parse_influx(std::string_view text) {
    ParsedMetrics result;
    std::vector<Field> fields;
    for_each_line(text, [&](std::size_t number, std::string_view line) {
        line = trim_blanks(line);
        if (line.empty() || line.front() == '#') return;
        ++result.lines;
        fields.clear();
        Sample base;
        std::size_t skipped = 0;
        if (const auto error = read_line(line, fields, base, skipped); !error.empty()) {
            result.count_bad(number, error);
            return;
        }
        result.skipped += skipped;
        for (auto& field : fields) {
            if (!field.numeric) continue;
            Sample sample = base;
            if (field.key != "value") {
                sample.name += '.';
                sample.name += field.key;
            }
            sample.value = field.value;
            result.keep(std::move(sample));
        }
    });
    return result;
}

}  // namespace niamd::metrics
