// CloudWatchClient through AwsClient and a scripted transport: the exact POST and the answers.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "awsrest/aws_client.hpp"
#include "awsrest/cloudwatch.hpp"
#include "s3/s3_test_data.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

using awsrest::ErrorKind;
using service_test::data_file;

namespace {

struct CloudWatchFixture {
    std::string header(const char* name) const {
        return std::string(awsrest::find_header(http.sent.at(0).request.headers, name).value_or("<none>"));
    }

    test_support::ScriptedHttp http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;  // 2015-08-30T12:36:00Z
    awsrest::SeededRandom random{7};
    awsrest::AwsClient client{http, credentials, clock, &random};
    awsrest::CloudWatchClient cloudwatch{
        client, {awsrest::Endpoint{"https", "monitoring.us-east-1.amazonaws.com", 0, ""}, "us-east-1", ""}};
};

awsrest::PutMetricDataRequest one_value() {
    awsrest::PutMetricDataRequest request;
    request.name_space = "TestNamespace";
    awsrest::MetricDatum d;
    d.metric_name = "buffers";
    d.value = 231434333;
    d.unit = "Bytes";
    request.metric_data.push_back(d);
    return request;
}

}  // namespace

TEST_CASE("cloudwatch: put_metric_data POSTs a form signed for 'monitoring'", "[cloudwatch][client]") {
    CloudWatchFixture f;
    f.http.respond(200, data_file("cloudwatch", "put_metric_data.xml"), {{"Content-Type", "text/xml"}});
    auto put = f.cloudwatch.put_metric_data(one_value());
    REQUIRE(put.ok());
    REQUIRE(f.http.sent.size() == 1);
    const auto& request = f.http.sent[0].request;
    CHECK(request.method == "POST");
    CHECK(request.path == "/");
    CHECK(f.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8");
    CHECK_THAT(f.header("Authorization"),
               Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/monitoring/aws4_request"));
    CHECK(request.body ==
          "Action=PutMetricData&Version=2010-08-01&Namespace=TestNamespace&MetricData.member.1.MetricName=buffers"
          "&MetricData.member.1.Value=231434333&MetricData.member.1.Unit=Bytes");
}

TEST_CASE("cloudwatch: an error answer becomes a service error with code, message and request id",
          "[cloudwatch][client]") {
    CloudWatchFixture f;
    f.http.respond(400, data_file("cloudwatch", "error_invalid_parameter_value.xml"), {{"Content-Type", "text/xml"}});
    auto put = f.cloudwatch.put_metric_data(one_value());
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().kind == ErrorKind::Service);
    CHECK(put.error().http_status == 400);
    CHECK(put.error().code == "InvalidParameterValue");
    CHECK(put.error().request_id == "0d0a1fd2-7b3c-4f9e-9b1a-3a1f2c4d5e6f");
    CHECK_THAT(put.error().message, Catch::Contains("MetricData.member.1.Value is invalid"));
}

TEST_CASE("cloudwatch: an answer that is not PutMetricDataResponse is a parse error", "[cloudwatch][client]") {
    CloudWatchFixture f;
    f.http.respond(200, "<SomethingElse/>", {{"Content-Type", "text/xml"}});
    auto put = f.cloudwatch.put_metric_data(one_value());
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().kind == ErrorKind::Parse);
    CHECK_THAT(put.error().message, Catch::Contains("CloudWatch.PutMetricData"));
}

TEST_CASE("cloudwatch: a NaN is refused before anything is sent", "[cloudwatch][client]") {
    CloudWatchFixture f;
    auto request = one_value();
    request.metric_data[0].value = std::nan("");
    auto put = f.cloudwatch.put_metric_data(request);
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().kind == ErrorKind::InvalidArgument);
    CHECK(f.http.sent.empty());
}
