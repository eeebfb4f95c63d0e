// Fuzzes the SNS answer readers (Publish, CreateTopic, Subscribe XML).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sns/sns_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)awsrest::sns::parse_publish_response(text);
    (void)awsrest::sns::parse_create_topic_response(text);
    (void)awsrest::sns::parse_subscribe_response(text);
    return 0;
}
