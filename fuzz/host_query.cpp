// Fuzzes what /api/hosts reads from a request (web/host_pages.hpp): its parameters and the
// cursor. Input: lines of `name=value` (state, q, sort, limit, cursor, since). A cursor that
// decodes encodes back to the same text; a query parsed is within its bounds; an error names
// its parameter. The parsed query is run against a small index: the page is bounded too.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "web/host_pages.hpp"

namespace {

std::shared_ptr<const niamd::master::MasterSnapshot> snapshot() {
    static const auto made = [] {
        auto taken = std::make_shared<niamd::master::MasterSnapshot>();
        for (const char* name : {"a:1", "db-1", "web-1", "web-2"}) {
            niamd::master::HostView view;
            view.host.key = {name, "i-0"};
            view.host.last_ping = 1700000000 - static_cast<int>(std::string_view(name).size());
            if (std::string_view(name) == "web-2") view.host.status = niamd::store::HostStatus::Missing;
            taken->hosts.push_back(view);
        }
        return std::shared_ptr<const niamd::master::MasterSnapshot>(taken);
    }();
    return made;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    niamd::web::HostQueryText text;
    std::size_t start = 0;
    while (start <= input.size()) {
        const std::size_t end = std::min(input.find('\n', start), input.size());
        const std::string_view line = input.substr(start, end - start);
        const std::size_t eq = line.find('=');
        const std::string_view name = line.substr(0, eq);
        const std::string value(eq == std::string_view::npos ? std::string_view() : line.substr(eq + 1));
        if (name == "state") text.state = value;
        else if (name == "q") text.q = value;
        else if (name == "sort") text.sort = value;
        else if (name == "limit") text.limit = value;
        else if (name == "cursor") text.cursor = value;
        else if (name == "since") text.since = value;
        start = end + 1;
    }
    if (text.cursor) {
        if (const auto cursor = niamd::web::decode_cursor(*text.cursor)) {
            if (niamd::web::encode_cursor(*cursor) != *text.cursor) __builtin_trap();
        }
    }
    auto query = niamd::web::parse_host_query(text);
    if (!query) {
        if (query.error().message.find(':') == std::string::npos) __builtin_trap();
        return 0;
    }
    if (query->limit < 1 || query->limit > niamd::web::kHostPageMax) __builtin_trap();
    if (query->q.size() > niamd::web::kHostSearchMaxChars) __builtin_trap();
    static niamd::web::HostPages pages(1000);
    const auto index = pages.index(snapshot(), 1700000000);
    const std::string page = niamd::web::host_page_json(*index, *query);
    if (page.empty() || page.front() != '{' || page.back() != '}') __builtin_trap();
    return 0;
}
