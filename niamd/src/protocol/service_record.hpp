// The services a client watches for its /etc/monitoring-info files, as SERVICES records, and
// back (docs/protocol.md, "SERVICES"): `INSTANCE,HOSTNAME,SERVICES,DIGEST,PART/PARTS,TIME,ITEMS`.
// The registration text is one item per service, sorted by name and joined by ';', each
// `NAME TYPE TARGET PORT INTERVAL TIMEOUT RETRIES SOURCE` with `%`, `;`, space and control
// bytes inside a field written %XX. It is cut into parts like an inventory
// (protocol/inventory_record.hpp); DIGEST is FNV-1a 64 of the whole text. An empty text is
// a host without services. No secret is ever part of it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/record.hpp"

namespace niamd::protocol {

inline constexpr std::size_t kMaxRegisteredServices = 1000;

struct RegisteredService {
    std::string name;  // unique on the host, never empty
    std::string type;  // "http", "tcp", ...
    std::string target;
    int port = 0;
    int interval = 0;  // seconds; 0: the host's INTERVAL
    int timeout = 0;   // seconds; 0: the host's TIMEOUT
    int retries = 0;
    std::string source;  // the file it came from

    friend bool operator==(const RegisteredService&, const RegisteredService&) = default;
};

// The canonical text: the services sorted by name.
std::string registration_text(std::vector<RegisteredService> services);
// nullopt (with `error` set) for a text registration_text could not have written.
std::optional<std::vector<RegisteredService>> parse_registration_text(std::string_view text,
                                                                      std::string* error = nullptr);

// The records of one registration, stamped `time`, in part order (one empty part for none).
std::vector<Record> registration_records(const std::string& instance, const std::string& hostname,
                                         const std::vector<RegisteredService>& services, std::int64_t time);

}  // namespace niamd::protocol
