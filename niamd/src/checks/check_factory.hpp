// make_check: the Check that carries out one configured check.
#pragma once

#include <filesystem>
#include <memory>

#include "checks/check.hpp"
#include "config/host_config.hpp"

namespace niamd::checks {

// Ping port 0: IcmpPing; Ping port > 0: TcpPing; Http: HttpCheck on spec.url (or
// http://target:port/ when the spec has no URL); Script: ScriptCheck in scripts_dir.
// Never null.
std::unique_ptr<Check> make_check(const config::CheckSpec& spec, const std::filesystem::path& scripts_dir);

}  // namespace niamd::checks
