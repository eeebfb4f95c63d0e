// The client's CPU per check of each built-in type (issue #12: < 1 ms beside the network
// waits), against real peers on loopback: in-process cpp-httplib (http, https), a real nginx
// (https), and a UDP
// echo thread, and the real sshd, exim4, dovecot and slapd of tests/servers. The CPU
// column is the benchmark thread's CPU time per run (the check runs on it; the servers run
// in other processes or threads), so it is the check's own cost.
// Run: cmake -DNIAM_BENCH=ON ... && cmake --build build --target check_cpu_bench &&
//      build/tests/bench/check_cpu_bench   (as root: sshd, dovecot and exim switch users)
#include <benchmark/benchmark.h>

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "checks/http_check.hpp"
#include "checks/imap_check.hpp"
#include "checks/ldap_check.hpp"
#include "checks/mailflow_check.hpp"
#include "checks/pop3_check.hpp"
#include "checks/smtp_check.hpp"
#include "checks/ssh_check.hpp"
#include "checks/tcp_check.hpp"
#include "checks/udp_check.hpp"
#include "ldap_server.hpp"
#include "mail_servers.hpp"
#include "server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificates.hpp"

using namespace std::chrono_literals;
using namespace niamd::checks;

namespace {

constexpr const char* kName = "bench.niam.localhost";

// Every peer, started once for the whole run.
struct Peers {
    test_support::TempDir dir{"niam-check-bench"};
    niam_test::ServerCertificateFiles certificates =
        niam_test::write_server_certificates(dir.str(), kName, std::time(nullptr));
    server_test::ServedCertificate served = [this] {
        server_test::ServedCertificate s;
        s.chain_file = certificates.chain_file;
        s.key_file = certificates.key_file;
        return s;
    }();
    httplib::Server http;
    httplib::SSLServer https{certificates.chain_file.c_str(), certificates.key_file.c_str()};
    int http_port = 0;
    int https_port = 0;
    std::thread http_thread;
    std::thread https_thread;
    int udp_fd = -1;
    int udp_port = 0;
    std::atomic<bool> stopping{false};
    std::thread udp_thread;
    server_test::SshdServer sshd;
    server_test::DovecotServer dovecot{&served};
    server_test::EximServer exim{dovecot.lmtp_port()};
    server_test::SlapdServer slapd{&served};
    // A real nginx serving the same chain (cpp-httplib answers in two writes without
    // TCP_NODELAY, so each of its answers waits ~40 ms on the client's delayed ACK).
    int nginx_port = server_test::free_port();
    server_test::ServerProcess nginx = [this] {
        const std::string conf = dir.str() + "/nginx.conf";
        std::ofstream(conf) << "daemon off;\nmaster_process off;\nworker_processes 1;\npid " << dir.str()
                            << "/nginx.pid;\nerror_log " << dir.str() << "/nginx-error.log;\n"
                            << "events { worker_connections 64; }\nhttp {\n  access_log off;\n"
                            << "  client_body_temp_path " << dir.str() << ";\n  proxy_temp_path " << dir.str()
                            << ";\n  fastcgi_temp_path " << dir.str() << ";\n  uwsgi_temp_path " << dir.str()
                            << ";\n  scgi_temp_path " << dir.str()
                            << ";\n  server {\n    listen 127.0.0.1:" << nginx_port << " ssl;\n    ssl_certificate "
                            << certificates.chain_file << ";\n    ssl_certificate_key " << certificates.key_file
                            << ";\n    location / { return 200 \"status: green\\n\"; }\n  }\n}\n";
        server_test::ServerProcess process({"/usr/sbin/nginx", "-e", dir.str() + "/nginx-error.log", "-c", conf},
                                           dir.str() + "/nginx.out");
        if (!server_test::wait_for_port(nginx_port, 5000ms)) {
            throw std::runtime_error("nginx did not start: " + server_test::read_text(dir.str() + "/nginx-error.log"));
        }
        return process;
    }();

