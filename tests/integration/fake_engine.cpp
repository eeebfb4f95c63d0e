#include "fake_engine.hpp"

#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>
#include <curl/curl.h>

namespace scenario {
namespace {

std::size_t keep(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

long request(const std::string& socket, const std::string& method, const std::string& path, const std::string& body,
             std::string& answer) {
    CURL* handle = curl_easy_init();
    const std::string url = "http://control" + path;
    curl_easy_setopt(handle, CURLOPT_UNIX_SOCKET_PATH, socket.c_str());
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &keep);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer);
    if (method == "POST") curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.c_str());
    long status = 0;
    if (curl_easy_perform(handle) == CURLE_OK) curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(handle);
    return status;
}

}  // namespace

FakeEngine::FakeEngine(std::vector<std::string> extra_args) {
    char pattern[] = "/tmp/niam-docker-XXXXXX";
    REQUIRE(::mkdtemp(pattern) != nullptr);
    folder_ = pattern;
    socket_ = folder_ + "/docker.sock";
    control_ = folder_ + "/control.sock";
    std::vector<std::string> args{"node", NIAM_FAKE_ENGINE, "--socket", socket_, "--control", control_};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    const char* path = std::getenv("PATH");
    process_ = std::make_unique<DaemonProcess>(
        "/usr/bin/env", args, std::map<std::string, std::string>{{"PATH", path ? path : "/usr/bin:/bin"}},
        folder_ + "/fake-engine.log");
    process_->start();
    const bool ready = eventually(
        [this] {
            std::string answer;
            return request(control_, "GET", "/state", "", answer) == 200;
        },
        std::chrono::seconds(20));
    if (!ready) FAIL("the fake engine did not start: " + process_->output());
}

FakeEngine::~FakeEngine() {
    process_->stop(std::chrono::seconds(3));
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
}

std::string FakeEngine::control(const std::string& path, const std::string& json) const {
    std::string answer;
    const long status = request(control_, "POST", path, json, answer);
    INFO("control " << path << " " << json << ": " << answer);
    REQUIRE((status == 200 || status == 201));
    return answer;
}

std::string FakeEngine::state() const {
    std::string answer;
    request(control_, "GET", "/state", "", answer);
    return answer;
}

std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[(c >> 4) & 15];
            out += kHex[c & 15];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

}  // namespace scenario
