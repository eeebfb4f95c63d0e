// error_from_response against the error bodies in the AWS documentation: SQS (JSON and
// Query), SNS, STS, S3, EC2, REST-JSON, and answers that carry no AWS error at all.
#include <catch2/catch.hpp>

#include <awsrest/aws_client.hpp>

#include "client/aws_error_body.hpp"

using awsrest::ErrorKind;

namespace {

struct Row {
    const char* name;
    int status;
    awsrest::Headers headers;
    std::string body;
    ErrorKind kind;
    const char* code;
    const char* message;
    const char* request_id;
};

awsrest::Response response_of(const Row& row) {
    awsrest::Response response;
    response.status = row.status;
    response.headers = row.headers;
    response.body = row.body;
    return response;
}

}  // namespace

TEST_CASE("client: error_from_response reads every documented AWS error body", "[client][aws_error]") {
    const std::vector<Row> rows = {
        {"SQS JSON protocol with the query-compatible code header",
         400,
         {{"x-amzn-RequestId", "66916324-67ca-54bb-a410-3f567a7a0571"},
          {"x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"},
          {"Content-Type", "application/x-amz-json-1.0"}},
         "{\n    \"__type\": \"com.amazonaws.sqs#QueueDoesNotExist\",\n"
         "    \"message\": \"The specified queue does not exist.\"\n}",
         ErrorKind::Service,
         "AWS.SimpleQueueService.NonExistentQueue",
         "SQS.GetQueueUrl: The specified queue does not exist.",
         "66916324-67ca-54bb-a410-3f567a7a0571"},
        {"SQS JSON protocol without the query-compatible header",
         400,
         {{"x-amzn-RequestId", "66916324-67ca-54bb-a410-3f567a7a0571"}},
         R"({"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."})",
         ErrorKind::Service,
         "QueueDoesNotExist",
         "SQS.GetQueueUrl: The specified queue does not exist.",
         "66916324-67ca-54bb-a410-3f567a7a0571"},
        {"JSON 1.1 with a bare __type and Message",
         400,
         {{"x-amzn-RequestId", "b25f48e8-84fd-11e6-80d9-574e0c4664cb"}},
         R"({"__type":"UnrecognizedClientException","Message":"The security token included in the request is invalid."})",
         ErrorKind::Service,
         "UnrecognizedClientException",
         "SQS.GetQueueUrl: The security token included in the request is invalid.",
         "b25f48e8-84fd-11e6-80d9-574e0c4664cb"},
        {"REST-JSON: the code in x-amzn-ErrorType",
         400,
         {{"x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/"},
          {"x-amzn-RequestId", "c0ffee00-0000-4000-8000-000000000001"}},
         R"({"message":"1 validation error detected"})",
         ErrorKind::Service,
         "ValidationException",
         "SQS.GetQueueUrl: 1 validation error detected",
         "c0ffee00-0000-4000-8000-000000000001"},
        {"SQS Query protocol (message wrapped over lines, as in the SQS guide)",
         400,
         {},
         "<ErrorResponse>\n    <Error>\n        <Type>Sender</Type>\n"
         "        <Code>InvalidParameterValue</Code>\n        <Message>\n"
         "            Value (quename_nonalpha) for parameter QueueName is invalid.\n"
         "            Must be an alphanumeric String of 1 to 80 in length.\n"
         "        </Message>\n    </Error>\n"
         "    <RequestId>42d59b56-7407-4c4a-be0f-4c88daeea257</RequestId>\n</ErrorResponse>",
         ErrorKind::Service,
         "InvalidParameterValue",
         "SQS.GetQueueUrl: Value (quename_nonalpha) for parameter QueueName is invalid. Must be an alphanumeric "
         "String of 1 to 80 in length.",
         "42d59b56-7407-4c4a-be0f-4c88daeea257"},
        {"SNS (namespaced ErrorResponse)",
         404,
         {},
         "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n  <Error>\n    <Type>Sender</Type>\n"
         "    <Code>NotFound</Code>\n    <Message>Topic does not exist</Message>\n  </Error>\n"
         "  <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>\n</ErrorResponse>",
         ErrorKind::Service,
         "NotFound",
         "SQS.GetQueueUrl: Topic does not exist",
         "9dd01905-5012-5f99-8663-4b3ecd0dfaef"},
        {"STS AccessDenied",
         403,
         {},
         "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n"
         "    <Code>AccessDenied</Code>\n    <Message>User: arn:aws:iam::123456789012:user/Bob is not authorized "
         "to perform: sts:AssumeRole</Message>\n  </Error>\n"
         "  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>\n</ErrorResponse>",
         ErrorKind::Service,
         "AccessDenied",
         "SQS.GetQueueUrl: User: arn:aws:iam::123456789012:user/Bob is not authorized to perform: sts:AssumeRole",
         "c6104cbe-af31-11e0-8154-cbc7ccf896c7"},
        {"S3 <Error> with the request id in the body",
         404,
         {},
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>NoSuchKey</Code>\n"
         "  <Message>The resource you requested does not exist</Message>\n"
         "  <Resource>/mybucket/myfoto.jpg</Resource>\n  <RequestId>4442587FB7D0A2F9</RequestId>\n</Error>",
         ErrorKind::Service,
         "NoSuchKey",
         "SQS.GetQueueUrl: The resource you requested does not exist",
         "4442587FB7D0A2F9"},
        {"S3 prefers the x-amz-request-id header",
         403,
         {{"x-amz-request-id", "656c76696e6727732072657175657374"}},
         "<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
         "<RequestId>656c76696e6727732072657175657374</RequestId></Error>",
         ErrorKind::Service,
         "AccessDenied",
         "SQS.GetQueueUrl: Access Denied",
         "656c76696e6727732072657175657374"},
        {"EC2 <Response><Errors><Error> with RequestID",
         400,
         {},
         "<Response>\n    <Errors>\n         <Error>\n           <Code>InvalidInstanceID.NotFound</Code>\n"
         "           <Message>The instance ID 'i-1a2b3c4d' does not exist</Message>\n         </Error>\n"
         "    </Errors>\n    <RequestID>ea966190-f9aa-478e-9ede-example</RequestID>\n</Response>",
         ErrorKind::Service,
         "InvalidInstanceID.NotFound",
         "SQS.GetQueueUrl: The instance ID 'i-1a2b3c4d' does not exist",
         "ea966190-f9aa-478e-9ede-example"},
        {"an HTML page from a load balancer",
         503,
         {},
         "<html><body><h1>503 Service Unavailable</h1></body></html>",
         ErrorKind::Http,
         "",
         "SQS.GetQueueUrl: HTTP 503: <html><body><h1>503 Service Unavailable</h1></body></html>",
         ""},
        {"an empty body",
         404,
         {{"x-amz-request-id", "0A49CE4060975EAC"}},
         "",
         ErrorKind::Http,
         "",
         "SQS.GetQueueUrl: HTTP 404 (empty body)",
         "0A49CE4060975EAC"},
        {"XML without a Code",
         400,
         {},
         "<ErrorResponse><Error><Message>no code here</Message></Error></ErrorResponse>",
         ErrorKind::Http,
         "",
         "SQS.GetQueueUrl: HTTP 400: <ErrorResponse><Error><Message>no code here</Message></Error></ErrorResponse>",
         ""},
        {"truncated JSON",
         500,
         {},
         R"({"__type":"InternalFailure","message":"The request proc)",
         ErrorKind::Http,
         "",
         R"(SQS.GetQueueUrl: HTTP 500: {"__type":"InternalFailure","message":"The request proc)",
         ""},
        {"control characters and a line break in a plain-text body",
         502,
         {},
         std::string("Bad\x1b[31m gateway\r\n\x01upstream\xff"),
         ErrorKind::Http,
         "",
         "SQS.GetQueueUrl: HTTP 502: Bad?[31m gateway ?upstream?",
         ""},
    };
    for (const auto& row : rows) {
        SECTION(row.name) {
            const awsrest::Error error = awsrest::error_from_response(response_of(row), "SQS.GetQueueUrl");
            CHECK(error.kind == row.kind);
            CHECK(error.code == row.code);
            CHECK(error.message == row.message);
            CHECK(error.request_id == row.request_id);
            CHECK(error.http_status == row.status);
        }
    }
}

