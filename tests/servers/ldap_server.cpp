#include "ldap_server.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>

namespace server_test {

SlapdServer::SlapdServer(const ServedCertificate* tls) {
    using namespace std::chrono_literals;
    const std::string dir = dir_.str();
    std::filesystem::create_directories(dir_.path() / "db");
    const std::string tls_lines =
        tls ? "TLSCertificateFile " + tls->chain_file + "\nTLSCertificateKeyFile " + tls->key_file + "\n"
            : std::string();
    dir_.write("slapd.conf",
               "include /etc/ldap/schema/core.schema\nmodulepath /usr/lib/ldap\nmoduleload back_mdb\npidfile " + dir +
                   "/slapd.pid\n" + tls_lines + "database mdb\nmaxsize 10485760\nsuffix \"" + kSuffix +
                   "\"\nrootdn \"" + kBindDn + "\"\nrootpw " + kPassword + "\ndirectory " + dir + "/db\n",
               0600);
    port_ = free_port();
    std::string urls = "ldap://127.0.0.1:" + std::to_string(port_) + "/";
    if (tls) {
        ldaps_ = free_port();
        urls += " ldaps://127.0.0.1:" + std::to_string(ldaps_) + "/";
    }
    process_ =
        ServerProcess({"/usr/sbin/slapd", "-d", "0", "-h", urls, "-f", dir + "/slapd.conf"}, dir_.path() / "slapd.log");
    if (!wait_for_port(port_, 5s) || (tls && !wait_for_port(ldaps_, 5s)))
        throw std::runtime_error("slapd did not listen: " + read_text(dir_.path() / "slapd.log"));
}

}  // namespace server_test
