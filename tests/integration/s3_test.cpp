// S3Client against the stack (fauxqs behind the verifier): object round trips in path and
// virtual-hosted style, listing pages, conditional GET and missing keys.
#include <awsrest/s3.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "local_stack.hpp"
#include "stack_helpers.hpp"

namespace {

using awsrest::ErrorKind;
using awsrest::S3AddressingStyle;
using awsrest::S3Client;
using stack::LocalStack;

// Every byte value, four times: 1 KiB of binary. MD5 (so the ETag of a single-part
// upload) computed with Python's hashlib: hashlib.md5(bytes(range(256)) * 4).
std::string binary_body() {
    std::string body;
    for (int round = 0; round < 4; ++round) {
        for (int byte = 0; byte < 256; ++byte) body += static_cast<char>(byte);
    }
    return body;
}
const std::string kBinaryBodyEtag = "\"b2ea9f7fcea831a4a63b213f41a8855b\"";

// Space, plus, equals, tilde, Latin-1 and CJK characters and a '/' in one key.
const std::string kAwkwardKey = "dir/a b+c=d~ \xc3\xbc\xe2\x82\xac \xe6\x97\xa5\xe6\x9c\xac.bin";

// The stack's front under a name that is not an IP or "localhost", so virtual-hosted
// style really puts the bucket in the host: "<bucket>.s3.localhost:PORT", which curl
// resolves to the loopback (RFC 6761) and fauxqs reads the bucket from.
awsrest::ServiceEndpoint virtual_host_endpoint() {
    auto endpoint = stack::service_endpoint("s3");
    endpoint.endpoint.host = "s3.localhost";
    return endpoint;
}

std::string make_bucket() {
    auto& stack = LocalStack::get();
    const std::string bucket = stack::unique_name("niam-s3");
    auto made = stack::create_bucket(stack.client(), stack::service_endpoint("s3"), bucket);
    INFO(bucket << ": " << (made ? "" : made.error().describe()));
    REQUIRE(made);
    return bucket;
}

bool recent(const std::optional<awsrest::TimePoint>& time) {
    if (!time) return false;
    const auto now = std::chrono::system_clock::now();
    return *time > now - std::chrono::minutes(5) && *time < now + std::chrono::minutes(5);
}

}  // namespace

