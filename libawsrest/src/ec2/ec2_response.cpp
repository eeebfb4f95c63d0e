#include "ec2/ec2_response.hpp"

#include <charconv>
#include <string>

#include "core/excerpt.hpp"
#include "core/time_text.hpp"
#include "core/xml_answer.hpp"

namespace awsrest::ec2 {

namespace {

constexpr std::string_view kOperation = "EC2.DescribeInstances";

Error parse_error(const std::string& what) { return xml_answer::parse_error(kOperation, what); }

// A value from the answer, cut short and without control characters, for an error message.
std::string quoted(std::string_view text) {
    constexpr std::size_t kShown = 64;
    return "'" + excerpt::shown(text, kShown) + "'";
}

Result<Ec2Instance> read_instance(const pugi::xml_node& item) {
    Ec2Instance instance;
    instance.instance_id = item.child_value("instanceId");
    if (instance.instance_id.empty()) return parse_error("an instance in the answer has no <instanceId>");
    const std::string context = " of instance " + quoted(instance.instance_id);

    instance.instance_type = item.child_value("instanceType");
    const pugi::xml_node state = item.child("instanceState");
    instance.state_name = state.child_value("name");
    const std::string_view code = state.child_value("code");
    if (!code.empty()) {
        const auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), instance.state_code);
        if (ec != std::errc() || end != code.data() + code.size()) {
            return parse_error("instanceState code " + quoted(code) + context + " is not a number");
        }
    }
    instance.private_ip = item.child_value("privateIpAddress");
    instance.public_ip = item.child_value("ipAddress");
    instance.availability_zone = item.child("placement").child_value("availabilityZone");

    const std::string_view launch = item.child_value("launchTime");
    if (!launch.empty()) {
        // No EC2 time is before 2006: years before 1970 are refused.
        const std::optional<TimePoint> time =
            time_text::parse_iso8601_utc(launch, time_text::IsoUtcForms::Rfc3339, time_text::kUnixEraYears);
        if (!time) return parse_error("launchTime " + quoted(launch) + context + " is not an ISO 8601 UTC time");
        instance.launch_time = *time;
    }

    std::size_t tags = 0;
    for (const pugi::xml_node& tag : item.child("tagSet").children("item")) {
        if (++tags > kMaxTagsPerInstance) {
            return parse_error("more than " + std::to_string(kMaxTagsPerInstance) + " tags" + context);
        }
        std::string key = tag.child_value("key");
        if (key.empty()) continue;
        instance.tags[std::move(key)] = tag.child_value("value");
    }
    if (auto name = instance.tags.find("Name"); name != instance.tags.end()) instance.name = name->second;
    return instance;
}

}  // namespace

Result<DescribeInstancesPage> parse_describe_instances(std::string_view body) {
    pugi::xml_document document;
    const auto loaded = xml_answer::load_root(document, body, kOperation, "DescribeInstancesResponse");
    if (!loaded) return loaded.error();
    const pugi::xml_node& root = *loaded;
    DescribeInstancesPage page;
    page.request_id = root.child_value("requestId");
    page.next_token = root.child_value("nextToken");
    if (page.next_token.size() > kMaxNextTokenBytes) {
        return parse_error("nextToken is longer than " + std::to_string(kMaxNextTokenBytes) + " bytes");
    }
    for (const pugi::xml_node& reservation : root.child("reservationSet").children("item")) {
        for (const pugi::xml_node& item : reservation.child("instancesSet").children("item")) {
            if (page.instances.size() >= kMaxInstancesPerPage) {
                return parse_error("more than " + std::to_string(kMaxInstancesPerPage) + " instances in one page");
            }
            auto instance = read_instance(item);
            if (!instance) return std::move(instance).error();
            page.instances.push_back(std::move(instance).value());
        }
    }
    return page;
}

}  // namespace awsrest::ec2
