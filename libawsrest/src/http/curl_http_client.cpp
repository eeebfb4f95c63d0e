// The libcurl transport: one easy handle per client, so connections stay alive between
// calls (curl_easy_reset keeps the connection cache), HTTP/1.1, the request's headers
// sent exactly as they are, and a bounded answer.
#include <curl/curl.h>

#include <array>
#include <charconv>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "awsrest/http.hpp"
#include "core/ascii.hpp"
#include "http/curl_global.hpp"
#include "http/response_head.hpp"

namespace awsrest {

namespace {

struct SlistFree {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistFree>;

// What one transfer collects, and why it was cut short when it was.
struct Transfer {
    http::ResponseHead head;
    std::string body;
    std::size_t max_body_bytes = 0;
    bool check_content_length = true;  // not for HEAD: its Content-Length has no body behind it
    bool body_too_large = false;
    bool head_too_large = false;
};

// A "Content-Length: N" line announcing more than the bound.
bool announces_too_much(std::string_view line, std::size_t bound) {
    constexpr std::string_view name = "content-length:";
    if (!ascii::istarts_with(line, name)) return false;
    line.remove_prefix(name.size());
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    unsigned long long length = 0;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), length);
    if (ec == std::errc::result_out_of_range) return true;
    return ec == std::errc() && end != line.data() && length > bound;
}

// The client's cancel flag and the call's (either may be null).
struct CancelFlags {
    const std::atomic<bool>* client = nullptr;
    const std::atomic<bool>* call = nullptr;
    bool raised() const { return (client != nullptr && client->load()) || (call != nullptr && call->load()); }
};

// How often a transfer in flight looks at its cancel flags (curl_multi_poll's wait when
// the socket is quiet; activity wakes it sooner).
constexpr long kCancelCheckMs = 100;

std::size_t on_header_line(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    if (!transfer.head.add_line(line)) {
        transfer.head_too_large = true;
        return 0;
    }
    if (transfer.check_content_length && transfer.head.status() >= 200 &&
        announces_too_much(line, transfer.max_body_bytes)) {
        transfer.body_too_large = true;
        return 0;
    }
    return line.size();
}

std::size_t on_body_bytes(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (bytes > transfer.max_body_bytes - transfer.body.size()) {
        transfer.body_too_large = true;
        return 0;
    }
    transfer.body.append(data, bytes);
    return bytes;
}

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == ':' || c == ';') return false;
    }
    return true;
}

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

// The request's headers as curl takes them, plus removals of the headers curl would add
// on its own (Accept, Expect: 100-continue, a form Content-Type) so the peer sees what
// was signed and nothing curl made up.
Result<HeaderList> header_list(const Request& request) {
    HeaderList list;
    auto append = [&list](const std::string& line) -> bool {
        curl_slist* grown = curl_slist_append(list.get(), line.c_str());
        if (grown == nullptr) return false;
        list.release();
        list.reset(grown);
        return true;
    };
    for (const auto& header : request.headers) {
        if (!is_token(header.name)) {
            return make_error(ErrorKind::InvalidArgument,
                              "request header name \"" + header.name + "\" is not a valid HTTP token");
        }
        if (has_line_break(header.value)) {
            return make_error(ErrorKind::InvalidArgument,
                              "request header " + header.name + " has a line break in its value");
        }
        // "Name;" is curl's way to send a header with an empty value ("Name:" removes it).
        const std::string line = header.value.empty() ? header.name + ";" : header.name + ": " + header.value;
        if (!append(line)) return make_error(ErrorKind::Network, "out of memory building request headers");
    }
    for (const char* name : {"Accept", "Expect", "Content-Type"}) {
        if (!find_header(request.headers, name) && !append(std::string(name) + ":")) {
            return make_error(ErrorKind::Network, "out of memory building request headers");
        }
    }
    return list;
}

std::string_view failure_class(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_CONNECT: return "could not connect";
        case CURLE_COULDNT_RESOLVE_HOST: return "could not resolve host";
        case CURLE_COULDNT_RESOLVE_PROXY: return "could not resolve proxy";
        case CURLE_OPERATION_TIMEDOUT: return "timed out";
        case CURLE_ABORTED_BY_CALLBACK: return "cancelled";
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM: return "connection dropped";
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_CLIENTCERT:
        case CURLE_USE_SSL_FAILED:
        case CURLE_SSL_SHUTDOWN_FAILED: return "TLS failure";
        default: return "request failed";
    }
}

class CurlHttpClient final : public HttpClient {
  public:
    explicit CurlHttpClient(const HttpOptions& options) : options_(options) {
        http::ensure_curl_global_init();
        easy_ = curl_easy_init();
        multi_ = curl_multi_init();
    }
    ~CurlHttpClient() override {
        if (easy_ != nullptr) curl_easy_cleanup(easy_);
        if (multi_ != nullptr) curl_multi_cleanup(multi_);  // closes the cached connections
    }
    CurlHttpClient(const CurlHttpClient&) = delete;
    CurlHttpClient& operator=(const CurlHttpClient&) = delete;

    Result<Response> send(const Endpoint& endpoint, const Request& request, const SendOptions& options) override;

  private:
    void set_method_and_body(const Request& request);
    // Runs the transfer set up on easy_ to its end, or until a cancel flag is raised
    // (CURLE_ABORTED_BY_CALLBACK, within kCancelCheckMs). Every call goes through the one
    // multi handle, so that all share its connection cache.
    CURLcode perform(const CancelFlags& cancel);
    // The request's target for messages: the query is left out, as a presigned URL
    // carries a signature and perhaps a session token there.
    static std::string where(const Endpoint& endpoint, const Request& request) {
        return request.method + " " + endpoint.origin() + request.path;
    }

