// awsrest-cli's service commands end to end: the tool runs as a child process with the
// stack's environment only (endpoints, test identity, region, IMDS endpoint; plus PATH and
// any sanitizer options),
// every signed request goes through the stack's SigV4 verifier, and the JSON on stdout is
// checked against values the stack defines or that were computed independently (md5sum,
// base64 by hand).
#include <rapidjson/document.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "cli_runner.hpp"
#include "local_stack.hpp"
#include "support/read_file.hpp"

namespace {

using test_support::read_file;

using cli_test::ProcessResult;
using stack::LocalStack;

ProcessResult cli(const std::vector<std::string>& args, const std::string& input = "") {
    return cli_test::run_process(AWSREST_CLI_PATH, args, cli_test::stack_environment(), input);
}

#define REQUIRE_EXIT(run, code)                                                               \
    do {                                                                                      \
        INFO("awsrest-cli stdout:\n" << (run).out << "\nawsrest-cli stderr:\n" << (run).err); \
        REQUIRE((run).exit_code == (code));                                                   \
    } while (0)

rapidjson::Document json_of(const ProcessResult& run) {
    INFO("awsrest-cli stdout:\n" << run.out << "\nawsrest-cli stderr:\n" << run.err);
    REQUIRE(run.exit_code == 0);
    rapidjson::Document doc;
    doc.Parse(run.out.c_str(), run.out.size());
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    return doc;
}

std::string text(const rapidjson::Value& object, const char* name) {
    INFO("member " << name);
    REQUIRE(object.IsObject());
    REQUIRE(object.HasMember(name));
    REQUIRE(object[name].IsString());
    return std::string(object[name].GetString(), object[name].GetStringLength());
}

const rapidjson::Value& member(const rapidjson::Value& object, const char* name) {
    INFO("member " << name);
    REQUIRE(object.IsObject());
    REQUIRE(object.HasMember(name));
    return object[name];
}

std::string queue_url_of(const std::string& name) {
    auto& stack = LocalStack::get();
    return stack.env("AWS_ENDPOINT_URL") + "/" + stack.env("STACK_ACCOUNT_ID") + "/" + name;
}

std::string queue_arn_of(const std::string& name) {
    auto& stack = LocalStack::get();
    return "arn:aws:sqs:" + stack.region() + ":" + stack.env("STACK_ACCOUNT_ID") + ":" + name;
}

std::string temp_path(const std::string& name) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/" + stack::unique_name(name);
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    REQUIRE(out.good());
}

void create_bucket(const std::string& bucket) {
    auto& stack = LocalStack::get();
    awsrest::Request request;
    request.method = "PUT";
    request.path = "/" + bucket;
    awsrest::CallOptions options;
    options.operation = "S3.CreateBucket";
    options.region = stack.region();
    options.service = "s3";
    options.s3_rules = true;
    auto created = stack.client().call(stack.endpoint(), request, options);
    INFO((created ? std::string() : created.error().describe()));
    REQUIRE(created.ok());
}

// A message body with every character JSON must escape that SQS allows, and non-ASCII
// UTF-8. Its MD5 from md5sum(1).
const std::string kEscapedBody = "tab\there \"quoted\" back\\slash\nnew line \xc3\xa9 \xe2\x9c\x93 <&>";
const std::string kEscapedBodyMd5 = "f502bef73e331afb33748eabe1624491";

