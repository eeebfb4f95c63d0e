#include "protocol/record.hpp"

namespace niamd::protocol {

std::string_view to_string(RecordKind kind) noexcept {
    switch (kind) {
        case RecordKind::Ping: return "PING";
        case RecordKind::Lping: return "LPING";
        case RecordKind::Http: return "HTTP";
        case RecordKind::Script: return "SCRIPT";
        case RecordKind::Problem: return "PROBLEM";
        case RecordKind::Metric: return "METRIC";
        case RecordKind::Inventory: return "INVENTORY";
        case RecordKind::Service: return "SERVICE";
        case RecordKind::Services: return "SERVICES";
        case RecordKind::Log: return "LOG";
        case RecordKind::Event: return "EVENT";
    }
    return "PING";
}

std::optional<RecordKind> kind_from_wire(std::string_view token) noexcept {
    if (token == "PING") return RecordKind::Ping;
    if (token == "LPING") return RecordKind::Lping;
    if (token == "HTTP") return RecordKind::Http;
    if (token == "SCRIPT") return RecordKind::Script;
    if (token == "PROBLEM") return RecordKind::Problem;
    if (token == "METRIC") return RecordKind::Metric;
    if (token == "INVENTORY") return RecordKind::Inventory;
    if (token == "SERVICE") return RecordKind::Service;
    if (token == "SERVICES") return RecordKind::Services;
    if (token == "LOG") return RecordKind::Log;
    if (token == "EVENT") return RecordKind::Event;
    return std::nullopt;
}

int original_field_count(RecordKind kind) noexcept { return kind == RecordKind::Ping ? 4 : 7; }

}  // namespace niamd::protocol
