// The pages, styles and scripts of the web interface, embedded in the binary at build
// time from niamd/src/web/assets/ (niamd/src/web/embed_assets.cmake): nothing is read
// from disk or fetched from elsewhere at run time.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace niamd::web {

struct Asset {
    std::string_view name;  // file name, e.g. "dashboard.js"
    std::string_view body;
};

// Every embedded file (generated code).
std::span<const Asset> embedded_assets() noexcept;

// The asset of that file name, or nullptr.
const Asset* find_asset(std::string_view name) noexcept;

// "text/html; charset=utf-8", "text/javascript; charset=utf-8", ... by file extension.
std::string_view content_type_for(std::string_view name) noexcept;

}  // namespace niamd::web