// Sends, receives, reads attributes and deletes over one protocol; the queue is named by
// URL for some calls and by name (GetQueueUrl first) for others.
void sqs_round_trip(const std::string& protocol) {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string name = stack::unique_name("cli-" + protocol);
    const std::string url = queue_url_of(name);

    auto created = json_of(cli({"sqs", "create-queue", "--protocol", protocol, "--queue", name}));
    CHECK(text(created, "queue_url") == url);

    auto sent = json_of(cli({"sqs", "send", "--protocol", protocol, "--queue", name, "--body", kEscapedBody}));
    CHECK(text(sent, "queue_url") == url);
    CHECK(text(sent, "md5_of_body") == kEscapedBodyMd5);
    const std::string message_id = text(sent, "message_id");
    CHECK_FALSE(message_id.empty());

    auto received = json_of(cli({"sqs", "receive", "--protocol", protocol, "--queue-url", url, "--max", "1", "--wait",
                                 "5", "--visibility", "60", "--attributes", "All"}));
    const auto& messages = member(received, "messages");
    REQUIRE(messages.IsArray());
    REQUIRE(messages.Size() == 1);
    CHECK(text(messages[0], "message_id") == message_id);
    CHECK(text(messages[0], "body") == kEscapedBody);
    CHECK(text(messages[0], "md5_of_body") == kEscapedBodyMd5);
    CHECK(text(member(messages[0], "attributes"), "ApproximateReceiveCount") == "1");
    CHECK_FALSE(text(member(messages[0], "attributes"), "SentTimestamp").empty());
    CHECK(member(received, "rejected").Size() == 0);
    const std::string receipt = text(messages[0], "receipt_handle");

    auto attributes = json_of(cli({"sqs", "attributes", "--protocol", protocol, "--queue", name}));
    CHECK(text(member(attributes, "attributes"), "QueueArn") == queue_arn_of(name));
    CHECK(text(member(attributes, "attributes"), "ApproximateNumberOfMessagesNotVisible") == "1");

    auto deleted =
        json_of(cli({"sqs", "delete", "--protocol", protocol, "--queue-url", url, "--receipt-handle", receipt}));
    CHECK(member(deleted, "deleted").IsTrue());

    auto after = json_of(cli({"sqs", "attributes", "--protocol", protocol, "--queue-url", url, "--names",
                              "ApproximateNumberOfMessagesNotVisible,QueueArn"}));
    CHECK(text(member(after, "attributes"), "ApproximateNumberOfMessagesNotVisible") == "0");
    CHECK(text(member(after, "attributes"), "QueueArn") == queue_arn_of(name));

    CHECK(stack.requests("sqs", "CreateQueue") == 1);
    CHECK(stack.requests("sqs", "GetQueueUrl") == 2);
    CHECK(stack.requests("sqs", "SendMessage") == 1);
    CHECK(stack.requests("sqs", "ReceiveMessage") == 1);
    CHECK(stack.requests("sqs", "DeleteMessage") == 1);
    CHECK(stack.requests("sqs", "GetQueueAttributes") == 2);
    REQUIRE_NOTHING_REJECTED();
}

}  // namespace

TEST_CASE("cli: sqs over JSON creates a queue and sends receives and deletes a message", "[cli][sqs]") {
    sqs_round_trip("json");
}

TEST_CASE("cli: sqs over the Query protocol creates a queue and sends receives and deletes a message", "[cli][sqs]") {
    sqs_round_trip("query");
}

