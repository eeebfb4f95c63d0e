// A TLS client for the tests of the web interface's HTTPS: one connection with the protocol
// versions chosen, the server verified against a test CA (and 127.0.0.1), one request sent
// and what came back until the server closed. Says which certificate the server showed.
#pragma once

#include <ctime>
#include <string>

namespace niam_test {

struct TlsProbeOptions {
    std::string ca_file;  // empty: no verification
    int min_version = 0;  // TLS1_2_VERSION, ...; 0: OpenSSL's default
    int max_version = 0;
    bool allow_legacy = false;    // security level 0, so that TLS 1.0/1.1 can be offered at all
    std::time_t verify_time = 0;  // the time the chain is verified at; 0: now
};

struct TlsProbeResult {
    bool connected = false;   // handshake done (and verified, with a CA file)
    std::string error;        // why not: OpenSSL's reasons
    std::string protocol;     // "TLSv1.2", "TLSv1.3"
    std::string fingerprint;  // SHA-256 of the server's leaf, hex
    std::string response;     // what the server sent, until it closed (or 5 s)
};

// Connects to 127.0.0.1:port; sends `request` when the handshake succeeds.
TlsProbeResult tls_request(int port, const std::string& request, const TlsProbeOptions& options);

// SHA-256 of the first certificate in a PEM file, hex as TlsProbeResult::fingerprint.
std::string pem_fingerprint(const std::string& pem_file);

}  // namespace niam_test
