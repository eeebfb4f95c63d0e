#include <catch2/catch.hpp>

#include <string>

#include "protocol/log_record.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

using namespace niamd::protocol;

namespace {

Record decode_one(const std::string& line) {
    const auto decoded = decode_message(line);
    INFO(line);
    REQUIRE(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 1);
    return decoded.records[0];
}

std::string decode_error(const std::string& line) {
    const auto decoded = decode_message(line);
    REQUIRE(decoded.records.empty());
    REQUIRE(decoded.errors.size() == 1);
    return decoded.errors[0].message;
}

}  // namespace

TEST_CASE("log record: a line encodes as a LOG record with its line quoted and decodes back") {
    LogLine line{"app", 42, 1700000000, "GET /a, \"b\" 200", "", 0};
    const Record record = log_record("i-0abc", "web1", line);
    const std::string text = encode_record(record);
    CHECK(text == "i-0abc,web1,LOG,app,42,1700000000,\"GET /a, \"\"b\"\" 200\"");
    const Record back = decode_one(text);
    CHECK(back == record);
    CHECK(log_line_of(back) == line);
}

TEST_CASE("log record: an empty line stays a line and stream and cut bytes travel") {
    const LogLine empty{"app", 1, 1700000000, "", "", 0};
    CHECK(encode_record(log_record("i", "h", empty)) == "i,h,LOG,app,1,1700000000,\"\"");
    CHECK(log_line_of(decode_one("i,h,LOG,app,1,1700000000,\"\"")) == empty);

    const LogLine err{"docker:web", 7, 1700000001, "oops", "stderr", 0};
    CHECK(encode_record(log_record("i", "h", err)) == "i,h,LOG,docker:web,7,1700000001,\"oops\",stderr");
    CHECK(log_line_of(decode_one(encode_record(log_record("i", "h", err)))) == err);

    const LogLine cut{"app", 8, 1700000001, "xxxx", "", 20000};
    CHECK(encode_record(log_record("i", "h", cut)) == "i,h,LOG,app,8,1700000001,\"xxxx\",,20000");
    CHECK(log_line_of(decode_one(encode_record(log_record("i", "h", cut)))) == cut);
}

TEST_CASE("log record: a bad LOG record is refused naming the field") {
    CHECK_THAT(decode_error("i,h,LOG,,1,1700000000,\"x\""), Catch::Contains("SOURCE is empty"));
    CHECK_THAT(decode_error("i,h,LOG,app,0,1700000000,\"x\""), Catch::Contains("SEQ"));
    CHECK_THAT(decode_error("i,h,LOG,app,-3,1700000000,\"x\""), Catch::Contains("SEQ"));
    CHECK_THAT(decode_error("i,h,LOG,app,1,1700000000,\"x\",stdin"), Catch::Contains("STREAM"));
    CHECK_THAT(decode_error("i,h,LOG,app,1,1700000000,\"x\",,12a"), Catch::Contains("CUT"));
    CHECK_THAT(decode_error("i,h,LOG,app,1,1700000000,\"x\",,1,extra"), Catch::Contains("at most 9"));
    CHECK_THAT(decode_error("i,h,LOG,app,1,soon,\"x\""), Catch::Contains("TIME"));
}

TEST_CASE("log record: an event carries its kind id fields and raw line") {
    Event event;
    event.kind = "ssh.accepted";
    event.id = "auth:17";
    event.time = 1700000002;
    event.fields = {{"user", "alice"}, {"method", "publickey"}, {"source", "10.0.0.9"}, {"note", "a;b=c"}};
    event.raw = "Accepted publickey for alice from 10.0.0.9 port 50022 ssh2";
    const Record record = event_record("i", "h", event);
    const std::string text = encode_record(record);
    CHECK(text ==
          "i,h,EVENT,ssh.accepted,auth:17,1700000002,\"user=alice;method=publickey;source=10.0.0.9;note=a%3Bb%3Dc\","
          "\"Accepted publickey for alice from 10.0.0.9 port 50022 ssh2\"");
    const auto back = event_of(decode_one(text));
    REQUIRE(back);
    CHECK(*back == event);
    CHECK(field_value(*back, "note") == "a;b=c");
    CHECK(field_value(*back, "absent").empty());
}

TEST_CASE("log record: a bad EVENT record is refused naming the field") {
    CHECK_THAT(decode_error("i,h,EVENT,Docker.Die,1,1700000000,\"\""), Catch::Contains("KIND"));
    CHECK_THAT(decode_error("i,h,EVENT,,1,1700000000,\"\""), Catch::Contains("KIND"));
    CHECK_THAT(decode_error("i,h,EVENT,docker.die,,1700000000,\"\""), Catch::Contains("ID is empty"));
    CHECK_THAT(decode_error("i,h,EVENT,docker.die,x,1700000000,\"\",\"raw\",more"), Catch::Contains("at most 8"));
    // Fields that do not read are the record's problem, seen by event_of.
    CHECK_FALSE(event_of(decode_one("i,h,EVENT,docker.die,x,1700000000,\"novalue\"")));
}

TEST_CASE("log record: busy lines pack into as few messages as fit") {
    std::vector<Record> records;
    for (std::uint64_t i = 1; i <= 3000; ++i) {
        records.push_back(log_record("i-0abc", "web1", LogLine{"app", i, 1700000000, std::string(200, 'x'), "", 0}));
    }
    const auto messages = encode_messages(records);
    std::size_t total = 0;
    for (const auto& message : messages) {
        CHECK(message.size() <= kMaxMessageBytes);
        total += decode_message(message).records.size();
    }
    CHECK(total == 3000);
    CHECK(messages.size() == 3);  // 3000 * ~230 bytes = ~690 KB in 256 KiB messages
}