TEST_CASE("cli: sqs send-batch sends one message per line in calls of ten", "[cli][sqs]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string name = stack::unique_name("cli-batch");
    json_of(cli({"sqs", "create-queue", "--queue", name}));

    // 23 bodies; an empty line is skipped and a CRLF ending is not part of the body.
    std::string input;
    std::set<std::string> bodies;
    for (int i = 1; i <= 23; ++i) {
        const std::string body = "message " + std::to_string(i) + " \"of\" 23";
        bodies.insert(body);
        input += body + (i == 5 ? "\r\n" : "\n");
        if (i == 7) input += "\n";
    }
    auto sent = json_of(cli({"sqs", "send-batch", "--queue", name}, input));
    const auto& successful = member(sent, "successful");
    REQUIRE(successful.Size() == 23);
    CHECK(member(sent, "failed").Size() == 0);
    // Line 9 of the input is the empty one, so message 8 is on line 9 and message 23 on 24.
    CHECK(text(successful[0], "id") == "line-1");
    CHECK(member(successful[7], "line").GetInt() == 9);
    CHECK(member(successful[22], "line").GetInt() == 24);
    CHECK(stack.requests("sqs", "SendMessageBatch") == 3);

    std::set<std::string> received;
    for (int attempt = 0; attempt < 10 && received.size() < bodies.size(); ++attempt) {
        auto batch =
            json_of(cli({"sqs", "receive", "--queue", name, "--max", "10", "--wait", "2", "--visibility", "300"}));
        for (const auto& message : member(batch, "messages").GetArray()) received.insert(text(message, "body"));
    }
    CHECK(received == bodies);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: s3 put get and ls round trip", "[cli][s3]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string bucket = stack::unique_name("cli-bucket");
    create_bucket(bucket);

    // Control characters, which JSON writes as \u00XX, and UTF-8. MD5 from md5sum(1).
    const std::string content = "line one\nctrl \x01\x1f end \xc3\xa9\n";
    const std::string etag = "\"77f1be3af8e8708773041615283cac75\"";
    const std::string file = temp_path("cli-object");
    const std::string basename = file.substr(file.find_last_of('/') + 1);
    write_file(file, content);

    // A key ending in '/' takes the file's name.
    auto put = json_of(cli({"s3", "put", file, "s3://" + bucket + "/dir/", "--content-type", "text/plain", "--metadata",
                            "owner=cli", "--metadata", "purpose=test"}));
    const std::string key = "dir/" + basename;
    CHECK(text(put, "bucket") == bucket);
    CHECK(text(put, "key") == key);
    CHECK(text(put, "etag") == etag);
    CHECK(member(put, "size").GetUint64() == content.size());

    auto got = json_of(cli({"s3", "get", "s3://" + bucket + "/" + key}));
    CHECK(member(got, "not_modified").IsFalse());
    CHECK(text(got, "body") == content);
    CHECK(text(got, "etag") == etag);
    CHECK(text(got, "content_type") == "text/plain");
    CHECK(member(got, "size").GetUint64() == content.size());
    CHECK(text(member(got, "metadata"), "owner") == "cli");
    CHECK(text(member(got, "metadata"), "purpose") == "test");
    CHECK_FALSE(text(got, "last_modified").empty());

    auto unchanged = json_of(cli({"s3", "get", "s3://" + bucket + "/" + key, "--if-none-match", etag}));
    CHECK(member(unchanged, "not_modified").IsTrue());
    CHECK_FALSE(unchanged.HasMember("body"));

    const std::string copy = temp_path("cli-copy");
    auto saved = json_of(cli({"s3", "get", "s3://" + bucket + "/" + key, "-o", copy}));
    CHECK(text(saved, "file") == copy);
    CHECK_FALSE(saved.HasMember("body"));
    CHECK(read_file(copy) == content);

    // Bytes that are not UTF-8 come back as base64 (by hand: ff fe 00 01 -> "//4AAQ==").
    auto binary = json_of(cli({"s3", "put", "-", "s3://" + bucket + "/bin/raw"}, std::string("\xff\xfe\x00\x01", 4)));
    CHECK(member(binary, "size").GetUint64() == 4);
    auto binary_back = json_of(cli({"s3", "get", "s3://" + bucket + "/bin/raw", "--path-style"}));
    CHECK(text(binary_back, "body_base64") == "//4AAQ==");
    CHECK_FALSE(binary_back.HasMember("body"));

    auto listing = json_of(cli({"s3", "ls", "s3://" + bucket + "/dir/"}));
    CHECK(text(listing, "prefix") == "dir/");
    const auto& objects = member(listing, "objects");
    REQUIRE(objects.Size() == 1);
    CHECK(text(objects[0], "key") == key);
    CHECK(member(objects[0], "size").GetUint64() == content.size());
    CHECK(text(objects[0], "etag") == etag);

    auto top = json_of(cli({"s3", "ls", "s3://" + bucket, "--delimiter", "/"}));
    CHECK(member(top, "objects").Size() == 0);
    const auto& prefixes = member(top, "common_prefixes");
    REQUIRE(prefixes.Size() == 2);
    CHECK(std::string(prefixes[0].GetString()) == "bin/");
    CHECK(std::string(prefixes[1].GetString()) == "dir/");

    std::remove(file.c_str());
    std::remove(copy.c_str());
    CHECK(stack.requests("s3", "PutObject") == 2);
    CHECK(stack.requests("s3", "GetObject") == 4);
    CHECK(stack.requests("s3", "ListObjectsV2") == 2);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: sns publish reaches an SQS queue subscribed to the topic", "[cli][sns]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string queue = stack::unique_name("cli-sns-queue");
    const std::string topic_name = stack::unique_name("cli-topic");

    json_of(cli({"sqs", "create-queue", "--queue", queue}));
    auto attributes = json_of(cli({"sqs", "attributes", "--queue", queue, "--names", "QueueArn"}));
    const std::string queue_arn = text(member(attributes, "attributes"), "QueueArn");
    CHECK(queue_arn == queue_arn_of(queue));

    auto topic = json_of(cli({"sns", "create-topic", "--name", topic_name}));
    const std::string topic_arn = text(topic, "topic_arn");
    CHECK(topic_arn == "arn:aws:sns:" + stack.region() + ":" + stack.env("STACK_ACCOUNT_ID") + ":" + topic_name);

    auto subscription =
        json_of(cli({"sns", "subscribe", "--topic-arn", topic_arn, "--notification-endpoint", queue_arn}));
    CHECK(text(subscription, "subscription_arn").rfind(topic_arn + ":", 0) == 0);

    const std::string message = "sns says \"hi\"";
    auto published = json_of(cli({"sns", "publish", "--topic-arn", topic_arn, "--message", message, "--subject",
                                  "greeting", "--message-attribute", "kind=test"}));
    const std::string message_id = text(published, "message_id");
    CHECK_FALSE(message_id.empty());

    auto received = json_of(cli({"sqs", "receive", "--queue", queue, "--wait", "5"}));
    const auto& messages = member(received, "messages");
    REQUIRE(messages.Size() == 1);
    // The standard SNS envelope around the message.
    rapidjson::Document envelope;
    const std::string body = text(messages[0], "body");
    envelope.Parse(body.c_str(), body.size());
    REQUIRE_FALSE(envelope.HasParseError());
    CHECK(text(envelope, "Type") == "Notification");
    CHECK(text(envelope, "Message") == message);
    CHECK(text(envelope, "MessageId") == message_id);
    CHECK(text(envelope, "TopicArn") == topic_arn);
    CHECK(text(envelope, "Subject") == "greeting");
    CHECK(stack.requests("sns", "Publish") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: ec2 describe-instances lists an instance added through the control API", "[cli][ec2]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string name = stack::unique_name("cli-web");
    char id[32];
    std::snprintf(id, sizeof id, "i-0c11%013x", static_cast<unsigned>(::getpid()));
    stack.control("POST", "ec2/instances",
                  std::string(R"({"instanceId":")") + id + R"(","state":"running","region":")" + stack.region() +
                      R"(","instanceType":"t3.small","privateIpAddress":"10.9.8.7","ipAddress":"203.0.113.9",)" +
                      R"("availabilityZone":")" + stack.region() + R"(b","tags":{"Name":")" + name +
                      R"(","team":"niam"}})");

    auto by_tag = json_of(cli({"ec2", "describe-instances", "--filter", "Name=tag:Name,Values=" + name + ",other"}));
    const auto& instances = member(by_tag, "instances");
    REQUIRE(instances.Size() == 1);
    const auto& instance = instances[0];
    CHECK(text(instance, "instance_id") == id);
    CHECK(text(instance, "instance_type") == "t3.small");
    CHECK(text(member(instance, "state"), "name") == "running");
    CHECK(member(member(instance, "state"), "code").GetInt() == 16);
    CHECK(text(instance, "private_ip") == "10.9.8.7");
    CHECK(text(instance, "public_ip") == "203.0.113.9");
    CHECK(text(instance, "availability_zone") == stack.region() + "b");
    CHECK(text(instance, "name") == name);
    CHECK(text(member(instance, "tags"), "team") == "niam");

    auto by_id = json_of(
        cli({"ec2", "describe-instances", "--instance-id", id, "--filter", "Name=instance-state-name,Values=running"}));
    REQUIRE(member(by_id, "instances").Size() == 1);
    CHECK(text(member(by_id, "instances")[0], "instance_id") == id);

    auto none = json_of(cli({"ec2", "describe-instances", "--filter", "Name=tag:Name,Values=" + name + "-absent"}));
    CHECK(member(none, "instances").Size() == 0);

    stack.control("DELETE", std::string("ec2/instances/") + id);
    CHECK(stack.requests("ec2", "DescribeInstances") == 3);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: imds get gives the stack's instance id and region", "[cli][imds]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    auto id = json_of(cli({"imds", "get", "instance-id"}));
    CHECK(text(id, "instance_id") == stack.env("STACK_IMDS_INSTANCE_ID"));

    auto by_path = json_of(cli({"imds", "get", "/latest/meta-data/instance-id"}));
    CHECK(text(by_path, "path") == "/latest/meta-data/instance-id");
    CHECK(text(by_path, "value") == stack.env("STACK_IMDS_INSTANCE_ID"));

    auto identity = json_of(cli({"imds", "get", "identity"}));
    CHECK(text(identity, "instance_id") == stack.env("STACK_IMDS_INSTANCE_ID"));
    CHECK(text(identity, "account_id") == stack.env("STACK_ACCOUNT_ID"));
    CHECK(text(identity, "region") == text(json_of(cli({"imds", "get", "region"})), "region"));

    auto missing = cli({"imds", "get", "no/such/path"});
    REQUIRE_EXIT(missing, 1);
    CHECK(missing.err.find("404") != std::string::npos);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: whoami gives the test user's ARN", "[cli][sts]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    auto identity = json_of(cli({"whoami"}));
    CHECK(text(identity, "arn") == stack.env("STACK_TEST_USER_ARN"));
    CHECK(text(identity, "account") == stack.env("STACK_ACCOUNT_ID"));
    CHECK_FALSE(text(identity, "user_id").empty());
    CHECK(stack.requests("sts", "GetCallerIdentity") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: a failing call exits 1 with the AWS error code and request id on stderr", "[cli]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string missing_url = queue_url_of(stack::unique_name("cli-no-such-queue"));
    for (const std::string protocol : {"json", "query"}) {
        auto run = cli({"sqs", "send", "--protocol", protocol, "--queue-url", missing_url, "--body", "x"});
        INFO("protocol " << protocol);
        REQUIRE_EXIT(run, 1);
        CHECK(run.out.empty());
        CHECK(run.err.find("AWS.SimpleQueueService.NonExistentQueue") != std::string::npos);
        CHECK(run.err.find("HTTP 400") != std::string::npos);
        CHECK(run.err.find("request id ") != std::string::npos);
    }
    auto by_name = cli({"sqs", "receive", "--queue", stack::unique_name("cli-no-such-queue")});
    REQUIRE_EXIT(by_name, 1);
    CHECK(by_name.err.find("AWS.SimpleQueueService.NonExistentQueue") != std::string::npos);

    const std::string bucket = stack::unique_name("cli-bucket");
    create_bucket(bucket);
    auto no_key = cli({"s3", "get", "s3://" + bucket + "/no-such-key"});
    REQUIRE_EXIT(no_key, 1);
    CHECK(no_key.err.find("NoSuchKey") != std::string::npos);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: usage errors exit 2 and send nothing", "[cli]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::vector<std::vector<std::string>> wrong = {
        {"sqs"},
        {"sqs", "purge"},
        {"sqs", "send", "--queue", "q"},                                                // no body
        {"sqs", "send", "--queue", "q", "--queue-url", "http://x/1/q", "--body", "b"},  // two queues
        {"sqs", "receive", "--queue", "q", "--max", "11"},
        {"sqs", "receive", "--queue", "q", "--wait", "soon"},
        {"sqs", "create-queue", "--queue", "q", "--protocol", "xml"},
        {"sqs", "create-queue", "--queue", "q", "--attribute", "novalue"},
        {"s3", "get", "http://bucket/key"},
        {"s3", "get", "s3://bucket"},
        {"s3", "put", "file-only"},
        {"sns", "publish", "--topic-arn", "arn:aws:sns:us-east-1:000000000000:t"},
        {"ec2", "describe-instances", "--filter", "tag:Name=web"},
        {"imds", "get"},
        {"whoami", "--region"},
        {"whoami", "--access-key", "AKIDEXAMPLE"},
        {"whoami", "--no-such-option"},
        {"nonsense"},
    };
    for (const auto& args : wrong) {
        auto run = cli(args);
        INFO("awsrest-cli " << args.front() << (args.size() > 1 ? " " + args[1] : std::string()));
        REQUIRE_EXIT(run, 2);
        CHECK(run.out.empty());
        CHECK(run.err.find("awsrest-cli") != std::string::npos);
    }
    auto counts = stack.control("GET", "counts");
    rapidjson::Document doc;
    doc.Parse(counts.body.c_str(), counts.body.size());
    REQUIRE(doc.IsObject());
    CHECK(doc["total"]["requests"].GetInt() == 0);
}