TEST_CASE("client: error_from_response names the status reason and quotes a bounded start of the body",
          "[client][aws_error]") {
    awsrest::Response response;
    response.status = 503;
    response.reason = "Service Unavailable";
    response.body = std::string(5000, 'x');
    const auto error = awsrest::error_from_response(response, "S3.GetObject");
    CHECK(error.kind == ErrorKind::Http);
    CHECK(error.message == "S3.GetObject: HTTP 503 Service Unavailable: " + std::string(200, 'x') + "...");
}

TEST_CASE("client: a huge error body is not parsed but reported as HTTP", "[client][aws_error]") {
    awsrest::Response response;
    response.status = 400;
    response.body = R"({"__type":"ThrottlingException","message":")" +
                    std::string(awsrest::client::kMaxErrorBodyBytes, 'a') + "\"}";
    const auto error = awsrest::error_from_response(response, "SQS.SendMessage");
    CHECK(error.kind == ErrorKind::Http);
    CHECK(error.code.empty());
}

TEST_CASE("client: deeply nested JSON and XML error bodies do not crash", "[client][aws_error]") {
    const std::string json = std::string(200000, '[') + std::string(200000, ']');
    CHECK_FALSE(awsrest::client::parse_json_error_body(json));
    std::string xml;
    for (int i = 0; i < 50000; ++i) xml += "<a>";
    CHECK_FALSE(awsrest::client::parse_xml_error_body(xml));
}

