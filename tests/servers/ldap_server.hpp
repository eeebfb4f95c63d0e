// slapd on a free loopback port with a slapd.conf in a temporary directory: one mdb database
// dc=niam,dc=test whose rootdn is the simple-bind user. Stopped with its process group.
#pragma once

#include "mail_servers.hpp"
#include "server_process.hpp"
#include "support/temp_dir.hpp"

namespace server_test {

class SlapdServer {
  public:
    static constexpr const char* kBindDn = "cn=admin,dc=niam,dc=test";
    static constexpr const char* kPassword = "s3cret-ldap";
    static constexpr const char* kSuffix = "dc=niam,dc=test";
    // With `tls`: StartTLS on port() and LDAPS on ldaps_port().
    explicit SlapdServer(const ServedCertificate* tls = nullptr);
    int port() const { return port_; }
    int ldaps_port() const { return ldaps_; }

  private:
    test_support::TempDir dir_{"niam-slapd"};
    int port_ = 0;
    int ldaps_ = 0;
    ServerProcess process_;
};

}  // namespace server_test
