#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "protocol/limits.hpp"
#include "protocol/record_decoder.hpp"

using niamd::protocol::decode_message;
using niamd::protocol::kMaxMessageBytes;
using niamd::protocol::kMaxRecordsPerMessage;
using niamd::protocol::RecordKind;

TEST_CASE("protocol: decodes every original record form") {
    const auto decoded = decode_message(
        "i-0abc,web1,PING,1700000000\n"
        "i-0abc,web1,LPING,db1,5432,1700000001,0\n"
        "NOT-AWS,laptop,HTTP,www.example.org,443,1700000002,1\n"
        "i-0abc,web1,SCRIPT,check_disk,-w 20%,1700000003,0");
    CHECK(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 4);
    CHECK(decoded.records[0].kind == RecordKind::Ping);
    CHECK(decoded.records[0].time == 1700000000);
    CHECK(decoded.records[1].kind == RecordKind::Lping);
    CHECK(decoded.records[1].target == "db1");
    CHECK(decoded.records[1].port_or_arg == "5432");
    CHECK(decoded.records[2].instance == "NOT-AWS");
    CHECK(decoded.records[2].hostname == "laptop");
    CHECK(decoded.records[2].status == 1);
    CHECK(decoded.records[3].kind == RecordKind::Script);
    CHECK(decoded.records[3].port_or_arg == "-w 20%");
    CHECK_FALSE(decoded.records[3].latency_ms);
    CHECK_FALSE(decoded.records[3].output);
}

TEST_CASE("protocol: optional fields decode, empty ones stay absent") {
    const auto decoded = decode_message(
        "i-0abc,web1,HTTP,www,80,10,0,35,1,\"WARNING - slow, 2.1 s\"\n"
        "i-0abc,web1,HTTP,www,80,10,0,,,\n"
        "i-0abc,web1,PING,10,,3");
    CHECK(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 3);
    CHECK(decoded.records[0].latency_ms == 35);
    CHECK(decoded.records[0].nagios_code == 1);
    CHECK(decoded.records[0].output == std::string("WARNING - slow, 2.1 s"));
    CHECK_FALSE(decoded.records[1].latency_ms);
    CHECK_FALSE(decoded.records[1].nagios_code);
    CHECK_FALSE(decoded.records[1].output);
    CHECK_FALSE(decoded.records[2].latency_ms);
    CHECK(decoded.records[2].nagios_code == 3);
}

TEST_CASE("protocol: CRLF line ends and blank lines are tolerated") {
    const auto decoded = decode_message(
        "i-0abc,web1,PING,1\r\n"
        "\r\n"
        "i-0abc,web1,HTTP,www,80,2,1,,,\"ok\"\r\n"
        "\n"
        "i-0abc,web1,LPING,db,22,3,0\r\n");
    CHECK(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 3);
    CHECK(decoded.records[0].time == 1);
    CHECK(decoded.records[1].output == std::string("ok"));
    CHECK(decoded.records[2].status == 0);
}

