// Fuzzes the EC2 DescribeInstances answer parser: any bytes give a page or a Parse error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ec2/ec2_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto page = awsrest::ec2::parse_describe_instances(body);
    if (page.ok()) {
        for (const auto& instance : page->instances) {
            if (instance.instance_id.empty()) __builtin_trap();  // the parser promises an id
        }
    } else if (page.error().kind != awsrest::ErrorKind::Parse) {
        __builtin_trap();
    }
    return 0;
}