    Peers() {
        for (auto* server : {static_cast<httplib::Server*>(&http), static_cast<httplib::Server*>(&https)}) {
            server->Get("/", [](const httplib::Request&, httplib::Response& response) {
                response.set_content("status: green\n", "text/plain");
            });
        }
        http_port = http.bind_to_any_port("127.0.0.1");
        https_port = https.bind_to_any_port("127.0.0.1");
        http_thread = std::thread([this] { http.listen_after_bind(); });
        https_thread = std::thread([this] { https.listen_after_bind(); });
        udp_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(udp_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("udp bind");
        socklen_t size = sizeof address;
        ::getsockname(udp_fd, reinterpret_cast<sockaddr*>(&address), &size);
        udp_port = ntohs(address.sin_port);
        timeval tick{0, 100000};
        ::setsockopt(udp_fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick);
        udp_thread = std::thread([this] {
            char buffer[512];
            while (!stopping) {
                sockaddr_in from{};
                socklen_t length = sizeof from;
                const auto got =
                    ::recvfrom(udp_fd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &length);
                if (got >= 0)
                    ::sendto(udp_fd, buffer, static_cast<std::size_t>(got), 0, reinterpret_cast<sockaddr*>(&from),
                             length);
            }
        });
        for (int i = 0; i < 2000 && !(http.is_running() && https.is_running()); ++i) std::this_thread::sleep_for(1ms);
    }
    ~Peers() {
        stopping = true;
        http.stop();
        https.stop();
        http_thread.join();
        https_thread.join();
        udp_thread.join();
        ::close(udp_fd);
    }

    TlsOptions tls() const {
        TlsOptions options;
        options.hostname = kName;
        options.ca_file = certificates.ca_file;
        return options;
    }
};

Peers& peers() {
    static Peers instance;
    return instance;
}

void run(benchmark::State& state, Check& check) {
    int failed = 0;
    for (auto _ : state) {
        const CheckOutcome outcome = check.run(5000ms);
        if (outcome.nagios_code != 0) ++failed;
        benchmark::DoNotOptimize(outcome);
    }
    state.counters["not_ok"] = failed;  // must stay 0: a failing check costs less
}

template <typename Options>
Options mail_options(int port, bool ssl, bool starttls) {
    Options options;
    options.target = "127.0.0.1";
    options.port = port;
    options.ssl = ssl;
    options.starttls = starttls;
    options.tls = peers().tls();
    return options;
}

void BM_CheckHttp(benchmark::State& state) {
    HttpCheck check("http://127.0.0.1:" + std::to_string(peers().http_port) + "/");
    run(state, check);
}

void BM_CheckHttps(benchmark::State& state) {
    HttpCheck check("https://127.0.0.1:" + std::to_string(peers().https_port) + "/", {}, peers().tls());
    run(state, check);
}

void BM_CheckHttpsNginx(benchmark::State& state) {
    HttpCheck check("https://127.0.0.1:" + std::to_string(peers().nginx_port) + "/", {}, peers().tls());
    run(state, check);
}

void BM_CheckTcp(benchmark::State& state) {
    TcpCheckOptions options;
    options.target = "127.0.0.1";
    // nginx, not cpp-httplib: connections closed unanswered pile up in httplib's thread pool.
    options.port = peers().nginx_port;
    TcpCheck check(options);
    run(state, check);
}

void BM_CheckTcpTls(benchmark::State& state) {
    TcpCheckOptions options;
    options.target = "127.0.0.1";
    options.port = peers().nginx_port;
    options.tls = peers().tls();
    TcpCheck check(options);
    run(state, check);
}

void BM_CheckUdp(benchmark::State& state) {
    UdpOptions options;
    options.target = "127.0.0.1";
    options.port = peers().udp_port;
    options.send = "ping";
    options.expect = "ping";
    UdpCheck check(options);
    run(state, check);
}

void BM_CheckSsh(benchmark::State& state) {
    SshOptions options;
    options.target = "127.0.0.1";
    options.port = peers().sshd.port();
    SshCheck check(options);
    run(state, check);
}

void BM_CheckSmtp(benchmark::State& state) {
    auto options = mail_options<SmtpOptions>(peers().exim.port(), false, false);
    options.helo_name = "client.niam.localhost";
    SmtpCheck check(options);
    run(state, check);
}

void BM_CheckImapLogin(benchmark::State& state) {
    auto options = mail_options<ImapOptions>(peers().dovecot.imap_port(), false, false);
    options.username = server_test::DovecotServer::kUser;
    options.password = server_test::DovecotServer::kPassword;
    ImapCheck check(options);
    run(state, check);
}

void BM_CheckImapStarttls(benchmark::State& state) {
    ImapCheck check(mail_options<ImapOptions>(peers().dovecot.imap_port(), false, true));
    run(state, check);
}

void BM_CheckPop3Login(benchmark::State& state) {
    auto options = mail_options<Pop3Options>(peers().dovecot.pop3_port(), false, false);
    options.username = server_test::DovecotServer::kUser;
    options.password = server_test::DovecotServer::kPassword;
    Pop3Check check(options);
    run(state, check);
}

void BM_CheckLdap(benchmark::State& state) {
    LdapCheck check(mail_options<LdapOptions>(peers().slapd.port(), false, false));
    run(state, check);
}

void BM_CheckMailflow(benchmark::State& state) {
    MailflowOptions options;
    options.id = "bench";
    options.seconds = 600;
    options.state_dir = peers().dir.path();
    MailflowCheck check(options);
    run(state, check);
}

}  // namespace

BENCHMARK(BM_CheckHttp)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckHttps)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckHttpsNginx)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckTcp)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckTcpTls)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckUdp)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckSsh)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckSmtp)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckImapLogin)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckImapStarttls)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckPop3Login)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckLdap)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckMailflow)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