TEST_CASE("s3: PutObject, GetObject and HeadObject round trip a binary body under an awkward key",
          "[integration][s3]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    const bool virtual_hosted = GENERATE(false, true);
    INFO((virtual_hosted ? "virtual-hosted style" : "path style"));
    auto& stack = LocalStack::get();
    const std::string bucket = make_bucket();
    stack.reset_counts();

    awsrest::S3Options options;
    options.addressing = virtual_hosted ? S3AddressingStyle::VirtualHosted : S3AddressingStyle::Path;
    S3Client s3(stack.client(), virtual_hosted ? virtual_host_endpoint() : stack::service_endpoint("s3"), options);

    auto location = s3.locate(bucket, kAwkwardKey);
    REQUIRE(location);
    CHECK(location->virtual_hosted == virtual_hosted);
    if (virtual_hosted) {
        CHECK(location->endpoint.host == bucket + ".s3.localhost");
        CHECK(location->path == "/dir/a%20b%2Bc%3Dd~%20%C3%BC%E2%82%AC%20%E6%97%A5%E6%9C%AC.bin");
    } else {
        CHECK(location->endpoint.host == "127.0.0.1");
        CHECK(location->path == "/" + bucket + "/dir/a%20b%2Bc%3Dd~%20%C3%BC%E2%82%AC%20%E6%97%A5%E6%9C%AC.bin");
    }

    awsrest::PutObjectOptions put_options;
    put_options.content_type = "application/x-niam-test";
    put_options.metadata = {{"origin", "integration"}, {"round", "1"}};
    const std::string body = binary_body();
    auto put = s3.put_object(bucket, kAwkwardKey, body, put_options);
    INFO((put ? "" : put.error().describe()));
    REQUIRE(put);
    CHECK(put->etag == kBinaryBodyEtag);

    auto got = s3.get_object(bucket, kAwkwardKey);
    INFO((got ? "" : got.error().describe()));
    REQUIRE(got);
    CHECK_FALSE(got->not_modified);
    CHECK(got->body.size() == 1024);
    CHECK(got->body == body);
    CHECK(got->etag == kBinaryBodyEtag);
    CHECK(got->content_type == "application/x-niam-test");
    CHECK(got->metadata == awsrest::S3Metadata{{"origin", "integration"}, {"round", "1"}});
    CHECK(recent(got->last_modified));

    auto head = s3.head_object(bucket, kAwkwardKey);
    INFO((head ? "" : head.error().describe()));
    REQUIRE(head);
    CHECK(head->etag == kBinaryBodyEtag);
    CHECK(head->content_length == 1024);
    CHECK(head->content_type == "application/x-niam-test");
    CHECK(head->metadata == awsrest::S3Metadata{{"origin", "integration"}, {"round", "1"}});
    CHECK(recent(head->last_modified));

    // The same object through the other addressing style: the bucket really was the
    // bucket, not a path segment.
    awsrest::S3Options other_options;
    other_options.addressing = virtual_hosted ? S3AddressingStyle::Path : S3AddressingStyle::VirtualHosted;
    S3Client other(stack.client(), virtual_hosted ? stack::service_endpoint("s3") : virtual_host_endpoint(),
                   other_options);
    auto again = other.get_object(bucket, kAwkwardKey);
    REQUIRE(again);
    CHECK(again->body == body);

    // The listing gives the key back decoded, exactly.
    awsrest::ListObjectsV2Request list;
    list.bucket = bucket;
    list.prefix = "dir/";
    auto listed = s3.list_objects_v2(list);
    INFO((listed ? "" : listed.error().describe()));
    REQUIRE(listed);
    REQUIRE(listed->objects.size() == 1);
    CHECK(listed->objects[0].key == kAwkwardKey);
    CHECK(listed->objects[0].size == 1024);
    CHECK(listed->objects[0].etag == kBinaryBodyEtag);

    CHECK(stack.requests("s3", "PutObject") == 1);
    CHECK(stack.requests("s3", "GetObject") == 2);
    CHECK(stack.requests("s3", "HeadObject") == 1);
    CHECK(stack.requests("s3", "ListObjectsV2") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("s3: ListObjectsV2 pages through every object", "[integration][s3]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    const std::string bucket = make_bucket();
    S3Client s3(stack.client(), stack::service_endpoint("s3"), {S3AddressingStyle::Path});
    const std::vector<std::string> keys = {"logs/01.txt", "logs/02.txt", "logs/03.txt", "logs/04.txt",
                                           "logs/05.txt", "logs/06.txt", "logs/07.txt"};
    for (const auto& key : keys) REQUIRE(s3.put_object(bucket, key, "content of " + key));
    REQUIRE(s3.put_object(bucket, "other/outside-the-prefix.txt", "not listed"));
    stack.reset_counts();

    SECTION("page by page with max_keys 2") {
        awsrest::ListObjectsV2Request list;
        list.bucket = bucket;
        list.prefix = "logs/";
        list.max_keys = 2;
        std::vector<std::string> seen;
        std::vector<int> page_sizes;
        for (int page = 0; page < 10; ++page) {
            auto result = s3.list_objects_v2(list);
            INFO("page " << page << ": " << (result ? "" : result.error().describe()));
            REQUIRE(result);
            page_sizes.push_back(static_cast<int>(result->objects.size()));
            CHECK(result->key_count == static_cast<int>(result->objects.size()));
            for (const auto& object : result->objects) {
                seen.push_back(object.key);
                CHECK(object.size == ("content of " + object.key).size());
            }
            if (!result->is_truncated) {
                CHECK(result->next_continuation_token.empty());
                break;
            }
            REQUIRE_FALSE(result->next_continuation_token.empty());
            list.continuation_token = result->next_continuation_token;
        }
        CHECK(page_sizes == std::vector<int>{2, 2, 2, 1});
        CHECK(seen == keys);  // in key order
        CHECK(stack.requests("s3", "ListObjectsV2") == 4);
    }

    SECTION("list_all_objects follows the continuation tokens") {
        awsrest::ListObjectsV2Request list;
        list.bucket = bucket;
        list.prefix = "logs/";
        list.max_keys = 3;
        auto all = s3.list_all_objects(list);
        INFO((all ? "" : all.error().describe()));
        REQUIRE(all);
        CHECK_FALSE(all->is_truncated);
        CHECK(all->key_count == 7);
        std::vector<std::string> seen;
        for (const auto& object : all->objects) seen.push_back(object.key);
        CHECK(seen == keys);
        CHECK(stack.requests("s3", "ListObjectsV2") == 3);

        // A page limit below what is needed fails rather than return part of the listing.
        auto partial = s3.list_all_objects(list, 2);
        REQUIRE_FALSE(partial);
        CHECK(partial.error().kind == ErrorKind::InvalidArgument);
    }

    SECTION("a delimiter rolls keys up into common prefixes") {
        awsrest::ListObjectsV2Request list;
        list.bucket = bucket;
        list.delimiter = "/";
        auto top = s3.list_objects_v2(list);
        REQUIRE(top);
        CHECK(top->objects.empty());
        CHECK(top->common_prefixes == std::vector<std::string>{"logs/", "other/"});
    }
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("s3: GetObject with If-None-Match is not modified until the object changes", "[integration][s3]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    const std::string bucket = make_bucket();
    S3Client s3(stack.client(), stack::service_endpoint("s3"), {S3AddressingStyle::Path});
    stack.reset_counts();

    auto first = s3.put_object(bucket, "config.json", "{\"version\":1}", {"application/json", {}});
    REQUIRE(first);
    auto fetched = s3.get_object(bucket, "config.json");
    REQUIRE(fetched);
    CHECK(fetched->etag == first->etag);

    awsrest::GetObjectOptions conditional;
    conditional.if_none_match = fetched->etag;
    auto unchanged = s3.get_object(bucket, "config.json", conditional);
    INFO((unchanged ? "" : unchanged.error().describe()));
    REQUIRE(unchanged);
    CHECK(unchanged->not_modified);
    CHECK(unchanged->body.empty());
    CHECK(unchanged->etag == first->etag);

    auto second = s3.put_object(bucket, "config.json", "{\"version\":2}", {"application/json", {}});
    REQUIRE(second);
    CHECK(second->etag != first->etag);
    auto changed = s3.get_object(bucket, "config.json", conditional);
    INFO((changed ? "" : changed.error().describe()));
    REQUIRE(changed);
    CHECK_FALSE(changed->not_modified);
    CHECK(changed->body == "{\"version\":2}");
    CHECK(changed->etag == second->etag);

    // 304 is an answer, not a failure: nothing was retried.
    CHECK(stack.requests("s3", "GetObject") == 3);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("s3: a missing key is NoSuchKey for GET and NotFound for HEAD", "[integration][s3]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    const std::string bucket = make_bucket();
    S3Client s3(stack.client(), stack::service_endpoint("s3"), {S3AddressingStyle::Path});
    stack.reset_counts();

    auto got = s3.get_object(bucket, "no/such key");
    REQUIRE_FALSE(got);
    CHECK(got.error().kind == ErrorKind::Service);
    CHECK(got.error().code == "NoSuchKey");
    CHECK(got.error().http_status == 404);
    CHECK(got.error().message.find("S3.GetObject") != std::string::npos);
    CHECK(awsrest::is_s3_not_found(got.error()));

    auto head = s3.head_object(bucket, "no/such key");
    REQUIRE_FALSE(head);
    CHECK(head.error().kind == ErrorKind::Service);
    CHECK(head.error().code == "NotFound");
    CHECK(head.error().http_status == 404);
    CHECK(awsrest::is_s3_not_found(head.error()));

    // A 404 is final: one request each.
    CHECK(stack.requests("s3", "GetObject") == 1);
    CHECK(stack.requests("s3", "HeadObject") == 1);
    REQUIRE_NOTHING_REJECTED();
}
