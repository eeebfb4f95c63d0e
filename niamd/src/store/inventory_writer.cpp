#include "store/inventory_writer.hpp"

#include <initializer_list>

#include "inventory/inventory.hpp"
#include "log/log.hpp"
#include "text/display_text.hpp"

namespace niamd::store {
namespace {

using Params = std::initializer_list<SqlParam>;
std::span<const SqlParam> span_of(Params params) { return {params.begin(), params.size()}; }

constexpr std::string_view kSelectInventory =
    "SELECT time, digest, body FROM inventories WHERE hostname = ? AND instance = ?";
constexpr std::string_view kInsertChange =
    "INSERT INTO inventory_changes (hostname, instance, time, kind, name, old_value, new_value) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kOldestKeptChange =
    "SELECT id FROM inventory_changes WHERE hostname = ? AND instance = ? ORDER BY id DESC LIMIT 1 OFFSET ?";
constexpr std::string_view kCutChanges =
    "DELETE FROM inventory_changes WHERE hostname = ? AND instance = ? AND id <= ?";
constexpr std::string_view kSelectChanges =
    "SELECT time, kind, name, old_value, new_value FROM inventory_changes WHERE hostname = ? AND instance = ? "
    "ORDER BY id DESC LIMIT ?";
constexpr std::string_view kDeleteInventory = "DELETE FROM inventories WHERE hostname = ? AND instance = ?";
constexpr std::string_view kDeleteChanges = "DELETE FROM inventory_changes WHERE hostname = ? AND instance = ?";

awsrest::Result<void> log_changes(SqlConnection& db, const InventoryRow& row, const std::string& old_text) {
    const auto before = inventory::parse_canonical_text(old_text);
    const auto after = inventory::parse_canonical_text(row.text);
    if (!before || !after) return {};  // an unreadable stored one: replaced without a log entry
    const auto changes = inventory::changes_between(*before, *after, kMaxInventoryChangesPerHost);
    if (changes.omitted > 0) {
        log::warning("store: inventory of " + text::log_safe(row.hostname) + ": " + std::to_string(changes.omitted) +
                     " change(s) past the " + std::to_string(kMaxInventoryChangesPerHost) + " logged are left out");
    }
    for (const auto& change : changes.changes) {
        auto done = db.execute(kInsertChange,
                               span_of({std::string_view(row.hostname), std::string_view(row.instance), row.time,
                                        inventory::to_string(change.kind), std::string_view(change.name),
                                        std::string_view(change.old_value), std::string_view(change.new_value)}));
        if (!done) return std::move(done).error();
    }
    auto oldest = db.query(kOldestKeptChange, span_of({std::string_view(row.hostname), std::string_view(row.instance),
                                                       static_cast<std::int64_t>(kMaxInventoryChangesPerHost)}));
    if (!oldest) return std::move(oldest).error();
    if (!oldest->empty()) {
        auto cut = db.execute(kCutChanges, span_of({std::string_view(row.hostname), std::string_view(row.instance),
                                                    oldest->front().integer(0)}));
        if (!cut) return std::move(cut).error();
    }
    return {};
}

}  // namespace

awsrest::Result<void> write_inventories(SqlConnection& db, const SqlDialect& dialect,
                                        const std::vector<InventoryRow>& rows) {
    for (const InventoryRow& row : rows) {
        auto stored =
            db.query(kSelectInventory, span_of({std::string_view(row.hostname), std::string_view(row.instance)}));
        if (!stored) return std::move(stored).error();
        if (!stored->empty()) {
            if (stored->front().text(1) == row.digest) continue;  // the same inventory again
            if (auto logged = log_changes(db, row, std::move(stored->front()).text(2)); !logged) return logged;
        }
        auto done = db.execute(dialect.upsert_inventory,
                               span_of({std::string_view(row.hostname), std::string_view(row.instance), row.time,
                                        std::string_view(row.digest), std::string_view(row.text)}));
        if (!done) return std::move(done).error();
    }
    return {};
}

awsrest::Result<void> forget_inventory(SqlConnection& db, const HostKey& host) {
    const Params key{std::string_view(host.hostname), std::string_view(host.instance)};
    if (auto done = db.execute(kDeleteInventory, span_of(key)); !done) return std::move(done).error();
    if (auto done = db.execute(kDeleteChanges, span_of(key)); !done) return std::move(done).error();
    return {};
}

awsrest::Result<std::optional<StoredInventory>> read_inventory(SqlConnection& db, const HostKey& host) {
    const Params key{std::string_view(host.hostname), std::string_view(host.instance)};
    auto rows = db.query(kSelectInventory, span_of(key));
    if (!rows) return std::move(rows).error();
    if (rows->empty()) return std::optional<StoredInventory>{};
    StoredInventory stored;
    stored.time = rows->front().integer(0);
    stored.digest = std::move(rows->front()).text(1);
    stored.text = std::move(rows->front()).text(2);
    auto changes = db.query(kSelectChanges, span_of({std::string_view(host.hostname), std::string_view(host.instance),
                                                     static_cast<std::int64_t>(kMaxInventoryChangesPerHost)}));
    if (!changes) return std::move(changes).error();
    stored.changes.reserve(changes->size());
    for (SqlRow& row : *changes) {
        InventoryChangeRow change;
        change.time = row.integer(0);
        change.kind = std::move(row).text(1);
        change.name = std::move(row).text(2);
        change.old_value = std::move(row).text(3);
        change.new_value = std::move(row).text(4);
        stored.changes.push_back(std::move(change));
    }
    return std::optional<StoredInventory>(std::move(stored));
}

}  // namespace niamd::store
