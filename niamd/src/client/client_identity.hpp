// Who a client says it is in every record: its instance id and hostname. Checked at start
// against the protocol's bounds, so a client the master would refuse does not run at all.
#pragma once

#include <string>

namespace niamd::client {

struct ClientIdentity {
    std::string instance;  // EC2 instance id or "NOT-AWS"
    std::string hostname;
};

// Empty when the master accepts records with this identity; else what is wrong
// ("hostname is 1100 bytes, more than the 1024 the protocol allows").
std::string identity_problem(const ClientIdentity& identity);

}  // namespace niamd::client
