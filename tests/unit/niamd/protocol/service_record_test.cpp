// SERVICE results and SERVICES registrations: encoded and decoded back, parts and digest
// like an inventory's, and bad records refused with a reason.
#include <catch2/catch.hpp>

#include "inventory/inventory.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"
#include "protocol/service_record.hpp"

using namespace niamd::protocol;

namespace {

RegisteredService service(std::string name, std::string type, int port) {
    RegisteredService s;
    s.name = std::move(name);
    s.type = std::move(type);
    s.target = "localhost";
    s.port = port;
    s.interval = 60;
    s.timeout = 5;
    s.retries = 2;
    s.source = "/etc/monitoring-info/my app.conf";
    return s;
}

}  // namespace

TEST_CASE("service record: a SERVICE result round-trips with its name and type", "[protocol]") {
    Record record;
    record.instance = "NOT-AWS";
    record.hostname = "web-1";
    record.kind = RecordKind::Service;
    record.target = "apache2";
    record.port_or_arg = "http";
    record.time = 1700000000;
    record.status = 1;
    record.latency_ms = 12;
    record.nagios_code = 2;
    record.output = "HTTP 500, in 12 ms";
    const std::string line = encode_record(record);
    CHECK(line == "NOT-AWS,web-1,SERVICE,apache2,http,1700000000,1,12,2,\"HTTP 500, in 12 ms\"");
    const auto decoded = decode_message(line);
    REQUIRE(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 1);
    CHECK(decoded.records[0] == record);
    CHECK(decode_message("NOT-AWS,web-1,SERVICE,apache2,,1700000000,0").errors[0].message == "line 1: TYPE is empty");
}

TEST_CASE("service record: a registration is one SERVICES part that round-trips", "[protocol]") {
    const std::vector<RegisteredService> services = {service("web", "http", 80), service("db;1", "tcp", 5432)};
    const auto records = registration_records("NOT-AWS", "web-1", services, 1700000000);
    REQUIRE(records.size() == 1);
    CHECK(records[0].kind == RecordKind::Services);
    CHECK(records[0].port_or_arg == "1/1");
    const std::string text = registration_text(services);
    CHECK(text ==
          "db%3B1 tcp localhost 5432 60 5 2 /etc/monitoring-info/my%20app.conf;"
          "web http localhost 80 60 5 2 /etc/monitoring-info/my%20app.conf");
    CHECK(records[0].target == niamd::inventory::digest_of(text));
    const auto decoded = decode_message(encode_record(records[0]));
    REQUIRE(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 1);
    CHECK(decoded.records[0] == records[0]);
    const auto back = parse_registration_text(*decoded.records[0].output);
    REQUIRE(back);
    REQUIRE(back->size() == 2);
    CHECK((*back)[0] == services[1]);
    CHECK((*back)[1] == services[0]);
}

TEST_CASE("service record: no services is one empty part and many are cut into parts", "[protocol]") {
    const auto none = registration_records("NOT-AWS", "h", {}, 1);
    REQUIRE(none.size() == 1);
    CHECK(none[0].output == "");
    CHECK(parse_registration_text("")->empty());
    std::vector<RegisteredService> many;
    for (int i = 0; i < 1000; ++i) {
        auto s = service("service-with-a-rather-long-name-" + std::to_string(1000 + i), "http", 80);
        s.source = "/etc/monitoring-info/" + std::string(40, 'f') + ".conf";
        many.push_back(s);
    }
    const auto parts = registration_records("NOT-AWS", "h", many, 1);
    REQUIRE(parts.size() == 3);
    std::string joined;
    for (const auto& part : parts) {
        CHECK(part.output->size() <= 60000);
        if (!joined.empty()) joined += ';';
        joined += *part.output;
    }
    CHECK(parse_registration_text(joined)->size() == 1000);
}

TEST_CASE("service record: a bad registration text is refused with a reason", "[protocol]") {
    std::string error;
    CHECK_FALSE(parse_registration_text("web http localhost 80 60 5", &error));
    CHECK(error == "service 1 has 6 fields, 8 expected");
    CHECK_FALSE(parse_registration_text("web http localhost 80 60 5 2 %G1", &error));
    CHECK(error == "service 1: a bad %XX escape");
    CHECK_FALSE(parse_registration_text("web http localhost 99999 60 5 2 f", &error));
    CHECK(error == "service 1: a bad number");
    CHECK_FALSE(parse_registration_text("b ssh l 22 0 0 0 f;a ssh l 22 0 0 0 f", &error));
    CHECK(error == "service 2: names are not sorted or not unique");
    CHECK(decode_message("NOT-AWS,h,SERVICES,nothex,1/1,1,").errors.size() == 1);
}
