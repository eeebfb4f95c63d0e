#include "s3/s3_response.hpp"

#include <charconv>
#include <string>

#include "core/ascii.hpp"
#include "core/excerpt.hpp"
#include "core/time_text.hpp"
#include "core/xml_answer.hpp"
#include "s3/s3_address.hpp"

namespace awsrest::s3 {

namespace {

constexpr std::string_view kListOperation = "S3.ListObjectsV2";
constexpr std::string_view kMetaPrefix = "x-amz-meta-";

using xml_answer::parse_error;

// Remote text as it may appear in a message: one line, bounded.
std::string shown(std::string_view text) {
    constexpr std::size_t kMaxShownBytes = 120;
    return excerpt::shown(text, kMaxShownBytes);
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string child_text(const pugi::xml_node& node, const char* name) { return node.child(name).text().get(); }

// A listed name, decoded when the listing is url-encoded.
Result<std::string> listed_name(const pugi::xml_node& node, const char* name, bool url_encoded) {
    std::string text = child_text(node, name);
    if (!url_encoded) return text;
    auto decoded = url_decode(text);
    if (!decoded) {
        return parse_error(kListOperation, std::string("<") + name + "> is not url-encoded: '" + shown(text) + "'");
    }
    return std::move(*decoded);
}

Result<S3Object> parse_listed_object(const pugi::xml_node& node, bool url_encoded) {
    S3Object object;
    auto key = listed_name(node, "Key", url_encoded);
    if (!key) return std::move(key).error();
    object.key = std::move(*key);
    if (object.key.empty()) return parse_error(kListOperation, "a <Contents> entry has no <Key>");

    const std::string size = child_text(node, "Size");
    const auto parsed_size = parse_unsigned(size);
    if (!parsed_size) {
        return parse_error(kListOperation,
                           "<Size> of key '" + shown(object.key) + "' is not a number: '" + shown(size) + "'");
    }
    object.size = *parsed_size;

    const std::string modified = child_text(node, "LastModified");
    if (!modified.empty()) {
        object.last_modified = time_text::parse_iso8601_utc(modified, time_text::IsoUtcForms::ZuluOnly);
        if (!object.last_modified) {
            return parse_error(kListOperation, "<LastModified> of key '" + shown(object.key) +
                                                   "' is not an ISO 8601 time: '" + shown(modified) + "'");
        }
    }
    object.etag = child_text(node, "ETag");
    object.storage_class = child_text(node, "StorageClass");
    return object;
}

}  // namespace

Result<ListObjectsV2Result> parse_list_objects_v2(std::string_view body) {
    pugi::xml_document document;
    // parse_ws_pcdata_single keeps a key made only of spaces.
    const auto loaded = xml_answer::load_root(document, body, kListOperation, "ListBucketResult",
                                              pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!loaded) return loaded.error();
    const pugi::xml_node& root = *loaded;
    const bool url_encoded = child_text(root, "EncodingType") == "url";

    ListObjectsV2Result result;
    std::size_t entries = 0;
    for (const pugi::xml_node node : root.children()) {
        const std::string_view name = node.name();
        if (name != "Contents" && name != "CommonPrefixes") continue;
        if (++entries > kMaxListPageEntries) {
            return parse_error(kListOperation,
                               "more than " + std::to_string(kMaxListPageEntries) + " entries in one page");
        }
        if (name == "Contents") {
            auto object = parse_listed_object(node, url_encoded);
            if (!object) return std::move(object).error();
            result.objects.push_back(std::move(*object));
        } else {
            auto prefix = listed_name(node, "Prefix", url_encoded);
            if (!prefix) return std::move(prefix).error();
            result.common_prefixes.push_back(std::move(*prefix));
        }
    }

    const std::string truncated = child_text(root, "IsTruncated");
    if (truncated != "true" && truncated != "false") {
        return parse_error(kListOperation, "<IsTruncated> is not true or false: '" + shown(truncated) + "'");
    }
    result.is_truncated = truncated == "true";
    result.next_continuation_token = child_text(root, "NextContinuationToken");

    const std::string key_count = child_text(root, "KeyCount");
    if (key_count.empty()) {
        result.key_count = static_cast<int>(entries);
    } else {
        const auto parsed = parse_unsigned(key_count);
        if (!parsed || *parsed > kMaxListPageEntries) {
            return parse_error(kListOperation, "<KeyCount> is not a count: '" + shown(key_count) + "'");
        }
        result.key_count = static_cast<int>(*parsed);
    }
    return result;
}

S3Metadata user_metadata(const Headers& headers) {
    S3Metadata metadata;
    for (const auto& header : headers) {
        if (header.name.size() <= kMetaPrefix.size() || !ascii::istarts_with(header.name, kMetaPrefix)) continue;
        std::string name = header.name.substr(kMetaPrefix.size());
        for (char& c : name) c = ascii::to_lower(c);
        metadata.emplace(std::move(name), header.value);
    }
    return metadata;
}

GetObjectResult get_object_result(Response&& response) {
    GetObjectResult result;
    result.etag = std::string(response.header("ETag").value_or(""));
    result.content_type = std::string(response.header("Content-Type").value_or(""));
    if (const auto modified = response.header("Last-Modified")) {
        result.last_modified = time_text::parse_http_date(*modified, time_text::HttpDateForms::ImfFixdate);
    }
    result.metadata = user_metadata(response.headers);
    result.body = std::move(response.body);
    return result;
}

Result<HeadObjectResult> head_object_result(const Response& response) {
    HeadObjectResult result;
    result.etag = std::string(response.header("ETag").value_or(""));
    result.content_type = std::string(response.header("Content-Type").value_or(""));
    if (const auto modified = response.header("Last-Modified")) {
        result.last_modified = time_text::parse_http_date(*modified, time_text::HttpDateForms::ImfFixdate);
    }
    result.metadata = user_metadata(response.headers);
    if (const auto length = response.header("Content-Length")) {
        const auto parsed = parse_unsigned(*length);
        if (!parsed) {
            return parse_error("S3.HeadObject", "Content-Length is not a number: '" + shown(*length) + "'");
        }
        result.content_length = *parsed;
    }
    return result;
}

Result<PutObjectResult> put_object_result(const Response& response) {
    const auto etag = response.header("ETag");
    if (!etag || etag->empty()) return parse_error("S3.PutObject", "the answer has no ETag header");
    PutObjectResult result;
    result.etag = std::string(*etag);
    result.version_id = std::string(response.header("x-amz-version-id").value_or(""));
    return result;
}

}  // namespace awsrest::s3
