// Endpoints written the way the original niam command line takes them (a bare host, maybe a
// legacy one like "eu-west-1.queue.amazonaws.com") and the region such a host names.
#include <string>
#include <vector>

#include "awsrest/endpoints.hpp"
#include "core/ascii.hpp"
#include "endpoints/names.hpp"

namespace awsrest {

bool looks_like_region(std::string_view text) noexcept {
    // letters, then one or more "-letters", then "-digits": "eu-west-1", "us-gov-west-1".
    constexpr std::size_t kMaxRegion = 32;
    if (text.size() > kMaxRegion) return false;
    std::size_t i = 0;
    const auto letters = [&] {
        const std::size_t start = i;
        while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
        return i - start;
    };
    if (letters() < 2) return false;
    int word_parts = 0;
    while (i < text.size() && text[i] == '-') {
        ++i;
        if (letters() == 0) break;
        ++word_parts;
    }
    if (word_parts == 0 || i == 0 || text[i - 1] != '-') return false;
    const std::size_t digits_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > digits_start && i == text.size();
}

namespace {

std::vector<std::string_view> split_labels(std::string_view host) {
    std::vector<std::string_view> labels;
    std::size_t start = 0;
    while (start <= host.size()) {
        const std::size_t dot = host.find('.', start);
        const std::size_t end = dot == std::string_view::npos ? host.size() : dot;
        labels.push_back(host.substr(start, end - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return labels;
}

// The region an AWS host name carries, if any. `host` is lower case.
std::optional<std::string> region_of_host(std::string_view service, std::string_view host) {
    std::string_view rest = host;
    bool found_suffix = false;
    for (std::string_view suffix : {std::string_view(".amazonaws.com"), std::string_view(".amazonaws.com.cn")}) {
        if (rest.size() > suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
            rest.remove_suffix(suffix.size());
            found_suffix = true;
            break;
        }
    }
    if (!found_suffix) return std::nullopt;
    const std::vector<std::string_view> labels = split_labels(rest);
    const std::string_view last = labels.back();

    // "<service>.<region>.amazonaws.com", "bucket.s3.<region>", "s3.dualstack.<region>".
    if (looks_like_region(last)) return std::string(last);
    // "<region>.queue.amazonaws.com", and "queue.amazonaws.com" for us-east-1.
    if (last == "queue") {
        if (labels.size() >= 2 && looks_like_region(labels[labels.size() - 2])) {
            return std::string(labels[labels.size() - 2]);
        }
        if (labels.size() == 1) return std::string("us-east-1");
        return std::nullopt;
    }
    // "s3-<region>.amazonaws.com", "s3-external-1.amazonaws.com", "s3.amazonaws.com".
    if (last.substr(0, 3) == "s3-") {
        if (looks_like_region(last.substr(3))) return std::string(last.substr(3));
        if (last == "s3-external-1") return std::string("us-east-1");
        return std::nullopt;
    }
    if (last == "s3") return std::string("us-east-1");
    // Global names of other services ("sts.amazonaws.com", "ec2.amazonaws.com") sign for us-east-1.
    if (labels.size() == 1 && last == service) return std::string("us-east-1");
    return std::nullopt;
}

}  // namespace

Result<LegacyEndpoint> endpoint_from_legacy_host(std::string_view service, std::string_view text) {
    const std::string_view trimmed = endpoints::trim(text);
    if (trimmed.empty()) return make_error(ErrorKind::InvalidArgument, "empty endpoint for " + std::string(service));
    std::string url(trimmed);
    if (url.find("://") == std::string::npos) url = "https://" + url;
    auto parsed = parse_url(url);
    if (!parsed) {
        Error error = std::move(parsed).error();
        error.message = "endpoint '" + endpoints::shown(trimmed) + "': " + error.message;
        return error;
    }
    LegacyEndpoint legacy;
    legacy.endpoint = std::move(parsed->endpoint);
    legacy.endpoint.host = ascii::to_lower(legacy.endpoint.host);
    legacy.region = region_of_host(ascii::to_lower(service), legacy.endpoint.host);
    return legacy;
}

}  // namespace awsrest
