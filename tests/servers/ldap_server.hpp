// slapd on a free loopback port with a slapd.conf in a temporary directory: one mdb database
// dc=niam,dc=test whose rootdn is the simple-bind user. Stopped with its process group.
#pragma once

#include "server_process.hpp"
#include "support/temp_dir.hpp"

namespace server_test {

class SlapdServer {
public:
    static constexpr const char* kBindDn = "cn=admin,dc=niam,dc=test";
    static constexpr const char* kPassword = "s3cret-ldap";
    static constexpr const char* kSuffix = "dc=niam,dc=test";
    SlapdServer();
    int port() const { return port_; }

private:
    test_support::TempDir dir_{"niam-slapd"};
    int port_ = 0;
    ServerProcess process_;
};

}  // namespace server_test
