#include "inventory/inventory.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "metrics/tag_text.hpp"

namespace niamd::inventory {
namespace {

std::optional<std::int64_t> parse_count(std::string_view text) {
    if (text.empty() || text.size() > 19) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

void set_error(std::string* error, std::string message) {
    if (error != nullptr) *error = std::move(message);
}

// Name → versions joined by ' ' (a package installed in several versions).
std::map<std::string_view, std::string> by_name(const std::vector<Package>& packages) {
    std::map<std::string_view, std::string> out;
    for (const Package& package : packages) {
        std::string& versions = out[package.name];
        if (!versions.empty()) versions.push_back(' ');
        versions += package.version;
    }
    return out;
}

}  // namespace

void normalise(Inventory& inventory) {
    auto& addresses = inventory.addresses;
    std::sort(addresses.begin(), addresses.end());
    addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
    auto& packages = inventory.packages;
    std::sort(packages.begin(), packages.end());
    packages.erase(std::unique(packages.begin(), packages.end()), packages.end());
}

std::string canonical_text(const Inventory& inventory) {
    std::vector<metrics::Tag> items;
    items.reserve(8 + inventory.addresses.size() + inventory.packages.size());
    const auto add = [&items](std::string key, std::string value) {
        items.push_back({std::move(key), std::move(value)});
    };
    if (!inventory.kernel.empty()) add("kernel", inventory.kernel);
    if (!inventory.os.empty()) add("os", inventory.os);
    if (!inventory.os_id.empty()) add("os_id", inventory.os_id);
    if (!inventory.os_version.empty()) add("os_version", inventory.os_version);
    if (!inventory.cpu_model.empty()) add("cpu_model", inventory.cpu_model);
    if (inventory.cpu_count > 0) add("cpu_count", std::to_string(inventory.cpu_count));
    if (inventory.memory_bytes > 0) add("memory_bytes", std::to_string(inventory.memory_bytes));
    for (const auto& address : inventory.addresses) add("address", address);
    for (const auto& package : inventory.packages) {
        add("package", package.version.empty() ? package.name : package.name + " " + package.version);
    }
    return metrics::encode_tags(items);
}

std::optional<Inventory> parse_canonical_text(std::string_view text, std::string* error) {
    if (text.size() > kMaxTextBytes) {
        set_error(error, "inventory is " + std::to_string(text.size()) + " bytes, more than the " +
                             std::to_string(kMaxTextBytes) + " allowed");
        return std::nullopt;
    }
    auto items = metrics::decode_tags(text);
    if (!items) {
        set_error(error, "inventory items cannot be read (an item without '=' or a bad %XX escape)");
        return std::nullopt;
    }
    Inventory inventory;
    for (auto& item : *items) {
        const std::string& key = item.key;
        std::string& value = item.value;
        const auto fact = [&](std::string& field) {
            if (value.size() > kMaxFactBytes) return false;
            field = std::move(value);
            return true;
        };
        bool good = true;
        if (key == "kernel") {
            good = fact(inventory.kernel);
        } else if (key == "os") {
            good = fact(inventory.os);
        } else if (key == "os_id") {
            good = fact(inventory.os_id);
        } else if (key == "os_version") {
            good = fact(inventory.os_version);
        } else if (key == "cpu_model") {
            good = fact(inventory.cpu_model);
        } else if (key == "cpu_count" || key == "memory_bytes") {
            const auto number = parse_count(value);
            good = number.has_value();
            if (good) (key == "cpu_count" ? inventory.cpu_count : inventory.memory_bytes) = *number;
        } else if (key == "address") {
            good = value.size() <= kMaxFactBytes && inventory.addresses.size() < kMaxAddresses;
            if (good) inventory.addresses.push_back(std::move(value));
        } else if (key == "package") {
            const std::size_t space = value.find(' ');
            Package package;
            package.name = value.substr(0, space);
            if (space != std::string::npos) package.version = value.substr(space + 1);
            good = !package.name.empty() && package.name.size() <= kMaxNameBytes &&
                   package.version.size() <= kMaxVersionBytes && inventory.packages.size() < kMaxPackages;
            if (good) inventory.packages.push_back(std::move(package));
        } else {
            set_error(error, "unknown inventory item \"" + key.substr(0, 40) + "\"");
            return std::nullopt;
        }
        if (!good) {
            set_error(error, "inventory item \"" + key + "\" is out of bounds or not a number");
            return std::nullopt;
        }
    }
    normalise(inventory);
    return inventory;
}

std::string digest_of(std::string_view canonical) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : canonical) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kHex[hash & 0xf];
        hash >>= 4;
    }
    return out;
}

bool is_digest(std::string_view text) noexcept {
    return text.size() == 16 && std::all_of(text.begin(), text.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string_view to_string(ChangeKind kind) noexcept {
    switch (kind) {
        case ChangeKind::PackageAdded: return "package_added";
        case ChangeKind::PackageRemoved: return "package_removed";
        case ChangeKind::PackageUpgraded: return "package_upgraded";
        case ChangeKind::KernelChanged: return "kernel_changed";
        case ChangeKind::OsChanged: return "os_changed";
    }
    return "package_added";
}

std::optional<ChangeKind> change_kind_from_string(std::string_view text) noexcept {
    for (const ChangeKind kind : {ChangeKind::PackageAdded, ChangeKind::PackageRemoved, ChangeKind::PackageUpgraded,
                                  ChangeKind::KernelChanged, ChangeKind::OsChanged}) {
        if (to_string(kind) == text) return kind;
    }
    return std::nullopt;
}

Changes changes_between(const Inventory& before, const Inventory& after, std::size_t max) {
    Changes out;
    const auto add = [&out, max](ChangeKind kind, std::string_view name, std::string_view old_value,
                                 std::string_view new_value) {
        if (out.changes.size() >= max) {
            ++out.omitted;
            return;
        }
        Change change;
        change.kind = kind;
        change.name = name;
        change.old_value = old_value;
        change.new_value = new_value;
        out.changes.push_back(std::move(change));
    };
    if (before.kernel != after.kernel) add(ChangeKind::KernelChanged, "kernel", before.kernel, after.kernel);
    if (before.os != after.os) add(ChangeKind::OsChanged, "os", before.os, after.os);
    const auto old_packages = by_name(before.packages);
    const auto new_packages = by_name(after.packages);
    auto old_it = old_packages.begin();
    auto new_it = new_packages.begin();
    while (old_it != old_packages.end() || new_it != new_packages.end()) {
        if (new_it == new_packages.end() || (old_it != old_packages.end() && old_it->first < new_it->first)) {
            add(ChangeKind::PackageRemoved, old_it->first, old_it->second, "");
            ++old_it;
        } else if (old_it == old_packages.end() || new_it->first < old_it->first) {
            add(ChangeKind::PackageAdded, new_it->first, "", new_it->second);
            ++new_it;
        } else {
            if (old_it->second != new_it->second) {
                add(ChangeKind::PackageUpgraded, new_it->first, old_it->second, new_it->second);
            }
            ++old_it;
            ++new_it;
        }
    }
    return out;
}

}  // namespace niamd::inventory
