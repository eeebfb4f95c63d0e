#include "ldap_server.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>

namespace server_test {

SlapdServer::SlapdServer() {
    using namespace std::chrono_literals;
    const std::string dir = dir_.str();
    std::filesystem::create_directories(dir_.path() / "db");
    dir_.write("slapd.conf",
               "include /etc/ldap/schema/core.schema\nmodulepath /usr/lib/ldap\nmoduleload back_mdb\npidfile " + dir +
                   "/slapd.pid\ndatabase mdb\nmaxsize 10485760\nsuffix \"" + kSuffix + "\"\nrootdn \"" + kBindDn +
                   "\"\nrootpw " + kPassword + "\ndirectory " + dir + "/db\n",
               0600);
    port_ = free_port();
    process_ = ServerProcess({"/usr/sbin/slapd", "-d", "0", "-h", "ldap://127.0.0.1:" + std::to_string(port_) + "/",
                              "-f", dir + "/slapd.conf"},
                             dir_.path() / "slapd.log");
    if (!wait_for_port(port_, 5s)) throw std::runtime_error("slapd did not listen: " + read_text(dir_.path() / "slapd.log"));
}

}  // namespace server_test
