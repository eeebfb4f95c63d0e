// Every CloudWatch Logs answer parser (AWS JSON 1.1) on the same input, and the AWS error
// reader on it as the body of a 400. Seeds: fuzz/corpus/logs_json_response/ (the API
// Reference examples and the error answers the local stack's fake sends).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "awsrest/aws_client.hpp"
#include "logs/logs_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace awsrest::logs;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    for (const std::size_t events : {std::size_t{0}, std::size_t{1}, std::size_t{10000}}) {
        if (auto put = parse_put_log_events(body, events); put.ok()) {
            if (put->accepted + put->rejected() != events) __builtin_trap();
        }
    }
    (void)parse_get_log_events(body);
    (void)parse_describe_log_streams(body);
    awsrest::Response response;
    response.status = 400;
    response.headers = {{"Content-Type", "application/x-amz-json-1.1"}};
    response.body = std::string(body);
    (void)awsrest::error_from_response(response, "CloudWatchLogs.PutLogEvents");
    return 0;
}
