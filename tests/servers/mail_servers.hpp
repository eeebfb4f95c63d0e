// The real servers the protocol checks are tested against, each on free loopback ports with
// its own files in a temporary directory: OpenSSH's sshd, dovecot (IMAP, POP3 and LMTP, one
// passwd-file user, maildir) and exim4 delivering every recipient to dovecot's LMTP.
// Each is started once per test case and stopped (with its process group) when it goes.
#pragma once

#include <filesystem>
#include <string>

#include "server_process.hpp"
#include "support/temp_dir.hpp"

namespace server_test {

// The certificate a server under test serves (tests/support/test_certificates.hpp).
struct ServedCertificate {
    std::string chain_file;  // leaf then intermediate
    std::string key_file;
};

class SshdServer {
  public:
    SshdServer();
    int port() const { return port_; }

  private:
    test_support::TempDir dir_{"niam-sshd"};
    int port_ = 0;
    ServerProcess process_;
};

class DovecotServer {
  public:
    static constexpr const char* kUser = "probe";
    static constexpr const char* kPassword = "s3cret-probe";
    // With `tls`: STARTTLS/STLS on the imap and pop3 ports, and imaps and pop3s ports.
    explicit DovecotServer(const ServedCertificate* tls = nullptr);
    int imap_port() const { return imap_; }
    int pop3_port() const { return pop3_; }
    int imaps_port() const { return imaps_; }
    int pop3s_port() const { return pop3s_; }
    int lmtp_port() const { return lmtp_; }
    // Files in the user's maildir new/ and cur/.
    int mails() const;

  private:
    test_support::TempDir dir_{"niam-dovecot"};
    int imap_ = 0;
    int pop3_ = 0;
    int lmtp_ = 0;
    int imaps_ = 0;
    int pop3s_ = 0;
    ServerProcess process_;
};

class EximServer {
  public:
    static constexpr const char* kDomain = "niam-test.localdomain";
    // With `tls`: STARTTLS advertised to every client.
    explicit EximServer(int lmtp_port, const ServedCertificate* tls = nullptr);
    int port() const { return port_; }
    std::string mainlog() const;

  private:
    test_support::TempDir dir_{"niam-exim"};
    int port_ = 0;
    ServerProcess process_;
};

}  // namespace server_test