TEST_CASE("client: error codes are cut at '#' and ':'", "[client][aws_error]") {
    CHECK(awsrest::client::short_error_code("com.amazonaws.sqs#QueueDoesNotExist") == "QueueDoesNotExist");
    CHECK(awsrest::client::short_error_code("ValidationException:http://internal.amazon.com/coral/x/") ==
          "ValidationException");
    CHECK(awsrest::client::short_error_code("aws.protocoltests#FooError:http://x/") == "FooError");
    CHECK(awsrest::client::short_error_code("Throttling") == "Throttling");
}

TEST_CASE("client: the JSON error parser takes top-level strings of one object only", "[client][aws_error]") {
    using awsrest::client::parse_json_error_body;
    const auto nested = parse_json_error_body(
        R"({"Error":{"__type":"Inner","message":"inner"},"__type":"a#Outer","n":1.5e300,"ok":true,"x":null,)"
        R"("list":[{"message":"in a list"}],"message":"outer \u00e9\n"})");
    REQUIRE(nested);
    CHECK(nested->code == "Outer");
    CHECK(nested->message == "outer ??");  // the escape decoded, then made printable
    const auto duplicate = parse_json_error_body(R"({"__type":"First","__type":"Second","message":7})");
    REQUIRE(duplicate);
    CHECK(duplicate->code == "First");
    CHECK(duplicate->message.empty());
    const auto fallback = parse_json_error_body(R"({"__type":5,"code":"FromCode","errorMessage":"m"})");
    REQUIRE(fallback);
    CHECK(fallback->code == "FromCode");
    CHECK(fallback->message == "m");

    CHECK_FALSE(parse_json_error_body(R"(["__type","X"])"));
    CHECK_FALSE(parse_json_error_body(R"("__type")"));
    CHECK_FALSE(parse_json_error_body(R"({"__type":"X"} trailing)"));
    CHECK_FALSE(parse_json_error_body(std::string("{\"__type\":\"X\"}\0{}", 16)));
    CHECK_FALSE(parse_json_error_body(std::string(33, '[') + std::string(33, ']')));
    CHECK(parse_json_error_body("  {}  \n"));
}
