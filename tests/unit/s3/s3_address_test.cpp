// Key encoding, bucket names and where a request goes, as tables of hand-written rows.
#include <catch2/catch.hpp>

#include <string>

#include "awsrest/s3.hpp"
#include "s3/s3_address.hpp"

using awsrest::Endpoint;
using awsrest::ErrorKind;
using awsrest::S3AddressingStyle;

TEST_CASE("s3: keys are percent-encoded once, '/' and unreserved characters kept", "[s3][address]") {
    struct Row {
        const char* name;
        std::string key;
        std::string encoded;
    };
    const Row rows[] = {
        {"plain path", "photos/2024/cat.jpg", "photos/2024/cat.jpg"},
        {"space", "my file.txt", "my%20file.txt"},
        {"plus", "a+b", "a%2Bb"},
        {"tilde kept", "tilde~name", "tilde~name"},
        {"unreserved kept", "A-Z_a.z~0", "A-Z_a.z~0"},
        {"slashes kept, doubled too", "a//b/", "a//b/"},
        {"dot segments kept", "a/./b/../c", "a/./b/../c"},
        {"latin-1 in UTF-8", "r\xC3\xA9sum\xC3\xA9.txt", "r%C3%A9sum%C3%A9.txt"},
        {"CJK in UTF-8", "\xE6\x97\xA5\xE6\x9C\xAC", "%E6%97%A5%E6%9C%AC"},
        {"emoji in UTF-8", "\xF0\x9F\x98\x80", "%F0%9F%98%80"},
        {"percent", "100%", "100%25"},
        {"query characters", "x?y#z&w=v", "x%3Fy%23z%26w%3Dv"},
        {"reserved sub-delims", "!$'()*,;:@", "%21%24%27%28%29%2A%2C%3B%3A%40"},
        {"control and NUL bytes", std::string("a\nb\0c", 5), "a%0Ab%00c"},
        {"empty", "", ""},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(awsrest::s3::encode_key(row.key) == row.encoded);
    }
}

TEST_CASE("s3: url-encoded listing names decode '+' as space and %XX as bytes", "[s3][address]") {
    CHECK(awsrest::s3::url_decode("my+file%2Bv2.txt") == "my file+v2.txt");
    CHECK(awsrest::s3::url_decode("r%C3%A9sum%c3%a9") == "r\xC3\xA9sum\xC3\xA9");
    CHECK(awsrest::s3::url_decode("") == "");
    CHECK_FALSE(awsrest::s3::url_decode("bad%2").has_value());
    CHECK_FALSE(awsrest::s3::url_decode("bad%").has_value());
    CHECK_FALSE(awsrest::s3::url_decode("bad%zz").has_value());
}

TEST_CASE("s3: DNS-compatible bucket names", "[s3][address]") {
    struct Row {
        const char* bucket;
        bool compatible;
    };
    const Row rows[] = {
        {"examplebucket", true},
        {"my-bucket.logs", true},
        {"a1b", true},
        {"ab", false},
        {"Upper", false},
        {"under_score", false},
        {"-start", false},
        {"end-", false},
        {"double..dot", false},
        {"dot.-dash", false},
        {"dash-.dot", false},
        {"192.168.5.4", false},
        {"192.168.5", true},
        {"", false},
        {"a23456789012345678901234567890123456789012345678901234567890123", true},
        {"a234567890123456789012345678901234567890123456789012345678901234", false},
    };
    for (const auto& row : rows) {
        INFO(row.bucket);
        CHECK(awsrest::is_dns_compatible_bucket(row.bucket) == row.compatible);
    }
}

TEST_CASE("s3: virtual-hosted style puts the bucket in the host, with fallbacks to path style", "[s3][address]") {
    const Endpoint aws{"https", "s3.eu-west-1.amazonaws.com", 0, ""};
    const Endpoint local{"http", "127.0.0.1", 4566, ""};
    const Endpoint localhost{"http", "localhost", 4566, ""};
    const Endpoint ipv6{"http", "[::1]", 4566, ""};
    const Endpoint plain_http{"http", "s3.example.test", 9000, ""};
    const Endpoint prefixed{"https", "gateway.example.test", 0, "/storage"};
    struct Row {
        const char* name;
        Endpoint endpoint;
        S3AddressingStyle style;
        std::string bucket;
        std::string key;
        std::string host;
        std::string path;
        bool virtual_hosted;
    };
    const auto V = S3AddressingStyle::VirtualHosted;
    const auto P = S3AddressingStyle::Path;
    const Row rows[] = {
        {"virtual", aws, V, "examplebucket", "a b/c.txt", "examplebucket.s3.eu-west-1.amazonaws.com", "/a%20b/c.txt",
         true},
        {"virtual bucket root", aws, V, "examplebucket", "", "examplebucket.s3.eu-west-1.amazonaws.com", "/", true},
        {"path asked for", aws, P, "examplebucket", "a b/c.txt", "s3.eu-west-1.amazonaws.com",
         "/examplebucket/a%20b/c.txt", false},
        {"path bucket root", aws, P, "examplebucket", "", "s3.eu-west-1.amazonaws.com", "/examplebucket", false},
        {"not DNS-compatible", aws, V, "My_Bucket", "k", "s3.eu-west-1.amazonaws.com", "/My_Bucket/k", false},
        {"dotted over https", aws, V, "my.bucket", "k", "s3.eu-west-1.amazonaws.com", "/my.bucket/k", false},
        {"dotted over http", plain_http, V, "my.bucket", "k", "my.bucket.s3.example.test", "/k", true},
        {"IPv4 endpoint", local, V, "examplebucket", "k", "127.0.0.1", "/examplebucket/k", false},
        {"localhost endpoint", localhost, V, "examplebucket", "k", "localhost", "/examplebucket/k", false},
        {"IPv6 endpoint", ipv6, V, "examplebucket", "k", "[::1]", "/examplebucket/k", false},
        {"base path kept", prefixed, P, "examplebucket", "k", "gateway.example.test", "/storage/examplebucket/k",
         false},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        auto location = awsrest::s3::locate(row.endpoint, row.style, row.bucket, row.key, "S3.Test");
        REQUIRE(location.ok());
        CHECK(location->endpoint.host == row.host);
        CHECK(location->endpoint.port == row.endpoint.port);
        CHECK(location->endpoint.scheme == row.endpoint.scheme);
        CHECK(location->path == row.path);
        CHECK(location->virtual_hosted == row.virtual_hosted);
    }
}

TEST_CASE("s3: empty or oversized names are refused before sending", "[s3][address]") {
    const Endpoint aws{"https", "s3.us-east-1.amazonaws.com", 0, ""};
    auto no_bucket = awsrest::s3::locate(aws, S3AddressingStyle::Path, "", "k", "S3.GetObject");
    REQUIRE_FALSE(no_bucket.ok());
    CHECK(no_bucket.error().kind == ErrorKind::InvalidArgument);
    CHECK(no_bucket.error().message == "S3.GetObject: the bucket name is empty");

    auto long_key = awsrest::s3::locate(aws, S3AddressingStyle::Path, "b", std::string(1025, 'k'), "S3.GetObject");
    REQUIRE_FALSE(long_key.ok());
    CHECK(long_key.error().message == "S3.GetObject: the key is longer than 1024 bytes");
    CHECK(awsrest::s3::locate(aws, S3AddressingStyle::Path, "b", std::string(1024, 'k'), "S3.GetObject").ok());
}
