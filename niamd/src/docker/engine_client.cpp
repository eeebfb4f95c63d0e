#include "docker/engine_client.hpp"

#include <mutex>

#include <curl/curl.h>

#include "docker/engine_json.hpp"

namespace niamd::docker {
namespace {

struct Body {
    std::string text;
    bool too_big = false;
};

std::size_t keep_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<Body*>(user);
    const std::size_t bytes = size * count;
    if (body->text.size() + bytes > kMaxAnswerBytes) {
        body->too_big = true;
        return 0;  // ends the transfer
    }
    body->text.append(data, bytes);
    return bytes;
}

}  // namespace

void ensure_curl_ready() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

EngineClient::EngineClient(std::string socket_path, std::chrono::milliseconds timeout)
    : socket_(std::move(socket_path)), timeout_(timeout) {
    ensure_curl_ready();
}

EngineAnswer EngineClient::get(const std::string& path) const {
    EngineAnswer answer;
    CURL* handle = curl_easy_init();
    if (handle == nullptr) {
        answer.error = "cannot make a curl handle";
        return answer;
    }
    Body body;
    char error[CURL_ERROR_SIZE] = {};
    const std::string url = engine_url(path);
    curl_easy_setopt(handle, CURLOPT_UNIX_SOCKET_PATH, socket_.c_str());
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &keep_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    const CURLcode code = curl_easy_perform(handle);
    if (code == CURLE_OK) {
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
        answer.body = std::move(body.text);
    } else if (body.too_big) {
        answer.error = "the answer to GET " + path + " is larger than " + std::to_string(kMaxAnswerBytes) + " bytes";
    } else {
        answer.error = std::string(error[0] != '\0' ? error : curl_easy_strerror(code));
    }
    curl_easy_cleanup(handle);
    return answer;
}

std::string engine_url(const std::string& path) { return "http://docker" + path; }

std::string url_encode(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_' || c == '.' || c == '~';
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

std::string versioned(const std::string& api_version, const std::string& path) { return "/v" + api_version + path; }

std::string describe(const EngineAnswer& answer) {
    if (!answer.error.empty()) return answer.error;
    return "HTTP " + std::to_string(answer.status) + ": " + engine_error_message(answer.body);
}

}  // namespace niamd::docker
