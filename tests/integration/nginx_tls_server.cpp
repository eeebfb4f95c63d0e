#include "nginx_tls_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/test_certificates.hpp"
#include "support/read_file.hpp"

namespace scenario {
namespace {

using test_support::read_file;

int loopback_socket(int port, bool do_connect) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int done = do_connect ? ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address)
                                : ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    if (done != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

int free_loopback_port() {
    const int fd = loopback_socket(0, false);
    if (fd < 0) throw std::runtime_error("cannot bind a loopback port");
    sockaddr_in address{};
    socklen_t size = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

NginxTlsServer::NginxTlsServer() {
    std::string pattern = (std::filesystem::temp_directory_path() / "niam-nginx-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    std::filesystem::create_directories(dir_ + "/tmp");
}

NginxTlsServer::~NginxTlsServer() {
    nginx_.reset();  // SIGKILL when still running
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

void NginxTlsServer::start() {
    port_ = free_loopback_port();
    std::string conf = "user root;\nerror_log " + dir_ + "/error.log;\nevents { worker_connections 64; }\nhttp {\n";
    conf += "  access_log " + dir_ + "/access.log;\n";
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
        conf += "  " + std::string(temp) + "_temp_path " + dir_ + "/tmp/" + temp + ";\n";
    }
    conf += "  ssl_protocols TLSv1.2 TLSv1.3;\n";
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
        const std::string base = dir_ + "/host" + std::to_string(i);
        niam_test::write_text_file(base + ".crt", hosts_[i].chain_pem);
        niam_test::write_text_file(base + ".key", hosts_[i].key_pem);
        conf += "  server {\n    listen 127.0.0.1:" + std::to_string(port_) + " ssl" +
                (hosts_[i].default_server ? " default_server" : "") + ";\n";
        conf += "    server_name " + hosts_[i].server_names + ";\n";
        conf += "    ssl_certificate " + base + ".crt;\n    ssl_certificate_key " + base + ".key;\n";
        conf += "    location / { return 200 \"ok\\n\"; }\n  }\n";
    }
    conf += "}\n";
    niam_test::write_text_file(dir_ + "/nginx.conf", conf);
    nginx_ = std::make_unique<DaemonProcess>(
        "/usr/sbin/nginx",
        std::vector<std::string>{"-p", dir_, "-c", dir_ + "/nginx.conf", "-e", dir_ + "/error.log", "-g",
                                 "daemon off; master_process off; pid " + dir_ + "/nginx.pid;"},
        std::map<std::string, std::string>{}, dir_ + "/nginx.out");
    nginx_->start();
    const bool up = eventually(
        [&] {
            const int fd = loopback_socket(port_, true);
            if (fd >= 0) ::close(fd);
            return fd >= 0 || !nginx_->running();
        },
        std::chrono::milliseconds(5000));
    if (!up || !nginx_->running()) {
        throw std::runtime_error("nginx did not start: " + nginx_->output() + read_file(dir_ + "/error.log"));
    }
}

}  // namespace scenario
