// The bounded in-situ stream every JSON parse of libawsrest reads through.
#include <catch2/catch.hpp>

#include <string>

#include "core/json_stream.hpp"

using awsrest::json_stream::BoundedInsituStream;

TEST_CASE("json_stream: reads stop at the end of the buffer, not at a terminator", "[core][json]") {
    std::string buffer = "ab";
    buffer.push_back('X');  // a byte past the end the stream is given: never read
    BoundedInsituStream stream(buffer.data(), 2);
    CHECK(stream.Take() == 'a');
    CHECK(stream.Peek() == 'b');
    CHECK(stream.Take() == 'b');
    CHECK(stream.Peek() == '\0');
    CHECK(stream.Take() == '\0');
    CHECK(stream.Take() == '\0');
    CHECK(stream.Tell() == 2);
}

TEST_CASE("json_stream: in-situ writes stop at the end of the buffer", "[core][json]") {
    std::string buffer = "abcX";
    BoundedInsituStream stream(buffer.data(), 3);
    (void)stream.Take();
    char* begin = stream.PutBegin();
    for (int i = 0; i < 5; ++i) stream.Put('z');
    CHECK(stream.PutEnd(begin) == 2);
    CHECK(buffer == "azzX");
}

namespace {
struct CountStrings : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, CountStrings> {
    int strings = 0;
    std::string last;
    bool String(const char* text, rapidjson::SizeType length, bool) {
        ++strings;
        last.assign(text, length);
        return true;
    }
};
}  // namespace

TEST_CASE("json_stream: parse reads strings, escapes and validates UTF-8 within the view", "[core][json]") {
    CountStrings handler;
    const std::string text = R"(["a\u00e9\n", "ok"]tail)";
    const auto parsed = awsrest::json_stream::parse<rapidjson::kParseValidateEncodingFlag>(
        std::string_view(text).substr(0, text.size() - 4), handler);
    CHECK_FALSE(parsed.result.IsError());
    CHECK(handler.strings == 2);
    CHECK(handler.last == "ok");

    for (const char* cut : {"[\"\xf3", "[\"\xf3\x80", "[\"\xf3\x80\x80", "[\"\xe2\x82", "[\"\\u00"}) {
        CountStrings partial;
        const auto bad = awsrest::json_stream::parse<rapidjson::kParseValidateEncodingFlag>(cut, partial);
        CHECK(bad.result.IsError());
        CHECK(bad.consumed <= std::string_view(cut).size());
    }
}
