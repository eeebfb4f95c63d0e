// Real peers for the checks' tests, all on this host: a scripts folder in a temporary
// directory, TCP listeners on 127.0.0.1 (one whose backlog is full, so connecting hangs),
// and a cpp-httplib server whose /hang answer waits until the test lets it go.
#pragma once

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "http/loopback_server.hpp"
#include "niamd/children_account.hpp"
#include "support/temp_dir.hpp"

namespace check_test {

// A private temporary directory; files written into it are executable by default. Run as
// root, it is the account the checks' programs then run as (process/account.hpp: nobody).
class TempDir : public test_support::TempDir {
  public:
    TempDir() : test_support::TempDir("niam-checks") { test_support::give_to_children(*this); }
    std::filesystem::path write(const std::string& name, const std::string& text, mode_t mode = 0755) const {
        return test_support::TempDir::write(name, text, mode);
    }
};

// A listening TCP socket on 127.0.0.1. With `fill_backlog`, its accept queue is filled
// by one connection it never accepts, so the kernel drops further SYNs: a connect to it
// hangs until the connector gives up (no traffic leaves the host).
class TcpListener {
  public:
    explicit TcpListener(bool fill_backlog = false) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd_, 0) != 0) {
            throw std::runtime_error("listener setup failed");
        }
        socklen_t size = sizeof address;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        if (fill_backlog) {
            filler_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (::connect(filler_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
                throw std::runtime_error("backlog filler could not connect");
            }
        }
    }
    ~TcpListener() {
        if (filler_ >= 0) ::close(filler_);
        ::close(fd_);
    }
    TcpListener(const TcpListener&) = delete;
    TcpListener& operator=(const TcpListener&) = delete;
    int port() const { return port_; }

  private:
    int fd_ = -1;
    int filler_ = -1;
    int port_ = 0;
};

// A loopback port bound but never listened on: connecting is refused at once.
using ClosedPort = test_support::RefusingPort;

// cpp-httplib on an ephemeral loopback port: /ok 200, /moved 302 (to /ok), /broken 500,
// /big 200 with a 3 MiB body, /hang answers only when released (or after 10 s), /page a
// small text, /hop1 → /hop2 → /page, /slow after 150 ms, /echo the method and headers.
class CheckedServer {
  public:
    CheckedServer() {
        server_.Get("/ok", [](const httplib::Request&, httplib::Response& response) {
            response.set_content("fine", "text/plain");
        });
        server_.Get("/moved",
                    [](const httplib::Request&, httplib::Response& response) { response.set_redirect("/ok", 302); });
        server_.Get("/broken", [](const httplib::Request&, httplib::Response& response) {
            response.status = 500;
            response.set_content("oops", "text/plain");
        });
        server_.Get("/big", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(std::string(3 * 1024 * 1024, 'x'), "text/plain");
        });
        server_.Get("/page", [](const httplib::Request&, httplib::Response& response) {
            response.set_content("status: green\nversion v42\n", "text/plain");
        });
        server_.Get("/hop1",
                    [](const httplib::Request&, httplib::Response& response) { response.set_redirect("/hop2", 301); });
        server_.Get("/hop2",
                    [](const httplib::Request&, httplib::Response& response) { response.set_redirect("/page", 302); });
        server_.Get("/slow", [](const httplib::Request&, httplib::Response& response) {
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
            response.set_content("slow", "text/plain");
        });
        // What the request looked like: method, Host and the X-Niam header.
        auto echo = [](const httplib::Request& request, httplib::Response& response) {
            response.set_content(request.method + " host=" + request.get_header_value("Host") +
                                     " x-niam=" + request.get_header_value("X-Niam"),
                                 "text/plain");
        };
        server_.Get("/echo", echo);
        server_.Post("/echo", echo);
        server_.Delete("/echo", echo);
        server_.Get("/hang", [this](const httplib::Request&, httplib::Response& response) {
            for (int i = 0; i < 1000 && !released_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            response.set_content("late", "text/plain");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 2000 && !server_.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~CheckedServer() {
        released_ = true;
        server_.stop();
        thread_.join();
    }
    CheckedServer(const CheckedServer&) = delete;
    CheckedServer& operator=(const CheckedServer&) = delete;

    int port() const { return port_; }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  private:
    httplib::Server server_;
    std::atomic<bool> released_{false};
    int port_ = -1;
    std::thread thread_;
};

inline double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace check_test
