// InventoryCollector: gathers a host's inventory (inventory/inventory.hpp): the kernel
// (uname), the OS (/etc/os-release PRETTY_NAME, ID, VERSION_ID), the CPU (/proc/cpuinfo
// "model name" and the number of processors), memory (/proc/meminfo MemTotal), the IP
// addresses of every interface but loopback (getifaddrs) and the installed packages
// (dpkg-query, else rpm, run without a shell like a plugin; neither: no packages).
//
// The readers are pure functions of the text, and the files are read under `root`, so
// unit tests use fixture trees (tests/data/inventory/). Bounded (inventory.hpp): packages
// past kMaxPackages, and names, versions and facts past their byte bounds, are left out
// and counted.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/inventory.hpp"

namespace niamd::client {

// The package manager's output, one package a line: "NAME\tVERSION" (rpm) or
// "STATUS\tNAME\tVERSION" (dpkg-query's db:Status-Abbrev, kept when the package is
// installed: "ii "). nullopt with `error` set: the package manager exists but failed.
struct PackageList {
    std::optional<std::string> text;  // empty optional and empty error: no package manager
    std::string error;
};

struct InventorySources {
    std::filesystem::path root = "/";                     // etc/os-release, proc/cpuinfo, proc/meminfo
    std::function<std::string()> kernel;                  // default: uname
    std::function<std::vector<std::string>()> addresses;  // default: getifaddrs
    std::function<PackageList()> packages;                // default: dpkg-query or rpm
};

struct InventoryCounts {
    std::uint64_t cut = 0;          // packages, addresses or facts left out over the bounds, since start
    std::uint64_t read_errors = 0;  // files or package lists that could not be read
    std::string last_error;
};

// Readers: each fills its part of `inventory` and returns what it left out (bounds).
std::size_t read_os_release(std::string_view text, inventory::Inventory& inventory);
std::size_t read_cpuinfo(std::string_view text, inventory::Inventory& inventory);
std::size_t read_meminfo(std::string_view text, inventory::Inventory& inventory);
std::size_t read_package_list(std::string_view text, inventory::Inventory& inventory);

// The default package list: dpkg-query, else rpm, under a timeout; `stopping` abandons it.
PackageList system_package_list(const std::function<bool()>& stopping);

class InventoryCollector {
  public:
    explicit InventoryCollector(InventorySources sources = {}, std::function<bool()> stopping = {});

    // nullopt when the package manager failed (logged, counted): an inventory without its
    // packages would read as every package removed. A missing file costs only its facts.
    std::optional<inventory::Inventory> collect();
    const InventoryCounts& counts() const noexcept { return counts_; }

  private:
    void failed(std::string what);

    InventorySources sources_;
    std::function<bool()> stopping_;
    InventoryCounts counts_;
};

}  // namespace niamd::client
