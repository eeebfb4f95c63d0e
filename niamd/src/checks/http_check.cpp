#include "checks/http_check.hpp"

#include <curl/curl.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>
#include <mutex>

#include "checks/certificate_verdict.hpp"
#include "checks/tcp_check.hpp"
#include "checks/tls_trust_store.hpp"
#include "version.hpp"

namespace niamd::checks {
namespace {

constexpr std::size_t kMaxErrorTextBytes = 200;

struct EasyCleanup {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};

struct SlistFree {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Body {
    std::size_t bytes = 0;
    bool enough = false;  // kMaxHttpBodyBytes read: the transfer was stopped on purpose
    bool keep = false;    // the endpoint looks into the body
    std::string kept;     // its first kMaxJudgedBodyBytes
};

std::size_t count_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& body = *static_cast<Body*>(user);
    const std::size_t bytes = size * count;
    if (bytes > kMaxHttpBodyBytes - body.bytes) {
        body.enough = true;
        return 0;  // stops the transfer
    }
    if (body.keep && body.kept.size() < kMaxJudgedBodyBytes) {
        body.kept.append(data, std::min(bytes, kMaxJudgedBodyBytes - body.kept.size()));
    }
    body.bytes += bytes;
    return bytes;
}

double info_ms(CURL* handle, CURLINFO what) {
    curl_off_t microseconds = 0;
    if (curl_easy_getinfo(handle, what, &microseconds) != CURLE_OK) return 0;
    return static_cast<double>(microseconds) / 1000.0;
}

// curl gives times from the start; the phases are their differences.
HttpTimings timings_of(CURL* handle) {
    const double lookup = info_ms(handle, CURLINFO_NAMELOOKUP_TIME_T);
    const double connect = info_ms(handle, CURLINFO_CONNECT_TIME_T);
    const double tls = info_ms(handle, CURLINFO_APPCONNECT_TIME_T);  // 0 without TLS
    const double pretransfer = info_ms(handle, CURLINFO_PRETRANSFER_TIME_T);
    const double first_byte = info_ms(handle, CURLINFO_STARTTRANSFER_TIME_T);
    HttpTimings timings;
    timings.dns_ms = lookup;
    timings.connect_ms = std::max(connect - lookup, 0.0);
    timings.tls_ms = tls > 0 ? std::max(tls - connect, 0.0) : 0.0;
    timings.first_byte_ms = std::max(first_byte - pretransfer, 0.0);
    timings.total_ms = info_ms(handle, CURLINFO_TOTAL_TIME_T);
    return timings;
}

struct ChainFree {
    void operator()(STACK_OF(X509) * chain) const { sk_X509_pop_free(chain, X509_free); }
};
using Chain = std::unique_ptr<STACK_OF(X509), ChainFree>;

// The chain the server sent, kept at the first header line (the connection and its SSL*
// are alive then; curl does not judge it: VERIFYPEER is off).
struct TlsCapture {
    CURL* handle = nullptr;
    bool taken = false;
    Chain served;
};

std::size_t capture_chain(char*, std::size_t size, std::size_t count, void* user) {
    auto& capture = *static_cast<TlsCapture*>(user);
    if (capture.taken) return size * count;
    capture.taken = true;
    curl_tlssessioninfo* session = nullptr;
    if (curl_easy_getinfo(capture.handle, CURLINFO_TLS_SSL_PTR, &session) != CURLE_OK || session == nullptr ||
        session->backend != CURLSSLBACKEND_OPENSSL || session->internals == nullptr) {
        return size * count;
    }
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(static_cast<SSL*>(session->internals));
    if (chain == nullptr) return size * count;
    capture.served.reset(sk_X509_new_null());
    for (int i = 0; capture.served && i < sk_X509_num(chain); ++i) {
        X509* certificate = sk_X509_value(chain, i);
        X509_up_ref(certificate);
        sk_X509_push(capture.served.get(), certificate);
    }
    return size * count;
}

// The host of `url` without IPv6 brackets; empty when it cannot be read.
std::string url_host(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
    char* host = nullptr;
    if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
        curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        return "";
    }
    std::string text(host);
    curl_free(host);
    if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    return text;
}

// CRITICAL over WARNING over UNKNOWN over OK.
int worst_code(int a, int b) {
    for (const int code : {kPluginCritical, kPluginWarning, kPluginUnknown}) {
        if (a == code || b == code) return code;
    }
    return kPluginOk;
}

// curl's message, printable and short.
std::string error_text(const std::array<char, CURL_ERROR_SIZE>& buffer, CURLcode code) {
    std::string text = buffer[0] != '\0' ? std::string(buffer.data()) : std::string(curl_easy_strerror(code));
    for (char& c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
    if (text.size() > kMaxErrorTextBytes) text.resize(kMaxErrorTextBytes);
    return text;
}

std::string failure_text(CURLcode code, long os_errno, const std::string& detail, std::chrono::milliseconds timeout) {
    switch (code) {
        case CURLE_OPERATION_TIMEDOUT: return timed_out_text(timeout);
        case CURLE_COULDNT_CONNECT:
            return os_errno == ECONNREFUSED ? std::string("connect refused") : "could not connect: " + detail;
        case CURLE_COULDNT_RESOLVE_HOST: return "could not resolve host: " + detail;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_USE_SSL_FAILED: return "TLS failure: " + detail;
        default: return "HTTP request failed: " + detail;
    }
}

}  // namespace

CheckOutcome HttpCheck::run(std::chrono::milliseconds timeout) {
    static std::once_flag curl_ready;
    std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<CURL, EasyCleanup> easy(curl_easy_init());
    if (!easy) return check_unknown(0, "could not create a curl handle");
    const long timeout_ms = static_cast<long>(std::max<long long>(timeout.count(), 1));
    const std::string user_agent = std::string("niamd/") + niamd::version();
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    Body body;
    body.keep = !endpoint_.body_contains.empty() || !endpoint_.body_not_contains.empty() || endpoint_.body_regex;
    CURL* handle = easy.get();
    curl_easy_setopt(handle, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, endpoint_.max_redirects > 0 ? 1L : 0L);
    curl_easy_setopt(handle, CURLOPT_MAXREDIRS, static_cast<long>(endpoint_.max_redirects));
    if (endpoint_.method == "HEAD") {
        curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else if (endpoint_.method == "POST" || endpoint_.method == "PUT" || endpoint_.method == "PATCH") {
        // An empty body with Content-Length: 0, so the server does not wait for one.
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, 0L);
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, endpoint_.method.c_str());
    } else {
        curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
        if (endpoint_.method != "GET") curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, endpoint_.method.c_str());
    }
    std::unique_ptr<curl_slist, SlistFree> headers;
    auto add_header = [&headers](const std::string& line) {
        curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
        if (grown) {
            (void)headers.release();
            headers.reset(grown);
        }
    };
    if (!endpoint_.host_header.empty()) add_header("Host: " + endpoint_.host_header);
    for (const auto& line : endpoint_.headers) add_header(line);
    if (headers) curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, user_agent.c_str());
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &count_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer.data());
    // TLS: the chain is judged here, not by curl, so an expired or self-signed certificate
    // gets a verdict saying so rather than a failed handshake.
    TlsCapture capture;
    capture.handle = handle;
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
    // Nor does curl load a CA bundle for it: the store judged against is ours (tls_trust_store).
    curl_easy_setopt(handle, CURLOPT_CAINFO, nullptr);
    curl_easy_setopt(handle, CURLOPT_CAPATH, nullptr);
    curl_easy_setopt(handle, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &capture_chain);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &capture);

    const CURLcode code = curl_easy_perform(handle);
    const int ms = milliseconds_since(start);
    if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && body.enough)) {
        long os_errno = 0;
        curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &os_errno);
        return check_failed(ms, failure_text(code, os_errno, error_text(error_buffer, code), timeout));
    }
    HttpAnswer answer;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
    curl_easy_getinfo(handle, CURLINFO_REDIRECT_COUNT, &answer.redirects);
    answer.timings = timings_of(handle);
    answer.body_bytes = body.bytes;
    answer.body_cut = body.enough;
    answer.body = std::move(body.kept);
    CheckOutcome outcome = judge_http_answer(answer, endpoint_);
    char* scheme = nullptr;
    curl_easy_getinfo(handle, CURLINFO_SCHEME, &scheme);
    if (scheme == nullptr || !curl_strequal(scheme, "https")) return outcome;
    std::string store_error;
    const TrustStore store = load_trust_store(tls_.ca_file, store_error);
    if (!store) {
        outcome.ok = false;
        outcome.nagios_code = worst_code(outcome.nagios_code, kPluginUnknown);
        outcome.output += "; " + store_error;
        return outcome;
    }
    CertificateRules rules;
    rules.name = tls_.hostname.empty() ? url_host(url_) : tls_.hostname;
    rules.ignore_invalid = tls_.ignore_invalid;
    rules.expire_before_days = tls_.expire_before_days;
    const TlsVerdict verdict = judge_certificates(capture.served.get(), store.get(), rules, std::time(nullptr));
    const CheckOutcome tls = tls_outcome(outcome.latency_ms, "", verdict);
    outcome.nagios_code = worst_code(outcome.nagios_code, tls.nagios_code);
    outcome.ok = outcome.nagios_code == kPluginOk;
    outcome.output += "; " + tls.output;
    if (!tls.perfdata.empty()) outcome.perfdata += " " + tls.perfdata;
    return outcome;
}

}  // namespace niamd::checks
