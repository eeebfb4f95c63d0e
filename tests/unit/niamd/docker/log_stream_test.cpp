// The container logs' stream: 8-byte frames (no TTY) or raw bytes (TTY), fed in any pieces.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "docker/log_stream.hpp"

using niamd::docker::LogStream;
using niamd::docker::Stream;
using niamd::docker::StreamLine;

namespace {

std::string frame(unsigned char stream, const std::string& payload) {
    std::string out(8, '\0');
    out[0] = static_cast<char>(stream);
    const auto size = static_cast<std::uint32_t>(payload.size());
    out[4] = static_cast<char>(size >> 24);
    out[5] = static_cast<char>((size >> 16) & 0xff);
    out[6] = static_cast<char>((size >> 8) & 0xff);
    out[7] = static_cast<char>(size & 0xff);
    return out + payload;
}

StreamLine line(Stream stream, std::string text, std::uint64_t cut = 0) {
    StreamLine out;
    out.stream = stream;
    out.text = std::move(text);
    out.cut_bytes = cut;
    return out;
}

std::vector<StreamLine> read_in_pieces(bool tty, std::size_t max_line, const std::string& bytes,
                                       const std::vector<std::size_t>& cuts) {
    LogStream stream(tty, max_line);
    std::vector<StreamLine> out;
    std::size_t from = 0;
    for (const std::size_t cut : cuts) {
        stream.feed(std::string_view(bytes).substr(from, cut - from), out);
        from = cut;
    }
    stream.feed(std::string_view(bytes).substr(from), out);
    stream.finish(out);
    return out;
}

}  // namespace

TEST_CASE("docker logs: frames give stdout and stderr lines whatever the split of the bytes") {
    // A line split over two frames, an empty line, a CRLF line, a last line without '\n'.
    const std::string bytes = frame(1, "hello\n") + frame(2, "warn: disk") + frame(1, "world\n\n") +
                              frame(2, " low\r\n") + frame(0, "typed\n") + frame(1, "last");
    const std::vector<StreamLine> expected = {line(Stream::Stdout, "hello"), line(Stream::Stdout, "world"),
                                              line(Stream::Stdout, ""),      line(Stream::Stderr, "warn: disk low"),
                                              line(Stream::Stdout, "typed"), line(Stream::Stdout, "last")};
    CHECK(read_in_pieces(false, 1024, bytes, {}) == expected);
    for (std::size_t i = 0; i <= bytes.size(); ++i) {
        for (std::size_t j = i; j <= bytes.size(); ++j) {
            INFO("split at " << i << " and " << j);
            REQUIRE(read_in_pieces(false, 1024, bytes, {i, j}) == expected);
        }
    }
    std::vector<std::size_t> every_byte;
    for (std::size_t i = 1; i < bytes.size(); ++i) every_byte.push_back(i);
    CHECK(read_in_pieces(false, 1024, bytes, every_byte) == expected);
}

TEST_CASE("docker logs: a TTY container's raw stream is all stdout and its bytes are never read as frames") {
    const std::string bytes = std::string("\x01\x00\x00\x00", 4) + "raw\r\nsecond\n";
    const std::vector<StreamLine> expected = {line(Stream::Stdout, std::string("\x01\x00\x00\x00raw", 7)),
                                              line(Stream::Stdout, "second")};
    for (std::size_t i = 0; i <= bytes.size(); ++i) {
        INFO("split at " << i);
        CHECK(read_in_pieces(true, 1024, bytes, {i}) == expected);
    }
    // The same bytes as frames: the first header's padding does not read.
    LogStream framed(false, 1024);
    std::vector<StreamLine> out;
    framed.feed(std::string("\x01\x00\x00\x01", 4) + "raw\r\nsecond\n", out);
    CHECK(framed.failed());
}

TEST_CASE("docker logs: a line longer than the bound is cut and the rest counted, in any split") {
    const std::string bytes = frame(1, std::string(10, 'a')) + frame(1, std::string(5, 'b') + "\nok\n") +
                              frame(2, std::string(30, 'e') + "\n");
    const std::vector<StreamLine> expected = {line(Stream::Stdout, "aaaaaaaa", 7), line(Stream::Stdout, "ok"),
                                              line(Stream::Stderr, "eeeeeeee", 22)};
    for (std::size_t i = 0; i <= bytes.size(); ++i) {
        INFO("split at " << i);
        CHECK(read_in_pieces(false, 8, bytes, {i}) == expected);
    }
}

TEST_CASE("docker logs: a header that does not read stops the stream with a reason") {
    LogStream stream(false, 1024);
    std::vector<StreamLine> out;
    stream.feed(frame(1, "fine\n") + frame(7, "bad\n") + frame(1, "after\n"), out);
    CHECK(stream.failed());
    CHECK(stream.error().find("stream byte 7") != std::string::npos);
    REQUIRE(out.size() == 1);
    CHECK(out[0].text == "fine");
    stream.feed(frame(1, "more\n"), out);
    stream.finish(out);
    CHECK(out.size() == 1);
}
