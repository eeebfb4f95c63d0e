// Fuzzes the demultiplexer of container logs (niamd/src/docker/log_stream.hpp): the first
// byte picks TTY or frames and where the bytes are split; every line stays within its bound,
// and the same bytes give the same lines whatever the split; colour codes only ever shorten a line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "docker/colour_codes.hpp"
#include "docker/log_stream.hpp"
#include "docker/log_timestamp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const bool tty = (data[0] & 1) != 0;
    const std::size_t max_line = 1 + (data[0] >> 1);
    const std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);
    const std::size_t split = bytes.empty() ? 0 : data[1] % (bytes.size() + 1);
    std::vector<niamd::docker::StreamLine> whole;
    std::vector<niamd::docker::StreamLine> pieces;
    niamd::docker::LogStream one(tty, max_line);
    one.feed(bytes, whole);
    one.finish(whole);
    niamd::docker::LogStream two(tty, max_line);
    two.feed(bytes.substr(0, split), pieces);
    two.feed(bytes.substr(split), pieces);
    two.finish(pieces);
    if (whole != pieces || one.failed() != two.failed()) std::abort();
    for (const auto& line : whole) {
        if (line.text.size() > max_line) std::abort();
        (void)niamd::docker::split_log_timestamp(line.text);
        if (niamd::docker::without_colour_codes(line.text).size() > line.text.size()) std::abort();
    }
    return 0;
}
