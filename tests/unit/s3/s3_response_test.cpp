// ListObjectsV2 bodies shaped like the Amazon S3 API Reference examples, response headers,
// and malformed answers.
#include <catch2/catch.hpp>

#include <string>

#include "s3/s3_response.hpp"
#include "s3_test_data.hpp"

using awsrest::ErrorKind;
using awsrest::Response;
using awsrest::TimePoint;
using service_test::data_file;

namespace {
TimePoint unix_time(long long seconds) { return TimePoint{std::chrono::seconds{seconds}}; }

std::string list_body(const std::string& inner) {
    return "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + inner + "</ListBucketResult>";
}
}  // namespace

TEST_CASE("s3: ListObjectsV2 example answer", "[s3][response]") {
    auto list = awsrest::s3::parse_list_objects_v2(data_file("s3", "list_objects_v2_example.xml"));
    REQUIRE(list.ok());
    CHECK_FALSE(list->is_truncated);
    CHECK(list->next_continuation_token.empty());
    CHECK(list->key_count == 1);
    CHECK(list->common_prefixes.empty());
    REQUIRE(list->objects.size() == 1);
    const auto& object = list->objects[0];
    CHECK(object.key == "my-image.jpg");
    CHECK(object.last_modified == unix_time(1255369830));  // 2009-10-12T17:50:30Z
    CHECK(object.etag == "\"fba9dede5f27731c9771645a39863328\"");
    CHECK(object.size == 434234);
    CHECK(object.storage_class == "STANDARD");
}

TEST_CASE("s3: ListObjectsV2 with a delimiter gives common prefixes", "[s3][response]") {
    auto list = awsrest::s3::parse_list_objects_v2(data_file("s3", "list_objects_v2_delimiter.xml"));
    REQUIRE(list.ok());
    REQUIRE(list->objects.size() == 1);
    CHECK(list->objects[0].key == "sample.jpg");
    CHECK(list->objects[0].size == 142863);
    CHECK(list->objects[0].last_modified == unix_time(1298685380));  // 2011-02-26T01:56:20Z
    REQUIRE(list->common_prefixes.size() == 1);
    CHECK(list->common_prefixes[0] == "photos/");
    CHECK(list->key_count == 2);
}

