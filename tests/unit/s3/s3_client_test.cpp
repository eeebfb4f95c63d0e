// S3Client through AwsClient and a scripted transport: the exact requests, S3 signing
// rules, the 304 path, errors and pagination.
#include <catch2/catch.hpp>

#include <string>

#include "awsrest/aws_client.hpp"
#include "awsrest/s3.hpp"
#include "awsrest/signer.hpp"
#include "s3_test_data.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

using awsrest::ErrorKind;
using awsrest::S3AddressingStyle;
using service_test::data_file;

namespace {

// SHA-256 of "" and of "hello" (sha256sum).
constexpr const char* kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kHelloSha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

awsrest::ServiceEndpoint aws_endpoint() {
    return {awsrest::Endpoint{"https", "s3.us-east-1.amazonaws.com", 0, ""}, "us-east-1", "s3"};
}
awsrest::ServiceEndpoint local_endpoint() {
    return {awsrest::Endpoint{"http", "127.0.0.1", 4566, ""}, "us-east-1", "s3"};
}

struct S3Fixture {
    explicit S3Fixture(awsrest::ServiceEndpoint endpoint = aws_endpoint(), awsrest::S3Options options = {})
        : s3(client, std::move(endpoint), options) {}

    const awsrest::Request& sent(std::size_t index = 0) const { return http.sent.at(index).request; }
    std::string header(const char* name, std::size_t index = 0) const {
        return std::string(awsrest::find_header(sent(index).headers, name).value_or("<none>"));
    }

    test_support::ScriptedHttp http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;  // 2015-08-30T12:36:00Z
    awsrest::SeededRandom random{7};
    awsrest::AwsClient client{http, credentials, clock, &random};
    awsrest::S3Client s3;
};

}  // namespace

