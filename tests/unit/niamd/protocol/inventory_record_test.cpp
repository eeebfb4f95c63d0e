// INVENTORY records: an inventory cut into parts that fit a message, encoded and decoded
// back, and bad records refused with a reason.
#include <catch2/catch.hpp>

#include "inventory/inventory.hpp"
#include "protocol/inventory_record.hpp"
#include "protocol/limits.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

using namespace niamd::protocol;

namespace {

std::string big_text(std::size_t packages) {
    niamd::inventory::Inventory inv;
    inv.kernel = "Linux 6.1.0 x86_64";
    for (std::size_t i = 0; i < packages; ++i) {
        inv.packages.push_back(
            {"package-with-a-long-name-" + std::to_string(i), "1:2.3.4-5+deb12u" + std::to_string(i)});
    }
    niamd::inventory::normalise(inv);
    return niamd::inventory::canonical_text(inv);
}

std::string error_of(const std::string& line) {
    const auto decoded = decode_message(line);
    REQUIRE(decoded.records.empty());
    REQUIRE(decoded.errors.size() == 1);
    return decoded.errors[0].message;
}

}  // namespace

TEST_CASE("inventory record: a small inventory is one part that round-trips", "[protocol]") {
    const std::string text = "kernel=Linux 6.1.0 x86_64;os=Debian, \"12\";package=bash 5.2";
    const auto records = inventory_records("NOT-AWS", "web1", text, 1700000000);
    REQUIRE(records.size() == 1);
    CHECK(records[0].kind == RecordKind::Inventory);
    CHECK(records[0].target == niamd::inventory::digest_of(text));
    CHECK(records[0].port_or_arg == "1/1");
    const std::string line = encode_record(records[0]);
    CHECK(line == "NOT-AWS,web1,INVENTORY," + records[0].target +
                      ",1/1,1700000000,\"kernel=Linux 6.1.0 x86_64;os=Debian, \"\"12\"\";package=bash 5.2\"");
    const auto decoded = decode_message(line);
    REQUIRE(decoded.errors.empty());
    REQUIRE(decoded.records.size() == 1);
    CHECK(decoded.records[0] == records[0]);
}

TEST_CASE("inventory record: a large inventory is cut at item boundaries into parts that fit messages", "[protocol]") {
    const std::string text = big_text(20000);
    const auto records = inventory_records("i-0abc", "web1", text, 1700000000);
    REQUIRE(records.size() > 10);
    std::string joined;
    for (std::size_t i = 0; i < records.size(); ++i) {
        CHECK(records[i].port_or_arg == std::to_string(i + 1) + "/" + std::to_string(records.size()));
        CHECK(records[i].output->size() <= kInventoryPartBytes);
        if (i > 0) joined.push_back(';');
        joined += *records[i].output;
    }
    CHECK(joined == text);
    const auto messages = encode_messages(records);
    std::vector<Record> back;
    for (const auto& message : messages) {
        CHECK(message.size() <= kMaxMessageBytes);
        auto decoded = decode_message(message);
        CHECK(decoded.errors.empty());
        for (auto& record : decoded.records) back.push_back(std::move(record));
    }
    CHECK(back == records);
}

TEST_CASE("inventory record: bad records are refused with what is wrong", "[protocol]") {
    const std::string digest = "0123456789abcdef";
    CHECK(error_of("NOT-AWS,web1,INVENTORY,0123456789ABCDEF,1/1,1700000000,") ==
          "line 1: DIGEST \"0123456789ABCDEF\" must be 16 lower-case hex digits");
    CHECK(error_of("NOT-AWS,web1,INVENTORY," + digest + ",2/1,1700000000,") ==
          "line 1: PART \"2/1\" must be N/M with 1 <= N <= M <= 300");
    CHECK(error_of("NOT-AWS,web1,INVENTORY," + digest + ",0/1,1700000000,").find("PART \"0/1\"") != std::string::npos);
    CHECK(error_of("NOT-AWS,web1,INVENTORY," + digest + ",1/301,1700000000,").find("PART") != std::string::npos);
    CHECK(error_of("NOT-AWS,web1,INVENTORY," + digest + ",1/1,soon,") ==
          "line 1: TIME \"soon\" must be Unix seconds (digits only)");
    CHECK(error_of("NOT-AWS,web1,INVENTORY," + digest + ",1/1,1700000000,a,b") ==
          "line 1: INVENTORY record has 8 fields, at most 7 allowed");
    CHECK(error_of("NOT-AWS,web1,INVENTORY," + digest + ",1/1") == "line 1: INVENTORY record needs 7 fields, got 5");
    CHECK(parse_inventory_part("3/12")->part == 3);
    CHECK_FALSE(parse_inventory_part("+1/2"));
    CHECK_FALSE(parse_inventory_part("1/"));
    CHECK_FALSE(parse_inventory_part("12"));
}
