// The TLS half of Connection. Placeholder until the TLS checks land: start_tls refuses.
#include "checks/connection.hpp"

namespace niamd::checks {

struct Connection::Tls {};

void Connection::TlsDeleter::operator()(Tls* tls) const { delete tls; }

TlsVerdict Connection::start_tls(const TlsOptions&, Deadline) {
    TlsVerdict verdict;
    verdict.text = "TLS is not built into this niamd yet";
    fail(ConnectionError::Tls, verdict.text);
    return verdict;
}

long Connection::tls_receive(char*, std::size_t, Deadline) { return -1; }
long Connection::tls_send(const char*, std::size_t, Deadline) { return -1; }

}  // namespace niamd::checks
