#include "web/web_assets.hpp"

namespace niamd::web {

const Asset* find_asset(std::string_view name) noexcept {
    for (const Asset& asset : embedded_assets()) {
        if (asset.name == name) return &asset;
    }
    return nullptr;
}

std::string_view content_type_for(std::string_view name) noexcept {
    if (name.ends_with(".html")) return "text/html; charset=utf-8";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    if (name.ends_with(".svg")) return "image/svg+xml";
    return "application/octet-stream";
}

}  // namespace niamd::web
