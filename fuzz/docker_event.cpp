// Fuzzes the readers of the Docker Engine API's JSON (niamd/src/docker/engine_json.hpp): an
// /events object, /version's negotiation, the container list and a container.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "docker/engine_json.hpp"
#include "protocol/limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto event = niamd::docker::parse_engine_event(text);
    if (event.event) {
        if (!event.error.empty()) std::abort();
        if (event.event->kind.rfind("docker.", 0) != 0 ||
            event.event->kind.size() > niamd::protocol::kMaxEventKindBytes) {
            std::abort();
        }
        if (event.event->id.size() > niamd::protocol::kMaxFieldBytes) std::abort();
        for (const auto& field : event.event->fields) {
            if (field.value.empty() || field.value.size() > 255) std::abort();
        }
    }
    const auto negotiated = niamd::docker::negotiate_api_version(text);
    if (negotiated.version.has_value() == !negotiated.error.empty()) std::abort();
    if (negotiated.version && (*negotiated.version > niamd::docker::kHighestApiVersion ||
                               *negotiated.version < niamd::docker::kLowestApiVersion)) {
        std::abort();
    }
    std::string error;
    (void)niamd::docker::parse_container_list(text, error);
    (void)niamd::docker::parse_container_detail(text, error);
    (void)niamd::docker::engine_error_message(text);
    return 0;
}
