// ParsedMetrics: what a metric-plugin output parser made of the text, and what it could not
// read. A bad line never costs the good ones: it is counted, and the first one is named.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/sample.hpp"

namespace niamd::metrics {

inline constexpr std::size_t kMaxSamplesPerOutput = 5000;  // further samples are counted as dropped

struct ParsedMetrics {
    std::vector<Sample> samples;
    std::size_t lines = 0;           // non-blank, non-comment lines read
    std::size_t bad = 0;             // lines that could not be read
    std::size_t skipped = 0;         // valid values without a number (NaN, strings, U)
    std::size_t dropped = 0;         // good samples past kMaxSamplesPerOutput
    std::size_t first_bad_line = 0;  // 1-based line number of the first bad line, 0 when none
    std::string first_bad_reason;    // e.g. "the value is not a finite number"

    void count_bad(std::size_t line_number, std::string_view reason) {
        if (bad++ == 0) {
            first_bad_line = line_number;
            first_bad_reason.assign(reason);
        }
    }
    // Keeps `sample` unless the bound is reached (then counts it as dropped).
    void keep(Sample&& sample) {
        if (samples.size() >= kMaxSamplesPerOutput) {
            ++dropped;
            return;
        }
        samples.push_back(std::move(sample));
    }
};

// Calls line(number, text) for each line of `text` ('\n' ends a line; a trailing '\r' is
// removed), numbered from 1.
template <class LineFn>
void for_each_line(std::string_view text, LineFn&& line) {
    std::size_t number = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view current = text.substr(0, end);
        if (!current.empty() && current.back() == '\r') current.remove_suffix(1);
        line(++number, current);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
}

inline bool is_blank_char(char c) { return c == ' ' || c == '\t'; }

inline std::string_view trim_blanks(std::string_view text) {
    while (!text.empty() && (is_blank_char(text.front()) || text.front() == '\r')) text.remove_prefix(1);
    while (!text.empty() && (is_blank_char(text.back()) || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// The next run of non-blank characters of `text` (spaces or tabs separate); consumes it.
inline std::string_view next_field(std::string_view& text) {
    std::size_t i = 0;
    while (i < text.size() && is_blank_char(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_blank_char(text[i])) ++i;
    const std::string_view field = text.substr(start, i - start);
    text.remove_prefix(i);
    return field;
}

// What a line reader answers for a valid line that holds no number (a NaN, say): not bad, skipped.
inline constexpr std::string_view kSkippedLine = "skip";

// The loop of the one-sample-a-line formats (Graphite, OpenTSDB, Prometheus): blank lines and
// '#' comments are passed over; read(line, sample) answers "" for a sample, kSkippedLine, or
// the reason the line is bad.
template <class ReadFn>
ParsedMetrics parse_sample_lines(std::string_view text, ReadFn&& read) {
    ParsedMetrics result;
    for_each_line(text, [&](std::size_t number, std::string_view line) {
        line = trim_blanks(line);
        if (line.empty() || line.front() == '#') return;
        ++result.lines;
        Sample sample;
        const std::string_view error = read(line, sample);
        if (error == kSkippedLine) {
            ++result.skipped;
        } else if (!error.empty()) {
            result.count_bad(number, error);
        } else {
            result.keep(std::move(sample));
        }
    });
    return result;
}

}  // namespace niamd::metrics
