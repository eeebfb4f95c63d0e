#include "protocol/inventory_record.hpp"

#include <charconv>

#include "inventory/inventory.hpp"

namespace niamd::protocol {
namespace {

std::optional<int> parse_small(std::string_view text) {
    if (text.empty() || text.size() > 4) return std::nullopt;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

}  // namespace

std::optional<InventoryPart> parse_inventory_part(std::string_view text) {
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto part = parse_small(text.substr(0, slash));
    const auto parts = parse_small(text.substr(slash + 1));
    if (!part || !parts || *part < 1 || *part > *parts || *parts > kMaxInventoryParts) return std::nullopt;
    return InventoryPart{*part, *parts};
}

std::vector<Record> inventory_records(const std::string& instance, const std::string& hostname,
                                      std::string_view canonical, std::int64_t time) {
    std::vector<std::string_view> chunks;
    std::string_view rest = canonical;
    while (rest.size() > kInventoryPartBytes) {
        // Items hold no raw ';' (escaped), so the last one before the limit ends an item.
        std::size_t cut = rest.rfind(';', kInventoryPartBytes);
        if (cut == std::string_view::npos || cut == 0) cut = kInventoryPartBytes;  // not canonical text
        chunks.push_back(rest.substr(0, cut));
        rest.remove_prefix(cut < rest.size() && rest[cut] == ';' ? cut + 1 : cut);
    }
    chunks.push_back(rest);
    const std::string digest = inventory::digest_of(canonical);
    std::vector<Record> records;
    records.reserve(chunks.size());
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        Record record;
        record.instance = instance;
        record.hostname = hostname;
        record.kind = RecordKind::Inventory;
        record.target = digest;
        record.port_or_arg = std::to_string(i + 1) + "/" + std::to_string(chunks.size());
        record.time = time;
        record.output = std::string(chunks[i]);
        records.push_back(std::move(record));
    }
    return records;
}

}  // namespace niamd::protocol
