// Endpoint resolution: the default endpoint table, the precedence of --endpoint-url,
// AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL, and the legacy host names of niam.
#include <catch2/catch.hpp>

#include <awsrest/endpoints.hpp>

#include <map>

using awsrest::ErrorKind;

namespace {

awsrest::EnvLookup env_of(std::map<std::string, std::string> values) {
    return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

}  // namespace

TEST_CASE("endpoints: default endpoint of each service and region", "[endpoints]") {
    struct Row {
        const char* service;
        const char* region;
        const char* host;
    };
    const Row rows[] = {
        {"sqs", "eu-west-1", "sqs.eu-west-1.amazonaws.com"},
        {"s3", "us-east-1", "s3.us-east-1.amazonaws.com"},
        {"s3", "ap-southeast-2", "s3.ap-southeast-2.amazonaws.com"},
        {"sns", "us-west-2", "sns.us-west-2.amazonaws.com"},
        {"ec2", "eu-central-1", "ec2.eu-central-1.amazonaws.com"},
        {"sts", "us-gov-west-1", "sts.us-gov-west-1.amazonaws.com"},
        {"sqs", "cn-north-1", "sqs.cn-north-1.amazonaws.com.cn"},
        {"s3", "cn-northwest-1", "s3.cn-northwest-1.amazonaws.com.cn"},
        {"SQS", "eu-west-1", "sqs.eu-west-1.amazonaws.com"},
    };
    for (const Row& row : rows) {
        INFO(row.service << " in " << row.region);
        auto endpoint = awsrest::default_endpoint(row.service, row.region);
        REQUIRE(endpoint.ok());
        CHECK(endpoint->scheme == "https");
        CHECK(endpoint->host == row.host);
        CHECK(endpoint->port == 0);
        CHECK(endpoint->base_path.empty());
    }
}

TEST_CASE("endpoints: a region that cannot be part of a host name is refused", "[endpoints]") {
    for (const char* region : {"", "eu west 1", "eu-west-1.evil.com", "EU-WEST-1", "eu-west-1/x"}) {
        INFO("region '" << region << "'");
        auto endpoint = awsrest::default_endpoint("sqs", region);
        REQUIRE_FALSE(endpoint.ok());
        CHECK(endpoint.error().kind == ErrorKind::InvalidArgument);
    }
    CHECK_FALSE(awsrest::default_endpoint("s q s", "eu-west-1").ok());
}

TEST_CASE("endpoints: service ids of the AWS_ENDPOINT_URL_ variables", "[endpoints]") {
    CHECK(awsrest::endpoint_env_suffix("sqs") == "SQS");
    CHECK(awsrest::endpoint_env_suffix("s3") == "S3");
    CHECK(awsrest::endpoint_env_suffix("sts") == "STS");
    CHECK(awsrest::endpoint_env_suffix("Secrets Manager") == "SECRETS_MANAGER");
}

TEST_CASE("endpoints: with nothing configured the default endpoint is used", "[endpoints]") {
    auto resolved = awsrest::resolve_endpoint("sqs", "eu-west-1", env_of({}));
    REQUIRE(resolved.ok());
    CHECK(resolved->endpoint.origin() == "https://sqs.eu-west-1.amazonaws.com");
    CHECK(resolved->region == "eu-west-1");
    CHECK(resolved->signing_name == "sqs");
}

TEST_CASE("endpoints: --endpoint-url beats AWS_ENDPOINT_URL_<SERVICE> beats AWS_ENDPOINT_URL", "[endpoints]") {
    const std::map<std::string, std::string> all = {
        {"AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324"},
        {"AWS_ENDPOINT_URL", "http://localhost:4566"},
    };
    SECTION("the explicit URL wins over both variables") {
        auto resolved = awsrest::resolve_endpoint("sqs", "eu-west-1", env_of(all), std::string("http://10.0.0.5:8080"));
        REQUIRE(resolved.ok());
        CHECK(resolved->endpoint.scheme == "http");
        CHECK(resolved->endpoint.host == "10.0.0.5");
        CHECK(resolved->endpoint.port == 8080);
        CHECK(resolved->region == "eu-west-1");
    }
    SECTION("the service's own variable wins over the general one") {
        auto resolved = awsrest::resolve_endpoint("sqs", "eu-west-1", env_of(all));
        REQUIRE(resolved.ok());
        CHECK(resolved->endpoint.origin() == "http://127.0.0.1:9324");
    }
    SECTION("another service's variable does not apply; the general one does") {
        auto resolved = awsrest::resolve_endpoint("s3", "eu-west-1", env_of(all));
        REQUIRE(resolved.ok());
        CHECK(resolved->endpoint.origin() == "http://localhost:4566");
        CHECK(resolved->signing_name == "s3");
    }
    SECTION("each service reads its own variable") {
        const std::map<std::string, std::string> per_service = {
            {"AWS_ENDPOINT_URL_SQS", "http://sqs.local:1"}, {"AWS_ENDPOINT_URL_S3", "http://s3.local:2"},
            {"AWS_ENDPOINT_URL_SNS", "http://sns.local:3"}, {"AWS_ENDPOINT_URL_EC2", "http://ec2.local:4"},
            {"AWS_ENDPOINT_URL_STS", "http://sts.local:5"},
        };
        int port = 1;
        for (const char* service : {"sqs", "s3", "sns", "ec2", "sts"}) {
            auto resolved = awsrest::resolve_endpoint(service, "us-east-1", env_of(per_service));
            REQUIRE(resolved.ok());
            CHECK(resolved->endpoint.host == std::string(service) + ".local");
            CHECK(resolved->endpoint.port == port++);
        }
    }
    SECTION("an empty variable counts as unset") {
        auto resolved = awsrest::resolve_endpoint(
            "sqs", "eu-west-1", env_of({{"AWS_ENDPOINT_URL_SQS", ""}, {"AWS_ENDPOINT_URL", "http://localhost:4566"}}));
        REQUIRE(resolved.ok());
        CHECK(resolved->endpoint.origin() == "http://localhost:4566");
    }
    SECTION("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ignores the variables but not --endpoint-url") {
        auto env = all;
        env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        auto resolved = awsrest::resolve_endpoint("sqs", "eu-west-1", env_of(env));
        REQUIRE(resolved.ok());
        CHECK(resolved->endpoint.origin() == "https://sqs.eu-west-1.amazonaws.com");
        auto explicit_url = awsrest::resolve_endpoint("sqs", "eu-west-1", env_of(env), std::string("http://h:1"));
        REQUIRE(explicit_url.ok());
        CHECK(explicit_url->endpoint.origin() == "http://h:1");
    }
}

TEST_CASE("endpoints: a malformed configured URL is an error naming where it came from", "[endpoints]") {
    auto resolved = awsrest::resolve_endpoint("sqs", "eu-west-1", env_of({{"AWS_ENDPOINT_URL_SQS", "http://h:99999"}}));
    REQUIRE_FALSE(resolved.ok());
    CHECK(resolved.error().kind == ErrorKind::InvalidArgument);
    CHECK_THAT(resolved.error().message, Catch::Contains("AWS_ENDPOINT_URL_SQS"));
}

TEST_CASE("endpoints: the signing region comes from the host when none is given", "[endpoints]") {
    auto legacy = awsrest::resolve_endpoint("sqs", "", env_of({}), std::string("eu-west-1.queue.amazonaws.com"));
    REQUIRE(legacy.ok());
    CHECK(legacy->region == "eu-west-1");
    CHECK(legacy->endpoint.origin() == "https://eu-west-1.queue.amazonaws.com");

    auto given =
        awsrest::resolve_endpoint("sqs", "us-west-2", env_of({}), std::string("eu-west-1.queue.amazonaws.com"));
    REQUIRE(given.ok());
    CHECK(given->region == "us-west-2");

    auto local = awsrest::resolve_endpoint("sqs", "", env_of({}), std::string("http://127.0.0.1:4566"));
    REQUIRE_FALSE(local.ok());
    CHECK(local.error().kind == ErrorKind::InvalidArgument);
    CHECK_THAT(local.error().message, Catch::Contains("--region"));

    auto none = awsrest::resolve_endpoint("sqs", "", env_of({}));
    REQUIRE_FALSE(none.ok());
}

TEST_CASE("endpoints: legacy host names and URLs map to an endpoint and a region", "[endpoints]") {
    struct Row {
        const char* service;
        const char* text;
        const char* scheme;
        const char* host;
        int port;
        const char* region;  // nullptr: none
    };
    const Row rows[] = {
        {"sqs", "eu-west-1.queue.amazonaws.com", "https", "eu-west-1.queue.amazonaws.com", 0, "eu-west-1"},
        {"sqs", "sqs.eu-west-1.amazonaws.com", "https", "sqs.eu-west-1.amazonaws.com", 0, "eu-west-1"},
        {"sqs", "queue.amazonaws.com", "https", "queue.amazonaws.com", 0, "us-east-1"},
        {"sqs", "https://sqs.ap-northeast-1.amazonaws.com/", "https", "sqs.ap-northeast-1.amazonaws.com", 0,
         "ap-northeast-1"},
        {"sqs", "SQS.EU-WEST-2.AMAZONAWS.COM", "https", "sqs.eu-west-2.amazonaws.com", 0, "eu-west-2"},
        {"sqs", "sqs.cn-north-1.amazonaws.com.cn", "https", "sqs.cn-north-1.amazonaws.com.cn", 0, "cn-north-1"},
        {"s3", "s3-eu-west-1.amazonaws.com", "https", "s3-eu-west-1.amazonaws.com", 0, "eu-west-1"},
        {"s3", "s3.eu-west-1.amazonaws.com", "https", "s3.eu-west-1.amazonaws.com", 0, "eu-west-1"},
        {"s3", "s3.amazonaws.com", "https", "s3.amazonaws.com", 0, "us-east-1"},
        {"s3", "s3-external-1.amazonaws.com", "https", "s3-external-1.amazonaws.com", 0, "us-east-1"},
        {"s3", "my-bucket.s3.eu-central-1.amazonaws.com", "https", "my-bucket.s3.eu-central-1.amazonaws.com", 0,
         "eu-central-1"},
        {"s3", "s3-us-gov-west-1.amazonaws.com", "https", "s3-us-gov-west-1.amazonaws.com", 0, "us-gov-west-1"},
        {"sts", "sts.amazonaws.com", "https", "sts.amazonaws.com", 0, "us-east-1"},
        {"ec2", "ec2.sa-east-1.amazonaws.com", "https", "ec2.sa-east-1.amazonaws.com", 0, "sa-east-1"},
        {"sqs", "http://127.0.0.1:4566", "http", "127.0.0.1", 4566, nullptr},
        {"sqs", "localhost:9324", "https", "localhost", 9324, nullptr},
        {"s3", "http://localhost:9000/", "http", "localhost", 9000, nullptr},
        {"sqs", "  queue.amazonaws.com  ", "https", "queue.amazonaws.com", 0, "us-east-1"},
        {"sqs", "queue.amazonaws.com.example.net", "https", "queue.amazonaws.com.example.net", 0, nullptr},
        {"sqs", "example.com", "https", "example.com", 0, nullptr},
        {"sqs", "amazonaws.com", "https", "amazonaws.com", 0, nullptr},
    };
    for (const Row& row : rows) {
        INFO(row.service << " '" << row.text << "'");
        auto legacy = awsrest::endpoint_from_legacy_host(row.service, row.text);
        REQUIRE(legacy.ok());
        CHECK(legacy->endpoint.scheme == row.scheme);
        CHECK(legacy->endpoint.host == row.host);
        CHECK(legacy->endpoint.port == row.port);
        if (row.region == nullptr) {
            CHECK_FALSE(legacy->region.has_value());
        } else {
            REQUIRE(legacy->region.has_value());
            CHECK(*legacy->region == row.region);
        }
    }
}

TEST_CASE("endpoints: text that is no host or URL is refused", "[endpoints]") {
    for (const char* text : {"", "   ", "ftp://example.com", "http://", "http://host:0", "http://host:99999",
                             "host name.com", "http://user@host"}) {
        INFO("'" << text << "'");
        auto legacy = awsrest::endpoint_from_legacy_host("sqs", text);
        REQUIRE_FALSE(legacy.ok());
        CHECK(legacy.error().kind == ErrorKind::InvalidArgument);
    }
}

TEST_CASE("endpoints: region name shapes", "[endpoints]") {
    for (const char* region : {"eu-west-1", "us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-2",
                               "il-central-1", "us-isob-east-1"}) {
        INFO(region);
        CHECK(awsrest::looks_like_region(region));
    }
    for (const char* text : {"", "eu", "eu-west", "eu-1", "west-1a", "s3-external-1", "external-1", "EU-WEST-1",
                             "eu-west-1-", "eu--west-1", "dualstack", "queue"}) {
        INFO(text);
        CHECK_FALSE(awsrest::looks_like_region(text));
    }
}
