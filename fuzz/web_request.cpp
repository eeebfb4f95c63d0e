// Fuzzes what a connection to the web interface sends before any handler runs: the
// framing of a request within bounds (request_head.hpp), the Host check against DNS
// rebinding (host_header.hpp), and the text a log or page shows of outside names
// (text/display_text.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "text/display_text.hpp"
#include "text/utf8.hpp"
#include "web/host_header.hpp"
#include "web/request_head.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    // Bounds hold whatever arrives: a whole request fits them and the bytes sent.
    niamd::web::RequestBounds bounds;
    bounds.max_request_line = 64;
    bounds.max_header_line = 64;
    bounds.max_header_lines = 8;
    bounds.max_head_bytes = 256;
    bounds.max_body_bytes = 32;
    const auto scanned = niamd::web::scan_request(input, bounds);
    if (scanned.scan == niamd::web::RequestScan::Complete) {
        if (scanned.request_bytes > size || scanned.request_bytes > bounds.max_head_bytes + bounds.max_body_bytes) {
            __builtin_trap();
        }
        // A whole request stays whole whatever follows it (pipelining).
        const auto again = niamd::web::scan_request(input.substr(0, scanned.request_bytes), bounds);
        if (again.scan != niamd::web::RequestScan::Complete || again.request_bytes != scanned.request_bytes) {
            __builtin_trap();
        }
    } else if (scanned.scan == niamd::web::RequestScan::Incomplete) {
        if (size > bounds.max_head_bytes + bounds.max_body_bytes) __builtin_trap();  // would buffer past the bounds
    } else if (scanned.status < 400 || scanned.status > 431 || scanned.reason.empty()) {
        __builtin_trap();
    }

    // An allowed Host names loopback or the one configured name, nothing longer.
    if (niamd::web::host_header_allowed(input, {"monitor.example"})) {
        const bool named =
            input.find("127.") != std::string_view::npos || input.find("::1") != std::string_view::npos ||
            input.find_first_of("lL") != std::string_view::npos || input.find_first_of("mM") != std::string_view::npos;
        if (!named || input.size() > 300) __builtin_trap();
    }

    // What a log line shows: no control character, no hidden control, valid UTF-8.
    const std::string shown = niamd::text::log_safe(input);
    for (std::size_t i = 0; i < shown.size();) {
        const std::size_t length = niamd::text::utf8_sequence_length(shown, i);
        const auto byte = static_cast<unsigned char>(shown[i]);
        if (length == 0 || byte < 0x20 || byte == 0x7f) __builtin_trap();
        char32_t code = byte;
        if (length > 1) {
            code = byte & (0x7F >> length);
            for (std::size_t k = 1; k < length; ++k)
                code = code << 6 | (static_cast<unsigned char>(shown[i + k]) & 0x3F);
        }
        if (niamd::text::is_hidden_control(code)) __builtin_trap();
        i += length;
    }
    return 0;
}
