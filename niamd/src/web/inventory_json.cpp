#include "web/inventory_json.hpp"

#include "inventory/inventory.hpp"
#include "web/json_writer.hpp"

namespace niamd::web {
namespace {

void text_or_null(JsonWriter& out, const char* name, const std::string& text, bool known) {
    out.key(name);
    if (known && !text.empty()) {
        out.value(text);
    } else {
        out.null();
    }
}

void number_or_null(JsonWriter& out, const char* name, std::int64_t number, bool known) {
    out.key(name);
    if (known && number > 0) {
        out.value(number);
    } else {
        out.null();
    }
}

}  // namespace

std::string inventory_json(const store::HostKey& host, const std::optional<store::StoredInventory>& stored) {
    std::optional<inventory::Inventory> facts;
    if (stored) facts = inventory::parse_canonical_text(stored->text);
    const bool known = facts.has_value();
    const inventory::Inventory empty;
    const inventory::Inventory& inv = known ? *facts : empty;

    JsonWriter out;
    out.begin_object();
    out.key("host").value(host.hostname);
    out.key("instance").value(host.instance);
    out.key("time");
    if (stored) {
        out.value(stored->time);
    } else {
        out.null();
    }
    text_or_null(out, "digest", stored ? stored->digest : std::string(), stored.has_value());
    text_or_null(out, "kernel", inv.kernel, known);
    out.key("os").begin_object();
    text_or_null(out, "name", inv.os, known);
    text_or_null(out, "id", inv.os_id, known);
    text_or_null(out, "version", inv.os_version, known);
    out.end_object();
    out.key("cpu").begin_object();
    text_or_null(out, "model", inv.cpu_model, known);
    number_or_null(out, "count", inv.cpu_count, known);
    out.end_object();
    number_or_null(out, "memory_bytes", inv.memory_bytes, known);
    out.key("addresses").begin_array();
    for (const auto& address : inv.addresses) out.value(address);
    out.end_array();
    out.key("packages").begin_array();
    for (const auto& package : inv.packages) {
        out.begin_object();
        out.key("name").value(package.name);
        out.key("version").value(package.version);
        out.end_object();
    }
    out.end_array();
    out.key("changes").begin_array();
    if (stored) {
        for (const auto& change : stored->changes) {
            out.begin_object();
            out.key("time").value(change.time);
            out.key("kind").value(change.kind);
            out.key("name").value(change.name);
            out.key("old").value(change.old_value);
            out.key("new").value(change.new_value);
            out.end_object();
        }
    }
    out.end_array();
    out.end_object();
    return out.text();
}

}  // namespace niamd::web
