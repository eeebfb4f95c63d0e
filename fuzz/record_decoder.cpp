// The niamd record decoder on arbitrary bytes, then the round-trip property: every record
// it accepts re-encodes to a line that decodes to the same record, alone and packed by
// encode_messages. Seeds: fuzz/corpus/record_decoder/ (original niam and extended messages).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"

namespace {

void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "record_decoder round trip broken: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd::protocol;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const DecodeResult first = decode_message(body);

    for (const Record& record : first.records) {
        const DecodeResult again = decode_message(encode_record(record));
        require(again.errors.empty(), "a decoded record re-encodes to a line with errors");
        require(again.records.size() == 1 && again.records[0] == record,
                "a decoded record re-encodes to a different record");
    }

    std::vector<Record> repacked;
    for (const std::string& message : encode_messages(first.records)) {
        require(message.size() <= kMaxMessageBytes, "encode_messages wrote an oversized message");
        const DecodeResult again = decode_message(message);
        require(again.errors.empty(), "a re-encoded message decodes with errors");
        repacked.insert(repacked.end(), again.records.begin(), again.records.end());
    }
    require(repacked == first.records, "re-encoded messages lost, added or reordered records");
    return 0;
}
