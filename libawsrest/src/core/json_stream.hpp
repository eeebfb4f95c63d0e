#pragma once
// RapidJSON's SAX reader over text that ends where the input ends.
//
// RapidJSON's own InsituStringStream trusts a terminating NUL: it never looks at where the
// buffer ends. Its UTF-8 validation takes a whole multi-byte sequence before checking any
// byte of it, so a body cut inside a sequence ("...\"me\xf3s") read past the terminator and
// off the end of the heap buffer. Every JSON parse in libawsrest goes through `parse` below,
// whose stream answers '\0' (RapidJSON's end of input) at the end and never moves past it.

#include <rapidjson/reader.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace awsrest::json_stream {

// An in-situ stream over [begin, end): reads stop at `end`, and writes (which in-situ parsing
// makes behind the read position) are refused at `end` as well.
class BoundedInsituStream {
  public:
    using Ch = char;

    BoundedInsituStream(char* begin, std::size_t size) noexcept : src_(begin), head_(begin), end_(begin + size) {}

    Ch Peek() const noexcept { return src_ < end_ ? *src_ : '\0'; }
    Ch Take() noexcept { return src_ < end_ ? *src_++ : '\0'; }
    std::size_t Tell() const noexcept { return static_cast<std::size_t>(src_ - head_); }

    void Put(Ch c) noexcept {
        if (dst_ != nullptr && dst_ < end_) *dst_++ = c;
    }
    Ch* PutBegin() noexcept { return dst_ = src_; }
    std::size_t PutEnd(Ch* begin) const noexcept { return static_cast<std::size_t>(dst_ - begin); }
    void Flush() noexcept {}

    Ch* Push(std::size_t count) noexcept {
        Ch* begin = dst_;
        dst_ += count;
        return begin;
    }
    void Pop(std::size_t count) noexcept { dst_ -= count; }

  private:
    Ch* src_;
    Ch* dst_ = nullptr;
    Ch* head_;
    Ch* end_;
};

struct Parsed {
    rapidjson::ParseResult result;
    std::size_t consumed = 0;  // bytes read; less than the input when a NUL byte ended it early
};

// Parses a copy of `text` in place with `Flags` (kParseInsituFlag is added), feeding `handler`.
// The handler's string pointers are valid only during its call.
template <unsigned Flags, typename Handler>
Parsed parse(std::string_view text, Handler& handler) {
    std::string buffer(text);
    BoundedInsituStream stream(buffer.data(), buffer.size());
    rapidjson::Reader reader;
    Parsed parsed;
    parsed.result = reader.Parse<Flags | rapidjson::kParseInsituFlag>(stream, handler);
    parsed.consumed = stream.Tell();
    return parsed;
}

}  // namespace awsrest::json_stream

namespace rapidjson {
template <>
struct StreamTraits<awsrest::json_stream::BoundedInsituStream> {
    enum { copyOptimization = 1 };
};
}  // namespace rapidjson
