#include "mail_servers.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace server_test {
namespace {

using namespace std::chrono_literals;

void run_or_throw(const std::string& command) {
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

void open_up(const std::filesystem::path& dir) {
    if (::chmod(dir.c_str(), 0755) != 0) throw std::runtime_error("chmod failed: " + dir.string());
}

}  // namespace

SshdServer::SshdServer() {
    // sshd insists on its privilege separation directory even when run by hand.
    std::filesystem::create_directories("/run/sshd");
    const std::string dir = dir_.str();
    run_or_throw("ssh-keygen -q -t ed25519 -N '' -f " + dir + "/host_key");
    dir_.write("sshd_config",
               "HostKey " + dir + "/host_key\nListenAddress 127.0.0.1\nPidFile " + dir +
                   "/sshd.pid\nUsePAM no\nStrictModes no\n",
               0600);
    port_ = free_port();
    process_ = ServerProcess({"/usr/sbin/sshd", "-D", "-e", "-f", dir + "/sshd_config", "-p", std::to_string(port_)},
                             dir_.path() / "sshd.log");
    if (!wait_for_port(port_, 5s))
        throw std::runtime_error("sshd did not listen: " + read_text(dir_.path() / "sshd.log"));
}

DovecotServer::DovecotServer(const ServedCertificate* tls) {
    const std::string dir = dir_.str();
    open_up(dir_.path());  // dovecot's auth and mail processes run as other users
    std::filesystem::create_directories(dir_.path() / "home");
    std::filesystem::create_directories(dir_.path() / "base");
    std::filesystem::create_directories(dir_.path() / "state");
    if (::chown((dir_.path() / "home").c_str(), 65534, 65534) != 0) throw std::runtime_error("chown home failed");
    dir_.write("passwd", std::string(kUser) + ":{PLAIN}" + kPassword + ":65534:65534::" + dir + "/home\n", 0644);
    imap_ = free_port();
    pop3_ = free_port();
    lmtp_ = free_port();
    if (tls) {
        imaps_ = free_port();
        pop3s_ = free_port();
    }
    auto listener = [](const std::string& service, const std::string& name, int port, const std::string& secure,
                       int secure_port) {
        return "service " + service + " {\n  inet_listener " + name +
               " {\n    address = 127.0.0.1\n    port = " + std::to_string(port) + "\n  }\n  inet_listener " + secure +
               " {\n    address = 127.0.0.1\n    port = " + std::to_string(secure_port) + "\n" +
               (secure_port != 0 ? "    ssl = yes\n" : "") + "  }\n}\n";
    };
    const std::string ssl = tls ? "ssl = yes\nssl_cert = <" + tls->chain_file + "\nssl_key = <" + tls->key_file + "\n"
                                : std::string("ssl = no\n");
    dir_.write(
        "dovecot.conf",
        "base_dir = " + dir + "/base\nstate_dir = " + dir +
            "/state\nlog_path = /dev/stderr\n"
            "protocols = imap pop3 lmtp\nlisten = 127.0.0.1\n" +
            ssl +
            "disable_plaintext_auth = no\n"
            "auth_mechanisms = plain login\nauth_username_format = %Ln\nmail_location = maildir:~/Maildir\n"
            "first_valid_uid = 1\nauth_failure_delay = 0\npassdb {\n  driver = passwd-file\n  args = " +
            dir +
            "/passwd\n}\n"
            "userdb {\n  driver = passwd-file\n  args = " +
            dir + "/passwd\n}\n" + listener("imap-login", "imap", imap_, "imaps", imaps_) +
            listener("pop3-login", "pop3", pop3_, "pop3s", pop3s_) +
            "service lmtp {\n  inet_listener lmtp {\n    address = 127.0.0.1\n    port = " + std::to_string(lmtp_) +
            "\n  }\n  unix_listener lmtp {\n    mode = 0600\n  }\n}\n"
            "service anvil {\n  chroot =\n}\n",
        0644);
    process_ = ServerProcess({"/usr/sbin/dovecot", "-F", "-c", dir + "/dovecot.conf"}, dir_.path() / "dovecot.log");
    if (!wait_for_port(imap_, 5s) || !wait_for_port(pop3_, 5s) || !wait_for_port(lmtp_, 5s) ||
        (tls && (!wait_for_port(imaps_, 5s) || !wait_for_port(pop3s_, 5s)))) {
        throw std::runtime_error("dovecot did not listen: " + read_text(dir_.path() / "dovecot.log"));
    }
}

int DovecotServer::mails() const {
    int count = 0;
    for (const char* sub : {"new", "cur"}) {
        const auto folder = dir_.path() / "home" / "Maildir" / sub;
        std::error_code ignored;
        if (!std::filesystem::exists(folder, ignored)) continue;
        for (const auto& entry : std::filesystem::directory_iterator(folder)) count += entry.is_regular_file() ? 1 : 0;
    }
    return count;
}

EximServer::EximServer(int lmtp_port, const ServedCertificate* tls) {
    const std::string dir = dir_.str();
    open_up(dir_.path());
    std::string tls_settings = "tls_advertise_hosts =\n";
    if (tls) {  // copies exim's own user can read (the folder is chowned below)
        std::filesystem::copy_file(tls->chain_file, dir_.path() / "chain.pem");
        std::filesystem::copy_file(tls->key_file, dir_.path() / "key.pem");
        tls_settings =
            "tls_advertise_hosts = *\ntls_certificate = " + dir + "/chain.pem\ntls_privatekey = " + dir + "/key.pem\n";
    }
    // exim writes its spool and logs as its own user (Debian-exim); root may not be a
    // delivery user (fixed_never_users), so the folder is that user's.
    dir_.write("exim.conf",
               std::string("primary_hostname = ") + kDomain +
                   "\nnever_users =\ntrusted_users = root\n"
                   "spool_directory = " +
                   dir + "/spool\nlog_file_path = " + dir + "/%slog\npid_file_path = " + dir +
                   "/exim.pid\nlocal_interfaces = 127.0.0.1\nacl_smtp_rcpt = acl_check_rcpt\nhost_lookup =\n"
                   "rfc1413_hosts =\n" +
                   tls_settings +
                   "keep_environment =\n"
                   "begin acl\nacl_check_rcpt:\n  accept\n"
                   "begin routers\nto_lmtp:\n  driver = manualroute\n  route_list = * 127.0.0.1\n"
                   "  transport = lmtp_out\n  self = send\n"
                   "begin transports\nlmtp_out:\n  driver = smtp\n  protocol = lmtp\n  port = " +
                   std::to_string(lmtp_port) +
                   "\n  allow_localhost\n"
                   "begin retry\n* * F,1m,10s\n",
               0644);
    run_or_throw("chown Debian-exim:Debian-exim " + dir + (tls ? " " + dir + "/chain.pem " + dir + "/key.pem" : ""));
    port_ = free_port();
    process_ = ServerProcess({"/usr/sbin/exim4", "-bdf", "-oX", std::to_string(port_), "-C", dir + "/exim.conf"},
                             dir_.path() / "exim.out");
    if (!wait_for_port(port_, 5s))
        throw std::runtime_error("exim did not listen: " + read_text(dir_.path() / "exim.out"));
}

std::string EximServer::mainlog() const { return read_text(dir_.path() / "mainlog"); }

}  // namespace server_test