TEST_CASE("cli: --debug prints the signing stages and never the secret key or session token", "[cli]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string secret = stack.env("AWS_SECRET_ACCESS_KEY");
    const std::string access_key = stack.env("AWS_ACCESS_KEY_ID");
    const std::string queue = stack::unique_name("cli-debug");
    const std::string bucket = stack::unique_name("cli-debug-bucket");
    create_bucket(bucket);
    const std::string file = temp_path("cli-debug-object");
    write_file(file, "debug me");

    const std::vector<std::vector<std::string>> commands = {
        {"sqs", "create-queue", "--queue", queue},
        {"sqs", "send", "--queue", queue, "--body", "hello"},
        {"sqs", "create-queue", "--queue", queue, "--protocol", "query"},
        {"s3", "put", file, "s3://" + bucket + "/debug"},
        {"sns", "create-topic", "--name", queue},
        {"ec2", "describe-instances"},
        {"whoami"},
    };
    for (auto args : commands) {
        args.push_back("--debug");
        auto run = cli(args);
        INFO("awsrest-cli " << args[0] << " " << args[1]);
        json_of(run);  // stdout is still the JSON result alone
        CHECK(run.err.find("canonical request:") != std::string::npos);
        CHECK(run.err.find("string to sign:") != std::string::npos);
        CHECK(run.err.find("authorization: AWS4-HMAC-SHA256 Credential=" + access_key + "/") != std::string::npos);
        CHECK(run.err.find("> Authorization: AWS4-HMAC-SHA256") != std::string::npos);
        CHECK(run.err.find("< HTTP 200") != std::string::npos);
        CHECK((run.out + run.err).find(secret) == std::string::npos);
    }

    // Session credentials (the IMDS role's): neither the secret nor the token shows.
    const std::string session_secret = stack.env("STACK_SESSION_SECRET_ACCESS_KEY");
    const std::string session_token = stack.env("STACK_SESSION_TOKEN");
    auto session = cli({"whoami", "--debug", "--access-key", stack.env("STACK_SESSION_ACCESS_KEY_ID"), "--secret-key",
                        session_secret, "--session-token", session_token});
    auto who = json_of(session);
    CHECK(text(who, "arn").find(stack.env("STACK_IMDS_ROLE")) != std::string::npos);
    CHECK(session.err.find("X-Amz-Security-Token: <redacted>") != std::string::npos);
    CHECK((session.out + session.err).find(session_secret) == std::string::npos);
    CHECK((session.out + session.err).find(session_token) == std::string::npos);

    // IMDS is unsigned: its exchange is shown, its session token is not.
    auto imds = cli({"imds", "get", "instance-id", "--debug"});
    json_of(imds);
    CHECK(imds.err.find("> PUT ") != std::string::npos);
    CHECK(imds.err.find("X-aws-ec2-metadata-token: <redacted>") != std::string::npos);
    CHECK((imds.out + imds.err).find(secret) == std::string::npos);

    std::remove(file.c_str());
    REQUIRE_NOTHING_REJECTED();
}
