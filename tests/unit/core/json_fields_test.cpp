// The JSON member reader every JSON answer of libawsrest goes through (SQS, CloudWatch Logs,
// the IMDS identity document): the first problem wins and names the call and the member.
#include <catch2/catch.hpp>

#include "core/json_fields.hpp"

using awsrest::json::JsonFields;
using awsrest::json::JsonNode;
using awsrest::json::Need;

namespace {

JsonNode loaded(JsonFields& fields, std::string_view body) {
    JsonNode root;
    REQUIRE(fields.load(root, body));
    return root;
}

}  // namespace

TEST_CASE("json fields: strings, integers and booleans, absent and null alike", "[core][json]") {
    JsonFields fields("Test.Call", "Test", 1024);
    const JsonNode root = loaded(fields, R"({"s":"text","n":42,"neg":-7,"b":true,"bs":"false","nul":null})");
    CHECK(fields.string(root, "s", "", Need::Required) == "text");
    CHECK(fields.integer(root, "n", "", Need::Required) == 42);
    CHECK(fields.integer(root, "neg", "", Need::Required) == -7);
    CHECK(fields.boolean(root, "b", ""));
    CHECK_FALSE(fields.boolean(root, "bs", ""));
    CHECK(fields.string(root, "nul", "", Need::Optional).empty());
    CHECK(fields.string(root, "absent", "", Need::Optional).empty());
    CHECK_FALSE(fields.integer(root, "absent", "", Need::Optional).has_value());
    CHECK_FALSE(fields.failed());
}

TEST_CASE("json fields: the first problem names the call and the member", "[core][json]") {
    JsonFields fields("Test.Call", "Test", 1024);
    const JsonNode root = loaded(fields, R"({"n":1.5,"s":3,"list":[1,{}]})");
    CHECK_FALSE(fields.integer(root, "n", "", Need::Required).has_value());
    CHECK(fields.string(root, "s", "", Need::Required).empty());  // a second problem: the first is kept
    REQUIRE(fields.failed());
    CHECK(fields.error().kind == awsrest::ErrorKind::Parse);
    CHECK(fields.error().message == "Test.Call: n is not an integer");

    JsonFields other("Test.Call", "Test", 1024);
    const JsonNode root2 = loaded(other, R"({"list":[1,{}],"nul":null})");
    const JsonNode* list = other.array(root2, "list", "", 10);
    REQUIRE(list != nullptr);
    CHECK(other.entry(*list, "list", 1) != nullptr);
    CHECK(other.entry(*list, "list", 0) == nullptr);
    CHECK(other.error().message == "Test.Call: list[0] is not an object");

    JsonFields missing("Test.Call", "Test", 1024);
    const JsonNode root3 = loaded(missing, R"({"nul":null})");
    (void)missing.string(root3, "nul", JsonFields::element("Items", 2), Need::Required);
    CHECK(missing.error().message == "Test.Call: Items[2].nul is missing");
}

TEST_CASE("json fields: bounds on the answer, arrays and objects", "[core][json]") {
    JsonFields big("Test.Call", "Test", 8);
    JsonNode root;
    CHECK_FALSE(big.load(root, R"({"a":"123456"})"));
    CHECK(big.error().message == "Test.Call: response is 14 bytes, more than the 8 bytes parsed");

    JsonFields fields("Test.Call", "Test", 1024);
    root = loaded(fields, R"({"list":[1,2,3],"map":{"a":"1","b":"2"}})");
    CHECK(fields.array(root, "list", "", 2) == nullptr);
    CHECK(fields.error().message == "Test.Call: list has 3 entries, more than the 2 Test sends");
    JsonFields map("Test.Call", "Test", 1024);
    root = loaded(map, R"({"map":{"a":"1","b":"2"}})");
    CHECK(map.object(root, "map", "", 1) == nullptr);
    CHECK(map.error().message == "Test.Call: map has 2 members, more than the 1 parsed");

    JsonFields truncated("Test.Call", "Test", 1024);
    CHECK_FALSE(truncated.load(root, "{\"a\":\"\xf3"));  // cut inside a UTF-8 sequence (issue #10's input)
    CHECK(truncated.error().message.rfind("Test.Call: response is not valid JSON at offset", 0) == 0);
    JsonFields scalar("Test.Call", "Test", 1024);
    CHECK_FALSE(scalar.load(root, "[]"));
    CHECK(scalar.error().message == "Test.Call: response is not a JSON object");
}
