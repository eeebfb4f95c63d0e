#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

using niamd::protocol::decode_message;
using niamd::protocol::encode_messages;
using niamd::protocol::encode_record;
using niamd::protocol::kMaxOutputBytes;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;

namespace {

Record make(RecordKind kind, std::string target, std::string port_or_arg, std::int64_t time, int status) {
    Record r;
    r.instance = "i-0abc123def4567890";
    r.hostname = "web1.example.com";
    r.kind = kind;
    r.target = std::move(target);
    r.port_or_arg = std::move(port_or_arg);
    r.time = time;
    r.status = status;
    return r;
}

}  // namespace

TEST_CASE("protocol: original niam lines encode byte-exact and decode back") {
    struct Row {
        const char* name;
        Record record;
        const char* line;
    };
    Record not_aws = make(RecordKind::Ping, "", "", 1700000000, 0);
    not_aws.instance = "NOT-AWS";
    const std::vector<Row> rows = {
        {"PING", make(RecordKind::Ping, "", "", 1700000000, 0), "i-0abc123def4567890,web1.example.com,PING,1700000000"},
        {"PING NOT-AWS", not_aws, "NOT-AWS,web1.example.com,PING,1700000000"},
        {"LPING ok", make(RecordKind::Lping, "db1.internal", "5432", 1700000001, 0),
         "i-0abc123def4567890,web1.example.com,LPING,db1.internal,5432,1700000001,0"},
        {"HTTP failed", make(RecordKind::Http, "www.example.org", "443", 1700000002, 1),
         "i-0abc123def4567890,web1.example.com,HTTP,www.example.org,443,1700000002,1"},
        {"SCRIPT", make(RecordKind::Script, "check_disk", "-w 20% -c 10%", 1700000003, 0),
         "i-0abc123def4567890,web1.example.com,SCRIPT,check_disk,-w 20% -c 10%,1700000003,0"},
        {"SCRIPT empty arg", make(RecordKind::Script, "check_load", "", 1700000004, 1),
         "i-0abc123def4567890,web1.example.com,SCRIPT,check_load,,1700000004,1"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        CHECK(encode_record(row.record) == row.line);
        const auto decoded = decode_message(row.line);
        CHECK(decoded.errors.empty());
        REQUIRE(decoded.records.size() == 1);
        CHECK(decoded.records[0] == row.record);
        CHECK(encode_record(decoded.records[0]) == row.line);
    }
}

TEST_CASE("protocol: quoting table") {
    struct Row {
        const char* name;
        Record record;
        const char* line;
    };
    auto with = [](Record r, auto change) {
        change(r);
        return r;
    };
    const Record http = make(RecordKind::Http, "www.example.org", "443", 1700000000, 0);
    const std::vector<Row> rows = {
        {"hostname with comma", with(http, [](Record& r) { r.hostname = "web1,eu"; }),
         "i-0abc123def4567890,\"web1,eu\",HTTP,www.example.org,443,1700000000,0"},
        {"target with quote", with(http, [](Record& r) { r.target = "a\"b"; }),
         "i-0abc123def4567890,web1.example.com,HTTP,\"a\"\"b\",443,1700000000,0"},
        {"script arg with comma", with(make(RecordKind::Script, "check_http", "-H a,b", 1700000000, 0), [](Record&) {}),
         "i-0abc123def4567890,web1.example.com,SCRIPT,check_http,\"-H a,b\",1700000000,0"},
        {"latency only", with(http, [](Record& r) { r.latency_ms = 42; }),
         "i-0abc123def4567890,web1.example.com,HTTP,www.example.org,443,1700000000,0,42"},
        {"nagios without latency", with(http, [](Record& r) { r.nagios_code = 2; }),
         "i-0abc123def4567890,web1.example.com,HTTP,www.example.org,443,1700000000,0,,2"},
        {"all optional fields",
         with(http,
              [](Record& r) {
                  r.latency_ms = 120;
                  r.nagios_code = 0;
                  r.output = "OK - 200";
              }),
         "i-0abc123def4567890,web1.example.com,HTTP,www.example.org,443,1700000000,0,120,0,\"OK - 200\""},
        {"output with comma and quote", with(http, [](Record& r) { r.output = "said \"hi\", left"; }),
         "i-0abc123def4567890,web1.example.com,HTTP,www.example.org,443,1700000000,0,,,\"said \"\"hi\"\", left\""},
        {"empty output is kept", with(http, [](Record& r) { r.output = ""; }),
         "i-0abc123def4567890,web1.example.com,HTTP,www.example.org,443,1700000000,0,,,\"\""},
        {"PING with latency", with(make(RecordKind::Ping, "", "", 5, 0), [](Record& r) { r.latency_ms = 0; }),
         "i-0abc123def4567890,web1.example.com,PING,5,0"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        CHECK(encode_record(row.record) == row.line);
        const auto decoded = decode_message(row.line);
        CHECK(decoded.errors.empty());
        REQUIRE(decoded.records.size() == 1);
        CHECK(decoded.records[0] == row.record);
    }
}

TEST_CASE("protocol: multi-line quoted output spans lines and keeps line numbers") {
    Record script = make(RecordKind::Script, "check_disk", "/", 1700000000, 1);
    script.nagios_code = 2;
    script.output = "DISK CRITICAL\n/ 95% used\r\nsee \"df -h\"";
    const std::string line = encode_record(script);
    CHECK(line ==
          "i-0abc123def4567890,web1.example.com,SCRIPT,check_disk,/,1700000000,1,,2,"
          "\"DISK CRITICAL\n/ 95% used\r\nsee \"\"df -h\"\"\"");
    const std::string body = line + "\nbroken\n" + "NOT-AWS,h,PING,7";
    const auto decoded = decode_message(body);
    REQUIRE(decoded.records.size() == 2);
    CHECK(decoded.records[0] == script);
    CHECK(decoded.records[1].instance == "NOT-AWS");
    REQUIRE(decoded.errors.size() == 1);
    CHECK(decoded.errors[0].line == 4);
    CHECK(decoded.errors[0].message == "line 4: record needs at least 4 fields (INSTANCE,HOSTNAME,KIND,...), got 1");
}

TEST_CASE("protocol: many records split into messages within the limit, order kept") {
    std::vector<Record> records;
    for (int i = 0; i < 100; ++i) {
        Record r = make(RecordKind::Http, "host" + std::to_string(i) + ".example.org", "80", 1700000000 + i, i % 2);
        if (i % 3 == 0) r.output = "line one\nline two, with comma";
        records.push_back(r);
    }
    const std::size_t max = 1000;
    const auto messages = encode_messages(records, max);
    CHECK(messages.size() > 5);
    std::vector<Record> all;
    for (const std::string& message : messages) {
        CHECK(message.size() <= max);
        CHECK(message.back() != '\n');
        const auto decoded = decode_message(message);
        CHECK(decoded.errors.empty());
        all.insert(all.end(), decoded.records.begin(), decoded.records.end());
    }
    CHECK(all == records);
}

TEST_CASE("protocol: a one-record cycle is one original niam message") {
    const auto messages = encode_messages({make(RecordKind::Ping, "", "", 1700000000, 0)});
    REQUIRE(messages.size() == 1);
    CHECK(messages[0] == "i-0abc123def4567890,web1.example.com,PING,1700000000");
}

TEST_CASE("protocol: two records in one message are joined by a newline") {
    const auto messages =
        encode_messages({make(RecordKind::Ping, "", "", 1, 0), make(RecordKind::Lping, "db", "5432", 2, 1)});
    REQUIRE(messages.size() == 1);
    CHECK(messages[0] ==
          "i-0abc123def4567890,web1.example.com,PING,1\n"
          "i-0abc123def4567890,web1.example.com,LPING,db,5432,2,1");
}

TEST_CASE("protocol: an oversized record has its output truncated to fit") {
    Record r = make(RecordKind::Script, "s", "a", 9, 0);
    r.output = std::string(500, 'x');
    const auto messages = encode_messages({r}, 100);
    REQUIRE(messages.size() == 1);
    // The line is cut to exactly 100 bytes: prefix, quote, x...x, quote.
    const std::string prefix = "i-0abc123def4567890,web1.example.com,SCRIPT,s,a,9,0,,,";
    CHECK(messages[0] == prefix + "\"" + std::string(100 - prefix.size() - 2, 'x') + "\"");
    CHECK(messages[0].size() == 100);
}

TEST_CASE("protocol: truncation never cuts a UTF-8 character or a doubled quote") {
    Record r = make(RecordKind::Ping, "", "", 9, 0);
    const std::string head = "i-0abc123def4567890,web1.example.com,PING,9,,,\"";
    r.output = "\xC3\xA9\xC3\xA9\xC3\xA9";                   // "ééé"
    const auto cut = encode_messages({r}, head.size() + 4);  // room for 3 bytes + closing quote
    REQUIRE(cut.size() == 1);
    CHECK(cut[0] == head + "\xC3\xA9\"");
    r.output = "a\"b";
    const auto quoted = encode_messages({r}, head.size() + 3);  // room for 2 bytes + closing quote
    REQUIRE(quoted.size() == 1);
    CHECK(quoted[0] == head + "a\"");
}

TEST_CASE("protocol: output longer than the field limit is truncated by encode_record") {
    Record r = make(RecordKind::Ping, "", "", 9, 0);
    r.output = std::string(kMaxOutputBytes + 10, 'y');
    const auto decoded = decode_message(encode_record(r));
    REQUIRE(decoded.records.size() == 1);
    CHECK(decoded.records[0].output == std::string(kMaxOutputBytes, 'y'));
}

TEST_CASE("protocol: the NOISE field rides after OUTPUT only when set and decodes back") {
    niamd::protocol::Record record;
    record.instance = "NOT-AWS";
    record.hostname = "db1";
    record.kind = RecordKind::Lping;
    record.target = "db1";
    record.port_or_arg = "5432";
    record.time = 1700000000;
    record.status = 1;
    CHECK(encode_record(record) == "NOT-AWS,db1,LPING,db1,5432,1700000000,1");
    record.retries = 2;
    record.flap_changes = 6;
    const std::string line = encode_record(record);
    CHECK(line == "NOT-AWS,db1,LPING,db1,5432,1700000000,1,,,,2/0/6");
    const auto decoded = niamd::protocol::decode_message(line);
    REQUIRE(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 1);
    CHECK(decoded.records[0] == record);
    record.output = "timeout";
    record.recover = 3;
    CHECK(encode_record(record) == "NOT-AWS,db1,LPING,db1,5432,1700000000,1,,,\"timeout\",2/3/6");
    CHECK(niamd::protocol::decode_message(encode_record(record)).records.at(0) == record);
}