TEST_CASE("s3: GetObject sends a signed virtual-hosted GET with the key encoded once", "[s3][client]") {
    S3Fixture f;
    f.http.respond(200, "{\"poll\": 30}",
                   {{"ETag", "\"abc\""},
                    {"Content-Type", "application/json"},
                    {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"}});
    auto object = f.s3.get_object("examplebucket", "config/my file+1.json");
    REQUIRE(object.ok());
    CHECK_FALSE(object->not_modified);
    CHECK(object->body == "{\"poll\": 30}");
    CHECK(object->etag == "\"abc\"");
    CHECK(object->content_type == "application/json");
    CHECK(object->last_modified == awsrest::TimePoint{std::chrono::seconds{1445412480}});

    REQUIRE(f.http.sent.size() == 1);
    CHECK(f.http.sent[0].endpoint.host == "examplebucket.s3.us-east-1.amazonaws.com");
    CHECK(f.sent().method == "GET");
    CHECK(f.sent().path == "/config/my%20file%2B1.json");
    CHECK(f.sent().query.empty());
    CHECK(f.header("Host") == "examplebucket.s3.us-east-1.amazonaws.com");
    CHECK(f.header("x-amz-content-sha256") == kEmptySha256);
    CHECK(f.header("If-None-Match") == "<none>");
    CHECK_THAT(f.header("Authorization"),
               Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request"));
    CHECK_THAT(f.header("Authorization"), Catch::Contains("x-amz-content-sha256"));
}

TEST_CASE("s3: requests are signed with S3 rules: no path normalisation, single encoding", "[s3][client]") {
    S3Fixture f(aws_endpoint(), {S3AddressingStyle::Path});
    f.http.respond(200, "x", {{"ETag", "\"e\""}});
    REQUIRE(f.s3.get_object("examplebucket", "a/./b//c d.txt").ok());
    CHECK(f.sent().path == "/examplebucket/a/./b//c%20d.txt");

    // What the signer gives for the same request under explicit S3 rules.
    awsrest::Request unsigned_copy = f.sent();
    awsrest::remove_header(unsigned_copy.headers, "Authorization");
    const auto params = awsrest::SigningParams::s3(*f.credentials.credentials(), "us-east-1", f.clock.now());
    auto expected = awsrest::sign(unsigned_copy, params);
    REQUIRE(expected.ok());
    CHECK_THAT(expected->canonical_request, Catch::Contains("\n/examplebucket/a/./b//c%20d.txt\n"));
    CHECK(f.header("Authorization") == expected->authorization);
}

TEST_CASE("s3: a conditional GET answered 304 is 'not modified', not an error", "[s3][client]") {
    S3Fixture f;
    f.http.respond(304, "", {{"ETag", "\"fba9dede5f27731c9771645a39863328\""}});
    awsrest::GetObjectOptions options;
    options.if_none_match = "\"fba9dede5f27731c9771645a39863328\"";
    auto object = f.s3.get_object("examplebucket", "niam/config.json", options);
    REQUIRE(object.ok());
    CHECK(object->not_modified);
    CHECK(object->etag == "\"fba9dede5f27731c9771645a39863328\"");
    CHECK(object->body.empty());
    CHECK(f.header("If-None-Match") == "\"fba9dede5f27731c9771645a39863328\"");
    CHECK(f.http.sent.size() == 1);  // not retried
}

TEST_CASE("s3: a conditional GET of a changed object returns the new body", "[s3][client]") {
    S3Fixture f;
    f.http.respond(200, "v2", {{"ETag", "\"new\""}, {"Content-Type", "text/plain"}});
    awsrest::GetObjectOptions options;
    options.if_none_match = "\"old\"";
    auto object = f.s3.get_object("examplebucket", "niam/config.json", options);
    REQUIRE(object.ok());
    CHECK_FALSE(object->not_modified);
    CHECK(object->etag == "\"new\"");
    CHECK(object->body == "v2");
}

TEST_CASE("s3: a 304 without If-None-Match stays an error", "[s3][client]") {
    S3Fixture f;
    f.http.respond(304);
    auto object = f.s3.get_object("examplebucket", "k");
    REQUIRE_FALSE(object.ok());
    CHECK(object.error().http_status == 304);
}

TEST_CASE("s3: an If-None-Match with a line break is refused unsent", "[s3][client]") {
    S3Fixture f;
    awsrest::GetObjectOptions options;
    options.if_none_match = "\"a\"\r\nX-Evil: 1";
    auto object = f.s3.get_object("examplebucket", "k", options);
    REQUIRE_FALSE(object.ok());
    CHECK(object.error().kind == ErrorKind::InvalidArgument);
    CHECK(f.http.sent.empty());
}

TEST_CASE("s3: GetObject of a missing key is Service error NoSuchKey", "[s3][client]") {
    S3Fixture f;
    f.http.respond(404, data_file("s3", "error_no_such_key.xml"), {{"Content-Type", "application/xml"}});
    auto object = f.s3.get_object("mybucket", "myfoto.jpg");
    REQUIRE_FALSE(object.ok());
    CHECK(object.error().kind == ErrorKind::Service);
    CHECK(object.error().code == "NoSuchKey");
    CHECK(object.error().http_status == 404);
    CHECK(object.error().request_id == "4442587FB7D0A2F9");
    CHECK_THAT(object.error().message, Catch::StartsWith("S3.GetObject: "));
    CHECK(awsrest::is_s3_not_found(object.error()));
}

TEST_CASE("s3: an empty key is refused unsent", "[s3][client]") {
    S3Fixture f;
    auto object = f.s3.get_object("examplebucket", "");
    REQUIRE_FALSE(object.ok());
    CHECK(object.error().kind == ErrorKind::InvalidArgument);
    CHECK(object.error().message == "S3.GetObject: the key is empty");
    CHECK(f.http.sent.empty());
}

TEST_CASE("s3: PutObject sends the body with a real Content-Type and returns the ETag", "[s3][client]") {
    S3Fixture f(local_endpoint());
    f.http.respond(200, "", {{"ETag", "\"5d41402abc4b2a76b9719d911017c592\""}});
    auto put = f.s3.put_object("niam-config", "hosts/web 1.txt", "hello");
    REQUIRE(put.ok());
    CHECK(put->etag == "\"5d41402abc4b2a76b9719d911017c592\"");

    CHECK(f.http.sent[0].endpoint.host == "127.0.0.1");
    CHECK(f.http.sent[0].endpoint.port == 4566);
    CHECK(f.sent().method == "PUT");
    CHECK(f.sent().path == "/niam-config/hosts/web%201.txt");
    CHECK(f.sent().body == "hello");
    CHECK(f.header("Host") == "127.0.0.1:4566");
    CHECK(f.header("Content-Type") == "application/octet-stream");
    CHECK(f.header("x-amz-content-sha256") == kHelloSha256);
}

TEST_CASE("s3: PutObject sends the given Content-Type and metadata", "[s3][client]") {
    S3Fixture f;
    f.http.respond(200, "", {{"ETag", "\"e\""}});
    awsrest::PutObjectOptions options;
    options.content_type = "application/json";
    options.metadata = {{"owner", "ops"}};
    REQUIRE(f.s3.put_object("examplebucket", "k.json", "{}", options).ok());
    CHECK(f.header("Content-Type") == "application/json");
    CHECK(f.header("x-amz-meta-owner") == "ops");

    options.metadata = {{"bad name", "x"}};
    auto refused = f.s3.put_object("examplebucket", "k.json", "{}", options);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::InvalidArgument);
    CHECK(f.http.sent.size() == 1);
}

TEST_CASE("s3: HeadObject reads the headers", "[s3][client]") {
    S3Fixture f;
    f.http.respond(200, "", {{"ETag", "\"abc\""}, {"Content-Length", "434234"}, {"Content-Type", "image/jpeg"}});
    auto head = f.s3.head_object("examplebucket", "my-image.jpg");
    REQUIRE(head.ok());
    CHECK(f.sent().method == "HEAD");
    CHECK(f.sent().path == "/my-image.jpg");
    CHECK(head->content_length == 434234);
    CHECK(head->etag == "\"abc\"");
    CHECK(head->content_type == "image/jpeg");
}

TEST_CASE("s3: HeadObject of a missing key is Service error NotFound although the answer has no body", "[s3][client]") {
    S3Fixture f;
    f.http.respond(404, "", {{"x-amz-request-id", "4442587FB7D0A2F9"}});
    auto head = f.s3.head_object("examplebucket", "gone.txt");
    REQUIRE_FALSE(head.ok());
    CHECK(head.error().kind == ErrorKind::Service);
    CHECK(head.error().code == "NotFound");
    CHECK(head.error().http_status == 404);
    CHECK(head.error().request_id == "4442587FB7D0A2F9");
    CHECK_THAT(head.error().message, Catch::StartsWith("S3.HeadObject: no object s3://examplebucket/gone.txt"));
    CHECK(awsrest::is_s3_not_found(head.error()));
}

TEST_CASE("s3: HeadObject answered 403 is Service error Forbidden", "[s3][client]") {
    S3Fixture f;
    f.http.respond(403);
    auto head = f.s3.head_object("examplebucket", "secret.txt");
    REQUIRE_FALSE(head.ok());
    CHECK(head.error().kind == ErrorKind::Service);
    CHECK(head.error().code == "Forbidden");
    CHECK_FALSE(awsrest::is_s3_not_found(head.error()));
}

TEST_CASE("s3: ListObjectsV2 sends list-type=2 with its parameters encoded and sorted", "[s3][client]") {
    S3Fixture f(local_endpoint());
    f.http.respond(200, data_file("s3", "list_objects_v2_delimiter.xml"));
    awsrest::ListObjectsV2Request list;
    list.bucket = "example-bucket";
    list.prefix = "photos/2024 summer/";
    list.delimiter = "/";
    list.start_after = "photos/a+b";
    list.max_keys = 50;
    auto page = f.s3.list_objects_v2(list);
    REQUIRE(page.ok());
    CHECK(page->objects.size() == 1);
    CHECK(page->common_prefixes == std::vector<std::string>{"photos/"});

    CHECK(f.sent().method == "GET");
    CHECK(f.sent().path == "/example-bucket");
    CHECK(f.sent().query ==
          "delimiter=%2F&encoding-type=url&list-type=2&max-keys=50&prefix=photos%2F2024%20summer%2F"
          "&start-after=photos%2Fa%2Bb");
}

TEST_CASE("s3: ListObjectsV2 in virtual-hosted style lists '/' of the bucket's host", "[s3][client]") {
    S3Fixture f;
    f.http.respond(200, data_file("s3", "list_objects_v2_example.xml"));
    awsrest::ListObjectsV2Request list;
    list.bucket = "bucket";
    REQUIRE(f.s3.list_objects_v2(list).ok());
    CHECK(f.http.sent[0].endpoint.host == "bucket.s3.us-east-1.amazonaws.com");
    CHECK(f.sent().path == "/");
    CHECK(f.sent().query == "encoding-type=url&list-type=2");
}

TEST_CASE("s3: ListObjectsV2 with a malformed answer is a Parse error naming the call", "[s3][client]") {
    S3Fixture f;
    f.http.respond(200, "<ListBucketResult><IsTruncated>");
    awsrest::ListObjectsV2Request list;
    list.bucket = "bucket";
    auto page = f.s3.list_objects_v2(list);
    REQUIRE_FALSE(page.ok());
    CHECK(page.error().kind == ErrorKind::Parse);
    CHECK_THAT(page.error().message, Catch::StartsWith("S3.ListObjectsV2: response is not valid XML"));
}

TEST_CASE("s3: list_all_objects follows continuation tokens over three pages", "[s3][client]") {
    S3Fixture f(local_endpoint());
    f.http.respond(200, data_file("s3", "list_objects_v2_page1.xml"))
        .respond(200, data_file("s3", "list_objects_v2_page2.xml"))
        .respond(200, data_file("s3", "list_objects_v2_page3.xml"));
    awsrest::ListObjectsV2Request list;
    list.bucket = "bucket";
    list.prefix = "config/";
    list.max_keys = 2;
    auto all = f.s3.list_all_objects(list);
    REQUIRE(all.ok());
    CHECK_FALSE(all->is_truncated);
    CHECK(all->next_continuation_token.empty());
    CHECK(all->key_count == 5);
    REQUIRE(all->objects.size() == 5);
    CHECK(all->objects[0].key == "config/happyface.jpg");
    CHECK(all->objects[1].key == "config/my file+v2.txt");
    CHECK(all->objects[2].key == "config/r\xC3\xA9sum\xC3\xA9.txt");
    CHECK(all->objects[3].key == "config/z.json");
    CHECK(all->objects[3].storage_class == "STANDARD_IA");
    CHECK(all->objects[4].key == "config/zz.json");

    REQUIRE(f.http.sent.size() == 3);
    CHECK(f.sent(0).query == "encoding-type=url&list-type=2&max-keys=2&prefix=config%2F");
    CHECK(f.sent(1).query ==
          "continuation-token=1ueGcxLPRx1Tr%2FXYExHnhbYLgveDs2J%2Fwm36Hy4vbOwM%3D"
          "&encoding-type=url&list-type=2&max-keys=2&prefix=config%2F");
    CHECK(f.sent(2).query ==
          "continuation-token=2pQs%2BBz9kE%2Ftoken%3D&encoding-type=url&list-type=2&max-keys=2&prefix=config%2F");
}

TEST_CASE("s3: list_all_objects fails instead of returning part of a listing past max_pages", "[s3][client]") {
    S3Fixture f(local_endpoint());
    f.http.respond(200, data_file("s3", "list_objects_v2_page1.xml"))
        .respond(200, data_file("s3", "list_objects_v2_page2.xml"))
        .respond(200, data_file("s3", "list_objects_v2_page3.xml"));
    awsrest::ListObjectsV2Request list;
    list.bucket = "bucket";
    list.prefix = "config/";
    auto all = f.s3.list_all_objects(list, 2);
    REQUIRE_FALSE(all.ok());
    CHECK(all.error().kind == ErrorKind::InvalidArgument);
    CHECK(all.error().message ==
          "S3.ListObjectsV2: s3://bucket/config/ has more than 2 pages; raise max_pages or list a narrower prefix");
    CHECK(f.http.sent.size() == 2);
}

TEST_CASE("s3: list_all_objects stops on a truncated page without a new token", "[s3][client]") {
    const std::string no_token =
        "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a</Key><Size>1</Size></Contents>"
        "</ListBucketResult>";
    const std::string same_token =
        "<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken>"
        "</ListBucketResult>";
    awsrest::ListObjectsV2Request list;
    list.bucket = "bucket";
    {
        S3Fixture f;
        f.http.respond(200, no_token);
        auto all = f.s3.list_all_objects(list);
        REQUIRE_FALSE(all.ok());
        CHECK(all.error().kind == ErrorKind::Parse);
        CHECK(all.error().message == "S3.ListObjectsV2: page 1 is truncated but has no <NextContinuationToken>");
    }
    {
        S3Fixture f;
        f.http.respond(200, same_token).respond(200, same_token);
        auto all = f.s3.list_all_objects(list);
        REQUIRE_FALSE(all.ok());
        CHECK(all.error().message == "S3.ListObjectsV2: page 2 gave back the continuation token it was asked with");
        CHECK(f.http.sent.size() == 2);
    }
}

TEST_CASE("s3: max_keys and max_pages out of range are refused unsent", "[s3][client]") {
    S3Fixture f;
    awsrest::ListObjectsV2Request list;
    list.bucket = "bucket";
    list.max_keys = 1001;
    CHECK(f.s3.list_objects_v2(list).error().kind == ErrorKind::InvalidArgument);
    list.max_keys = 0;
    CHECK(f.s3.list_all_objects(list, 0).error().kind == ErrorKind::InvalidArgument);
    CHECK(f.http.sent.empty());
}