TEST_CASE("protocol: bad lines give exact errors and keep the good lines") {
    struct Row {
        const char* name;
        const char* line;
        const char* error;
    };
    const std::vector<Row> rows = {
        {"too few HTTP fields", "i-1,h,HTTP,www,80", "line 2: HTTP record needs 7 fields, got 5"},
        {"too few PING fields", "i-1,h,PING", "line 2: PING record needs 4 fields, got 3"},
        {"too many fields", "i-1,h,PING,1,2,3,x,0/0/0,y", "line 2: PING record has 9 fields, at most 8 allowed"},
        {"not a record", "hello", "line 2: record needs at least 4 fields (INSTANCE,HOSTNAME,KIND,...), got 1"},
        {"unknown kind", "i-1,h,DNS,example.org,53,1,0",
         "line 2: unknown record kind \"DNS\" (expected PING, LPING, HTTP, SCRIPT, PROBLEM, METRIC, INVENTORY, "
         "SERVICE, SERVICES, LOG or EVENT)"},
        {"lower case kind", "i-1,h,ping,1",
         "line 2: unknown record kind \"ping\" (expected PING, LPING, HTTP, SCRIPT, PROBLEM, METRIC, INVENTORY, "
         "SERVICE, SERVICES, LOG or EVENT)"},
        {"port too big", "i-1,h,LPING,db,65536,1,0", "line 2: PORT \"65536\" must be a number 0-65535"},
        {"port with sign", "i-1,h,HTTP,www,+80,1,0", "line 2: PORT \"+80\" must be a number 0-65535"},
        {"status 2", "i-1,h,HTTP,www,80,1,2", "line 2: STATUS \"2\" must be 0 (OK) or 1 (FAILED)"},
        {"status 00", "i-1,h,HTTP,www,80,1,00", "line 2: STATUS \"00\" must be 0 (OK) or 1 (FAILED)"},
        {"negative time", "i-1,h,PING,-5", "line 2: TIME \"-5\" must be Unix seconds (digits only)"},
        {"time with space", "i-1,h,PING, 5", "line 2: TIME \" 5\" must be Unix seconds (digits only)"},
        {"time overflow", "i-1,h,PING,9223372036854775808",
         "line 2: TIME \"9223372036854775808\" must be Unix seconds (digits only)"},
        {"nagios 4", "i-1,h,HTTP,www,80,1,0,,4", "line 2: NAGIOS code \"4\" must be 0-3"},
        {"negative latency", "i-1,h,HTTP,www,80,1,0,-1", "line 2: LATENCY \"-1\" must be whole milliseconds >= 0"},
        {"latency overflow", "i-1,h,HTTP,www,80,1,0,2147483648",
         "line 2: LATENCY \"2147483648\" must be whole milliseconds >= 0"},
        {"empty instance", ",h,PING,1", "line 2: INSTANCE is empty"},
        {"empty hostname", "i-1,,PING,1", "line 2: HOSTNAME is empty"},
        {"empty target", "i-1,h,HTTP,,80,1,0", "line 2: TARGET is empty"},
        {"empty script name", "i-1,h,SCRIPT,,x,1,0", "line 2: SCRIPTNAME is empty"},
        {"quote in bare field", "i-1,h,HTTP,w\"w,80,1,0",
         "line 2: field 4 has a quote inside an unquoted field (quote the whole field)"},
        {"text after quote", "i-1,\"h\"x,PING,1", "line 2: field 2 has text after its closing quote"},
        {"control bytes escaped", "i-1,h,P\x01NG,1",
         "line 2: unknown record kind \"P\\x01NG\" (expected PING, LPING, HTTP, SCRIPT, PROBLEM, METRIC, INVENTORY, "
         "SERVICE, SERVICES, LOG or EVENT)"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        const std::string body = std::string("i-1,h,PING,1\n") + row.line + "\ni-1,h,PING,3";
        const auto decoded = decode_message(body);
        REQUIRE(decoded.errors.size() == 1);
        CHECK(decoded.errors[0].line == 2);
        CHECK(decoded.errors[0].message == row.error);
        REQUIRE(decoded.records.size() == 2);
        CHECK(decoded.records[0].time == 1);
        CHECK(decoded.records[1].time == 3);
    }
}

TEST_CASE("protocol: an unclosed quote costs only its own line") {
    const auto decoded = decode_message(
        "i-1,h,PING,1\n"
        "i-1,h,HTTP,www,80,2,0,,,\"never closed\n"
        "i-1,h,PING,3\n");
    REQUIRE(decoded.errors.size() == 1);
    CHECK(decoded.errors[0].message == "line 2: quoted field 10 is never closed");
    REQUIRE(decoded.records.size() == 2);
    CHECK(decoded.records[1].time == 3);
}

TEST_CASE("protocol: long unknown kinds are shortened in the error") {
    const std::string kind(100, 'K');
    const auto decoded = decode_message("i-1,h," + kind + ",1");
    REQUIRE(decoded.errors.size() == 1);
    CHECK(
        decoded.errors[0].message ==
        "line 1: unknown record kind \"" + std::string(40, 'K') +
            "...\" (expected PING, LPING, HTTP, SCRIPT, PROBLEM, METRIC, INVENTORY, SERVICE, SERVICES, LOG or EVENT)");
}

TEST_CASE("protocol: bounds on message, record count and field size") {
    SECTION("message too long") {
        const auto decoded = decode_message(std::string(kMaxMessageBytes + 1, 'a'));
        CHECK(decoded.records.empty());
        REQUIRE(decoded.errors.size() == 1);
        CHECK(decoded.errors[0].line == 0);
        CHECK(decoded.errors[0].message == "message is 262145 bytes, more than the 262144 allowed; not read");
    }
    SECTION("too many records") {
        std::string body;
        for (std::size_t i = 0; i < kMaxRecordsPerMessage + 5; ++i) body += "i,h,PING,1\n";
        const auto decoded = decode_message(body);
        CHECK(decoded.records.size() == kMaxRecordsPerMessage);
        REQUIRE(decoded.errors.size() == 1);
        CHECK(decoded.errors[0].message == "line 4097: more than 4096 records in one message; the rest is not read");
    }
    SECTION("field too long") {
        const auto decoded = decode_message("i,h,HTTP," + std::string(1025, 'w') + ",80,1,0");
        REQUIRE(decoded.errors.size() == 1);
        CHECK(decoded.errors[0].message == "line 1: field 4 is 1025 bytes, more than the 1024 allowed");
    }
    SECTION("too many fields on one line") {
        const auto decoded = decode_message("i,h,PING,1" + std::string(50, ',') + "\ni,h,PING,2");
        REQUIRE(decoded.errors.size() == 1);
        CHECK(decoded.errors[0].message == "line 1: more than 16 fields");
        REQUIRE(decoded.records.size() == 1);
    }
}

TEST_CASE("protocol: a PROBLEM record carries what, a free-text detail and the output") {
    const auto decoded = decode_message(
        "i-1,web1,PROBLEM,config,s3://b/conf/web1,1700000000,1,,,\"refused whole; running the cached config\"\n"
        "i-1,web1,PROBLEM,config,,1700000030,0\n"
        "i-1,web1,PROBLEM,,x,1700000030,0");
    REQUIRE(decoded.records.size() == 2);
    CHECK(decoded.records[0].kind == RecordKind::Problem);
    CHECK(decoded.records[0].target == "config");
    CHECK(decoded.records[0].port_or_arg == "s3://b/conf/web1");
    CHECK(decoded.records[0].status == 1);
    CHECK(decoded.records[0].output == std::optional<std::string>("refused whole; running the cached config"));
    CHECK(decoded.records[1].status == 0);
    REQUIRE(decoded.errors.size() == 1);
    CHECK(decoded.errors[0].message == "line 3: WHAT is empty");
}

TEST_CASE("protocol: a bad NOISE field is an error naming it") {
    for (const char* noise : {"2", "2/1", "2/1/6/1", "a/1/6", "2//6", "101/1/6", "-1/1/6", "2/1/6/"}) {
        const auto decoded = decode_message(std::string("NOT-AWS,db1,LPING,db1,5432,10,1,,,,") + noise);
        INFO(noise);
        CHECK(decoded.records.empty());
        REQUIRE(decoded.errors.size() == 1);
        CHECK(decoded.errors[0].message.find("NOISE") != std::string::npos);
    }
    const auto good = decode_message("NOT-AWS,db1,SERVICE,pg,tcp,10,0,,,,0/2/0");
    REQUIRE(good.records.size() == 1);
    CHECK(good.records[0].recover == 2);
}