    HttpOptions options_;
    CURL* easy_ = nullptr;
    CURLM* multi_ = nullptr;
    std::array<char, CURL_ERROR_SIZE> error_text_{};
};

CURLcode CurlHttpClient::perform(const CancelFlags& cancel) {
    if (curl_multi_add_handle(multi_, easy_) != CURLM_OK) return CURLE_FAILED_INIT;
    CURLcode result = CURLE_GOT_NOTHING;  // (the transfer ended without saying how: never seen)
    while (true) {
        int running = 0;
        if (curl_multi_perform(multi_, &running) != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            break;
        }
        bool done = false;
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
            if (message->msg == CURLMSG_DONE && message->easy_handle == easy_) {
                result = message->data.result;
                done = true;
            }
        }
        if (done || running == 0) break;
        if (cancel.raised()) {
            result = CURLE_ABORTED_BY_CALLBACK;  // removed below mid-transfer: its connection is closed
            break;
        }
        long wait_ms = kCancelCheckMs;  // sooner when one of curl's own timers (connect, timeout) is due
        long timer_ms = -1;
        if (curl_multi_timeout(multi_, &timer_ms) == CURLM_OK && timer_ms >= 0 && timer_ms < wait_ms) {
            wait_ms = timer_ms;
        }
        if (curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait_ms), nullptr) != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            break;
        }
    }
    curl_multi_remove_handle(multi_, easy_);
    return result;
}

void CurlHttpClient::set_method_and_body(const Request& request) {
    const std::string& method = request.method;
    if (method == "HEAD") {
        curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L);
        return;
    }
    const bool sends_body = !request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    if (!sends_body) {
        if (method == "GET") {
            curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
        } else {
            curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, method.c_str());
        }
        return;
    }
    // The body goes out as is, with its size (it may hold NUL bytes); curl sends
    // Content-Length. A method other than POST keeps the body but changes the verb.
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, request.body.data());
    if (method != "POST") curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, method.c_str());
}

Result<Response> CurlHttpClient::send(const Endpoint& endpoint, const Request& request,
                                      const SendOptions& send_options) {
    if (easy_ == nullptr || multi_ == nullptr) return make_error(ErrorKind::Network, "could not create a curl handle");
    if (!is_token(request.method)) {
        return make_error(ErrorKind::InvalidArgument,
                          "request method \"" + request.method + "\" is not a valid HTTP token");
    }
    auto headers = header_list(request);
    if (!headers) return std::move(headers).error();

    const std::string url = request_url(endpoint, request);
    Transfer transfer;
    transfer.max_body_bytes = options_.max_response_bytes;
    transfer.check_content_length = request.method != "HEAD";
    error_text_[0] = '\0';

    curl_easy_reset(easy_);  // keeps the live connections
    curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy_, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, options_.verify_peer ? 1L : 0L);
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, options_.verify_peer ? 2L : 0L);
    if (!options_.ca_bundle.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, options_.ca_bundle.c_str());
    if (!options_.proxy_from_environment) curl_easy_setopt(easy_, CURLOPT_PROXY, "");
    curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers->get());
    set_method_and_body(request);
    curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &on_header_line);
    curl_easy_setopt(easy_, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &on_body_bytes);
    curl_easy_setopt(easy_, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_text_.data());

    const CancelFlags cancel{options_.cancel, send_options.cancel};
    if (cancel.raised()) {
        curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
        curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));
        return make_error(ErrorKind::Network, "cancelled: before sending (" + where(endpoint, request) + ")");
    }
    const CURLcode code = perform(cancel);
    // Nothing may point into this call's locals once it returns.
    curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
    curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));
    if (code == CURLE_ABORTED_BY_CALLBACK) {
        return make_error(ErrorKind::Network, "cancelled: ended in flight (" + where(endpoint, request) + ")");
    }

    if (transfer.body_too_large) {
        return make_error(ErrorKind::Network, "response larger than " + std::to_string(options_.max_response_bytes) +
                                                  " bytes (" + where(endpoint, request) + ")");
    }
    if (transfer.head_too_large) {
        return make_error(ErrorKind::Network, "response headers larger than " +
                                                  std::to_string(http::kMaxResponseHeadBytes) + " bytes (" +
                                                  where(endpoint, request) + ")");
    }
    if (code != CURLE_OK) {
        const std::string detail = error_text_[0] != '\0' ? std::string(error_text_.data()) : curl_easy_strerror(code);
        return make_error(ErrorKind::Network, std::string(failure_class(code)) + ": " + detail + " (curl error " +
                                                  std::to_string(static_cast<int>(code)) + ", " +
                                                  where(endpoint, request) + ")");
    }

    Response response;
    response.status = transfer.head.status();
    if (response.status == 0) {
        long status = 0;
        curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
        response.status = static_cast<int>(status);
    }
    response.reason = transfer.head.reason();
    response.headers = transfer.head.take_headers();
    response.body = std::move(transfer.body);
    return response;
}

}  // namespace

std::unique_ptr<HttpClient> make_curl_http_client(const HttpOptions& options) {
    return std::make_unique<CurlHttpClient>(options);
}

}  // namespace awsrest
