// A real nginx on 127.0.0.1 serving TLS virtual hosts on one port (selected by SNI), each
// with its own served chain, for the TLS certificate checks. Runs as one process
// (master_process off) with every path in its own temp dir; the destructor kills it and
// removes the dir.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "daemon_process.hpp"

namespace scenario {

class NginxTlsServer {
  public:
    struct VirtualHost {
        std::string server_names;  // nginx's server_name value ("a.example *.b.example")
        std::string chain_pem;     // served chain, leaf first
        std::string key_pem;
        bool default_server = false;  // what a client without SNI gets
    };

    NginxTlsServer();
    ~NginxTlsServer();
    NginxTlsServer(const NginxTlsServer&) = delete;
    NginxTlsServer& operator=(const NginxTlsServer&) = delete;

    void add(const VirtualHost& host) { hosts_.push_back(host); }
    // Writes the config and the certificates, starts nginx and waits until it accepts
    // (throws with its error log when it does not within a few seconds).
    void start();
    int port() const { return port_; }
    const std::string& dir() const { return dir_; }

  private:
    std::string dir_;
    int port_ = 0;
    std::vector<VirtualHost> hosts_;
    std::unique_ptr<DaemonProcess> nginx_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0).
int free_loopback_port();

}  // namespace scenario
