// Reading the SigV4 test suite's files and comparing signed requests. Test-only.
#pragma once

#include <awsrest/request.hpp>
#include <awsrest/signer.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace suite {

namespace fs = std::filesystem;

inline fs::path root() { return fs::path(NIAM_TEST_DATA) / "sigv4"; }

// The file's bytes exactly (no newline handling).
inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read test data file " + path.string());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string without_trailing_newline(std::string text) {
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

// Sub-folders, sorted, so that runs and failures are in a stable order.
inline std::vector<fs::path> sub_folders(const fs::path& folder) {
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.is_directory()) folders.push_back(entry.path());
    }
    std::sort(folders.begin(), folders.end());
    return folders;
}

inline awsrest::Request read_request(const fs::path& path) {
    auto parsed = awsrest::parse_raw_request(read_file(path), path.string());
    if (!parsed) throw std::runtime_error(parsed.error().message);
    return std::move(parsed).value();
}

inline awsrest::TimePoint time_of(std::string_view text) {
    auto time = awsrest::parse_amz_date(text);
    if (!time) throw std::runtime_error(time.error().message);
    return *time;
}

inline std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

inline std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

// A request in a form where header order (and, for presigned URLs, parameter order)
// does not matter: names lowercased (HTTP names are case-insensitive), values without
// the optional whitespace around them.
inline std::string comparable(const awsrest::Request& request, bool query_as_set) {
    std::vector<std::string> headers;
    for (const auto& header : request.headers) headers.push_back(lower(header.name) + ":" + trimmed(header.value));
    std::sort(headers.begin(), headers.end());
    std::vector<std::string> parameters;
    if (query_as_set) {
        std::stringstream query(request.query);
        std::string piece;
        while (std::getline(query, piece, '&')) parameters.push_back(piece);
        std::sort(parameters.begin(), parameters.end());
    } else {
        parameters.push_back(request.query);
    }
    std::string out = request.method + " " + request.path + "\nquery:";
    for (const auto& parameter : parameters) out += "\n  " + parameter;
    out += "\nheaders:";
    for (const auto& header : headers) out += "\n  " + header;
    out += "\nbody:" + request.body;
    return out;
}

}  // namespace suite