TEST_CASE("s3: a truncated url-encoded page gives its token and decoded keys", "[s3][response]") {
    auto list = awsrest::s3::parse_list_objects_v2(data_file("s3", "list_objects_v2_page1.xml"));
    REQUIRE(list.ok());
    CHECK(list->is_truncated);
    CHECK(list->next_continuation_token == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
    REQUIRE(list->objects.size() == 2);
    CHECK(list->objects[0].key == "config/happyface.jpg");
    CHECK(list->objects[0].last_modified == unix_time(1416598805));  // 2014-11-21T19:40:05Z
    CHECK(list->objects[1].key == "config/my file+v2.txt");
}

TEST_CASE("s3: an empty listing", "[s3][response]") {
    auto list = awsrest::s3::parse_list_objects_v2(data_file("s3", "list_objects_v2_empty.xml"));
    REQUIRE(list.ok());
    CHECK(list->objects.empty());
    CHECK(list->key_count == 0);
    CHECK_FALSE(list->is_truncated);
}

TEST_CASE("s3: a key of spaces only and keys with entities survive", "[s3][response]") {
    auto list = awsrest::s3::parse_list_objects_v2(
        list_body("<IsTruncated>false</IsTruncated>"
                  "<Contents><Key>   </Key><Size>1</Size></Contents>"
                  "<Contents><Key>a&amp;b &lt;c&gt;</Key><Size>2</Size></Contents>"));
    REQUIRE(list.ok());
    REQUIRE(list->objects.size() == 2);
    CHECK(list->objects[0].key == "   ");
    CHECK(list->objects[1].key == "a&b <c>");
    CHECK_FALSE(list->objects[0].last_modified.has_value());
    CHECK(list->key_count == 2);  // no <KeyCount>: counted
}

TEST_CASE("s3: malformed ListObjectsV2 answers are Parse errors naming the call", "[s3][response]") {
    struct Row {
        const char* name;
        std::string body;
        std::string message_part;
    };
    const Row rows[] = {
        {"not XML", "{\"Contents\": []}", "S3.ListObjectsV2: response is not valid XML"},
        {"truncated XML", "<ListBucketResult><Contents><Key>a", "S3.ListObjectsV2: response is not valid XML"},
        {"empty", "", "S3.ListObjectsV2: response is not valid XML"},
        {"wrong root", "<ListAllMyBucketsResult/>", "expected <ListBucketResult>, got <ListAllMyBucketsResult>"},
        {"size not a number",
         list_body("<IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>12x</Size></Contents>"),
         "<Size> of key 'k' is not a number: '12x'"},
        {"negative size", list_body("<IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>-1</Size></Contents>"),
         "<Size> of key 'k' is not a number"},
        {"no key", list_body("<IsTruncated>false</IsTruncated><Contents><Size>1</Size></Contents>"),
         "a <Contents> entry has no <Key>"},
        {"bad time",
         list_body("<IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>1</Size>"
                   "<LastModified>yesterday</LastModified></Contents>"),
         "<LastModified> of key 'k' is not an ISO 8601 time"},
        {"no IsTruncated", list_body(""), "<IsTruncated> is not true or false: ''"},
        {"bad KeyCount", list_body("<IsTruncated>false</IsTruncated><KeyCount>many</KeyCount>"),
         "<KeyCount> is not a count"},
        {"bad url encoding",
         list_body("<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>"
                   "<Contents><Key>a%G1</Key><Size>1</Size></Contents>"),
         "<Key> is not url-encoded: 'a%G1'"},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        auto list = awsrest::s3::parse_list_objects_v2(row.body);
        REQUIRE_FALSE(list.ok());
        CHECK(list.error().kind == ErrorKind::Parse);
        CHECK_THAT(list.error().message, Catch::Contains(row.message_part));
        CHECK_THAT(list.error().message, Catch::StartsWith("S3.ListObjectsV2: "));
    }
}

TEST_CASE("s3: a page with more entries than the bound is refused", "[s3][response]") {
    std::string inner = "<IsTruncated>false</IsTruncated>";
    for (std::size_t i = 0; i <= awsrest::s3::kMaxListPageEntries; ++i)
        inner += "<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes>";
    auto list = awsrest::s3::parse_list_objects_v2(list_body(inner));
    REQUIRE_FALSE(list.ok());
    CHECK(list.error().kind == ErrorKind::Parse);
    CHECK(list.error().message == "S3.ListObjectsV2: more than 10000 entries in one page");
}

TEST_CASE("s3: control characters in a bad answer are not echoed", "[s3][response]") {
    auto list = awsrest::s3::parse_list_objects_v2(
        list_body("<IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>1&#10;2</Size></Contents>"));
    REQUIRE_FALSE(list.ok());
    CHECK(list.error().message == "S3.ListObjectsV2: <Size> of key 'k' is not a number: '1?2'");
}

TEST_CASE("s3: GetObject and HeadObject read their headers", "[s3][response]") {
    Response response;
    response.status = 200;
    response.headers = {{"ETag", "\"fba9dede5f27731c9771645a39863328\""},
                        {"Content-Type", "application/json"},
                        {"Content-Length", "434234"},
                        {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"},
                        {"X-Amz-Meta-Owner", "ops"},
                        {"x-amz-meta-build", "42"},
                        {"x-amz-meta-", "no name"}};
    response.body = "{\"poll\": 30}";

    auto head = awsrest::s3::head_object_result(response);
    REQUIRE(head.ok());
    CHECK(head->etag == "\"fba9dede5f27731c9771645a39863328\"");
    CHECK(head->content_type == "application/json");
    CHECK(head->content_length == 434234);
    CHECK(head->last_modified == unix_time(1445412480));
    CHECK(head->metadata == awsrest::S3Metadata{{"build", "42"}, {"owner", "ops"}});

    const auto get = awsrest::s3::get_object_result(std::move(response));
    CHECK_FALSE(get.not_modified);
    CHECK(get.body == "{\"poll\": 30}");
    CHECK(get.etag == "\"fba9dede5f27731c9771645a39863328\"");
    CHECK(get.content_type == "application/json");
    CHECK(get.last_modified == unix_time(1445412480));
    CHECK(get.metadata.size() == 2);
}

TEST_CASE("s3: a bad Last-Modified is left out, a bad Content-Length is a Parse error", "[s3][response]") {
    Response response;
    response.status = 200;
    response.headers = {{"Last-Modified", "yesterday"}, {"Content-Length", "12 bytes"}};
    CHECK_FALSE(awsrest::s3::get_object_result(Response(response)).last_modified.has_value());
    auto head = awsrest::s3::head_object_result(response);
    REQUIRE_FALSE(head.ok());
    CHECK(head.error().kind == ErrorKind::Parse);
    CHECK(head.error().message == "S3.HeadObject: Content-Length is not a number: '12 bytes'");
}

TEST_CASE("s3: PutObject answers carry an ETag", "[s3][response]") {
    Response response;
    response.status = 200;
    response.headers = {{"ETag", "\"5d41402abc4b2a76b9719d911017c592\""}, {"x-amz-version-id", "3HL4kqtJlcpXroDTDmJ"}};
    auto put = awsrest::s3::put_object_result(response);
    REQUIRE(put.ok());
    CHECK(put->etag == "\"5d41402abc4b2a76b9719d911017c592\"");
    CHECK(put->version_id == "3HL4kqtJlcpXroDTDmJ");

    response.headers.clear();
    auto missing = awsrest::s3::put_object_result(response);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == ErrorKind::Parse);
    CHECK(missing.error().message == "S3.PutObject: the answer has no ETag header");
}
