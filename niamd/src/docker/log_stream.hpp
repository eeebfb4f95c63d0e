// LogStream: the body of GET /containers/{id}/logs turned into lines, fed arbitrary pieces
// of bytes as they arrive.
//
// A container without a TTY answers with the multiplexed stream: frames of an 8-byte header
// (stream byte 0 stdin, 1 stdout, 2 stderr; three zero bytes; the payload's length, a
// big-endian uint32) and the payload. A container with a TTY answers with the raw stream
// (all of it stdout). Which one is decided by the container's Config.Tty, never by the
// answer's Content-Type. Lines end at '\n' (a '\r' before it is dropped); a line longer than
// max_line bytes is cut there, the rest of it counted in cut_bytes and skipped up to its end,
// so memory never grows past max_line per stream. A header that does not read (stream byte
// above 2, non-zero padding) stops the stream: failed() and error() say why.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::docker {

// LOG_MAX_LINE's default (the host config's bound on one log line): a longer line is cut.
inline constexpr std::size_t kDefaultMaxLineBytes = 16 * 1024;

enum class Stream { Stdout, Stderr };

std::string_view stream_name(Stream stream);

struct StreamLine {
    Stream stream = Stream::Stdout;
    std::string text;             // without its end of line
    std::uint64_t cut_bytes = 0;  // bytes of the line past max_line, dropped

    friend bool operator==(const StreamLine&, const StreamLine&) = default;
};

class LogStream {
  public:
    LogStream(bool tty, std::size_t max_line);

    // Appends the complete lines found in `bytes` to `out`. After a failure it adds nothing.
    void feed(std::string_view bytes, std::vector<StreamLine>& out);
    // At the end of the body: a last line without its '\n' (the container's stream ended).
    void finish(std::vector<StreamLine>& out);

    bool failed() const noexcept { return !error_.empty(); }
    const std::string& error() const noexcept { return error_; }

  private:
    struct Pending {
        std::string text;
        std::uint64_t cut = 0;
    };
    void take_text(Stream stream, std::string_view text, std::vector<StreamLine>& out);
    void end_line(Stream stream, std::vector<StreamLine>& out);

    bool tty_;
    std::size_t max_line_;
    Pending pending_[2];
    unsigned char header_[8] = {};
    std::size_t header_have_ = 0;
    std::uint32_t payload_left_ = 0;
    Stream payload_stream_ = Stream::Stdout;
    std::string error_;
};

}  // namespace niamd::docker
