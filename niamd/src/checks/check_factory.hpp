// make_check: the Check that carries out one configured check.
#pragma once

#include <filesystem>
#include <memory>

#include "checks/check.hpp"
#include "checks/http_endpoint.hpp"
#include "config/host_config.hpp"

namespace niamd::checks {

// Ping port 0: IcmpPing; Ping port > 0: TcpPing; Http: HttpCheck on spec.url (or
// http://target:port/ when the spec has no URL) with the spec's endpoint test; Script: ScriptCheck in scripts_dir.
// Never null.
// The endpoint test of an HTTP statement's options.
HttpEndpoint http_endpoint(const config::HttpKeys& keys);

std::unique_ptr<Check> make_check(const config::CheckSpec& spec, const std::filesystem::path& scripts_dir);

}  // namespace niamd::checks
