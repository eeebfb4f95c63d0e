// Fuzzes the S3 answer readers: ListObjectsV2 XML, and the header values read from
// GetObject/HeadObject/PutObject answers (times, lengths, url-encoded names).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/time_text.hpp"
#include "s3/s3_address.hpp"
#include "s3/s3_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)awsrest::s3::parse_list_objects_v2(text);

    (void)awsrest::time_text::parse_http_date(text, awsrest::time_text::HttpDateForms::ImfFixdate);
    (void)awsrest::time_text::parse_iso8601_utc(text, awsrest::time_text::IsoUtcForms::ZuluOnly);
    (void)awsrest::s3::url_decode(text);

    awsrest::Response response;
    response.status = 200;
    const std::string value(text.substr(0, 256));
    response.headers = {
        {"ETag", value}, {"Last-Modified", value}, {"Content-Length", value}, {"x-amz-meta-" + value, value}};
    (void)awsrest::s3::head_object_result(response);
    (void)awsrest::s3::put_object_result(response);
    (void)awsrest::s3::get_object_result(std::move(response));
    return 0;
}
