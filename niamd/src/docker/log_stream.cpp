#include "docker/log_stream.hpp"

namespace niamd::docker {

std::string_view stream_name(Stream stream) { return stream == Stream::Stderr ? "stderr" : "stdout"; }

LogStream::LogStream(bool tty, std::size_t max_line) : tty_(tty), max_line_(max_line == 0 ? 1 : max_line) {}

void LogStream::end_line(Stream stream, std::vector<StreamLine>& out) {
    Pending& pending = pending_[static_cast<int>(stream)];
    StreamLine line;
    line.stream = stream;
    line.text = std::move(pending.text);
    line.cut_bytes = pending.cut;
    if (line.cut_bytes == 0 && !line.text.empty() && line.text.back() == '\r') line.text.pop_back();
    out.push_back(std::move(line));
    pending = Pending{};
}

void LogStream::take_text(Stream stream, std::string_view text, std::vector<StreamLine>& out) {
    Pending& pending = pending_[static_cast<int>(stream)];
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        const std::string_view piece = text.substr(0, newline);
        const std::size_t room = max_line_ - pending.text.size();
        if (piece.size() <= room) {
            pending.text.append(piece);
        } else {
            pending.text.append(piece.substr(0, room));
            pending.cut += piece.size() - room;
        }
        if (newline == std::string_view::npos) return;
        end_line(stream, out);
        text.remove_prefix(newline + 1);
    }
}

void LogStream::feed(std::string_view bytes, std::vector<StreamLine>& out) {
    if (failed()) return;
    if (tty_) return take_text(Stream::Stdout, bytes, out);
    while (!bytes.empty()) {
        if (payload_left_ > 0) {
            const std::size_t take = bytes.size() < payload_left_ ? bytes.size() : payload_left_;
            take_text(payload_stream_, bytes.substr(0, take), out);
            payload_left_ -= static_cast<std::uint32_t>(take);
            bytes.remove_prefix(take);
            continue;
        }
        while (header_have_ < sizeof header_ && !bytes.empty()) {
            header_[header_have_++] = static_cast<unsigned char>(bytes.front());
            bytes.remove_prefix(1);
        }
        if (header_have_ < sizeof header_) return;
        header_have_ = 0;
        if (header_[0] > 2 || header_[1] != 0 || header_[2] != 0 || header_[3] != 0) {
            error_ = "a log frame header does not read (stream byte " + std::to_string(header_[0]) + ", padding " +
                     std::to_string(header_[1]) + " " + std::to_string(header_[2]) + " " + std::to_string(header_[3]) +
                     "): not the multiplexed stream of a container without a TTY";
            return;
        }
        payload_stream_ = header_[0] == 2 ? Stream::Stderr : Stream::Stdout;
        payload_left_ = (std::uint32_t{header_[4]} << 24) | (std::uint32_t{header_[5]} << 16) |
                        (std::uint32_t{header_[6]} << 8) | std::uint32_t{header_[7]};
    }
}

void LogStream::finish(std::vector<StreamLine>& out) {
    if (failed()) return;
    for (const Stream stream : {Stream::Stdout, Stream::Stderr}) {
        const Pending& pending = pending_[static_cast<int>(stream)];
        if (!pending.text.empty() || pending.cut > 0) end_line(stream, out);
    }
}

}  // namespace niamd::docker
