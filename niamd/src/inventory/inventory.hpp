// Inventory: what a host is made of (kernel, OS, CPU, memory, addresses, installed
// packages), its canonical text, its digest and the changes between two inventories
// (docs/protocol.md, "INVENTORY"). Pure functions, shared by the client (which collects and
// sends it) and the master (which assembles, stores and diffs it).
//
// Canonical text: items `key=value` joined by ';', with '%', ';', '=' and control bytes
// inside a key or value written %XX (protocol/metric_record.hpp's tag escaping), in this
// order: kernel, os, os_id, os_version, cpu_model, cpu_count, memory_bytes, then one
// `address` item per address (sorted), then one `package` item per package, its value
// "NAME VERSION" (sorted by name, then version). Absent facts are left out. The same
// inventory always gives the same text, so its digest changes only when the host does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::inventory {

inline constexpr std::size_t kMaxPackages = 20000;
inline constexpr std::size_t kMaxAddresses = 256;
inline constexpr std::size_t kMaxNameBytes = 256;     // a package name
inline constexpr std::size_t kMaxVersionBytes = 256;  // a package version
inline constexpr std::size_t kMaxFactBytes = 512;     // kernel, os, cpu model, an address
// The canonical text as a whole (20,000 packages of bounded size fit).
inline constexpr std::size_t kMaxTextBytes = 16 * 1024 * 1024;

struct Package {
    std::string name;
    std::string version;

    friend bool operator==(const Package&, const Package&) = default;
    friend auto operator<=>(const Package&, const Package&) = default;
};

struct Inventory {
    std::string kernel;      // "Linux 6.1.0-13-amd64 x86_64" (uname: sysname release machine)
    std::string os;          // /etc/os-release PRETTY_NAME
    std::string os_id;       // ID
    std::string os_version;  // VERSION_ID
    std::string cpu_model;   // /proc/cpuinfo "model name" of the first CPU
    std::int64_t cpu_count = 0;
    std::int64_t memory_bytes = 0;       // /proc/meminfo MemTotal
    std::vector<std::string> addresses;  // sorted
    std::vector<Package> packages;       // sorted

    friend bool operator==(const Inventory&, const Inventory&) = default;
};

// Sorts addresses and packages (and drops exact duplicates), as the canonical text needs.
void normalise(Inventory& inventory);

std::string canonical_text(const Inventory& inventory);
// nullopt, with `error` set, when the text is not what canonical_text writes: an item
// without '=', a bad %XX, an unknown key, a bad number, a package without a name, more
// items than the bounds allow.
std::optional<Inventory> parse_canonical_text(std::string_view text, std::string* error = nullptr);

// 16 lower-case hex digits: FNV-1a 64 of the canonical text (a change detector, not a
// security measure: messages are authenticated by HMAC_KEY).
std::string digest_of(std::string_view canonical);
bool is_digest(std::string_view text) noexcept;

enum class ChangeKind { PackageAdded, PackageRemoved, PackageUpgraded, KernelChanged, OsChanged };
std::string_view to_string(ChangeKind kind) noexcept;  // "package_added", ...
std::optional<ChangeKind> change_kind_from_string(std::string_view text) noexcept;

struct Change {
    ChangeKind kind = ChangeKind::PackageAdded;
    std::string name;  // the package; "kernel" or "os" for those
    std::string old_value;
    std::string new_value;
};

struct Changes {
    std::vector<Change> changes;  // kernel, os, then packages by name; at most `max`
    std::size_t omitted = 0;      // changes past `max`, counted only
};

// What changed from `before` to `after` (package_upgraded: the version differs, whichever
// way). A package installed in several versions counts as one name with its versions
// joined by ' '.
Changes changes_between(const Inventory& before, const Inventory& after, std::size_t max);

}  // namespace niamd::inventory
