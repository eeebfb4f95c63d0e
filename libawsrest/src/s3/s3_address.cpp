#include "s3/s3_address.hpp"

#include <algorithm>
#include <optional>

#include "core/ascii.hpp"
#include "signer/canonical.hpp"

namespace awsrest::s3 {

namespace {

bool is_lower_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// "192.168.5.4": four dot-separated groups of 1-3 digits.
bool looks_like_ipv4(std::string_view text) noexcept {
    int groups = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('.', start), text.size());
        const std::string_view group = text.substr(start, end - start);
        if (group.empty() || group.size() > 3 ||
            !std::all_of(group.begin(), group.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return false;
        }
        ++groups;
        start = end + 1;
    }
    return groups == 4;
}

}  // namespace

std::optional<std::string> url_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = ascii::hex_value(text[i + 1]);
            const int low = ascii::hex_value(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

bool is_ip_or_localhost(std::string_view host) noexcept {
    return host == "localhost" || (!host.empty() && host.front() == '[') || looks_like_ipv4(host);
}

Result<S3Location> locate(const Endpoint& endpoint, S3AddressingStyle style, std::string_view bucket,
                          std::string_view key, std::string_view operation) {
    const std::string prefix = std::string(operation) + ": ";
    if (bucket.empty()) return make_error(ErrorKind::InvalidArgument, prefix + "the bucket name is empty");
    if (bucket.size() > kMaxS3BucketBytes) {
        return make_error(ErrorKind::InvalidArgument,
                          prefix + "the bucket name is longer than " + std::to_string(kMaxS3BucketBytes) + " bytes");
    }
    if (key.size() > kMaxS3KeyBytes) {
        return make_error(ErrorKind::InvalidArgument,
                          prefix + "the key is longer than " + std::to_string(kMaxS3KeyBytes) + " bytes");
    }

    const bool dotted_over_tls = endpoint.scheme == "https" && bucket.find('.') != std::string_view::npos;
    const bool virtual_hosted = style == S3AddressingStyle::VirtualHosted && is_dns_compatible_bucket(bucket) &&
                                !dotted_over_tls && !is_ip_or_localhost(endpoint.host);

    S3Location location;
    location.endpoint = endpoint;
    location.virtual_hosted = virtual_hosted;
    location.path = endpoint.base_path + "/";
    if (virtual_hosted) {
        location.endpoint.host = std::string(bucket) + "." + endpoint.host;
    } else {
        signer_detail::append_uri_encoded(location.path, bucket, false);
        if (!key.empty()) location.path += "/";
    }
    signer_detail::append_uri_encoded(location.path, key, true);
    return location;
}

std::string encode_key(std::string_view key) {
    std::string out;
    signer_detail::append_uri_encoded(out, key, true);
    return out;
}

}  // namespace awsrest::s3

namespace awsrest {

bool is_dns_compatible_bucket(std::string_view bucket) noexcept {
    constexpr std::size_t kMinLength = 3;
    constexpr std::size_t kMaxLength = 63;
    if (bucket.size() < kMinLength || bucket.size() > kMaxLength) return false;
    if (!s3::is_lower_alnum(bucket.front()) || !s3::is_lower_alnum(bucket.back())) return false;
    for (std::size_t i = 0; i < bucket.size(); ++i) {
        const char c = bucket[i];
        if (!s3::is_lower_alnum(c) && c != '.' && c != '-') return false;
        if (i > 0 && bucket[i - 1] == '.' && (c == '.' || c == '-')) return false;
        if (i > 0 && bucket[i - 1] == '-' && c == '.') return false;
    }
    return !s3::looks_like_ipv4(bucket);
}

}  // namespace awsrest
