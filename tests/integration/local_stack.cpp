#include "local_stack.hpp"

#include <rapidjson/document.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <stdexcept>

namespace stack {

namespace {

// Lines "export NAME='value'" (several NAME='v' pairs may share a line).
std::map<std::string, std::string> read_env_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open; is the aws_stack fixture running?");
    std::map<std::string, std::string> env;
    std::string line;
    while (std::getline(in, line)) {
        std::size_t pos = 0;
        if (line.rfind("export ", 0) == 0) pos = 7;
        while (pos < line.size()) {
            auto eq = line.find('=', pos);
            if (eq == std::string::npos) break;
            std::string name = line.substr(pos, eq - pos);
            std::string value;
            std::size_t end;
            if (eq + 1 < line.size() && line[eq + 1] == '\'') {
                end = line.find('\'', eq + 2);
                if (end == std::string::npos) break;
                value = line.substr(eq + 2, end - eq - 2);
                ++end;
            } else {
                end = line.find(' ', eq + 1);
                if (end == std::string::npos) end = line.size();
                value = line.substr(eq + 1, end - eq - 1);
            }
            env[name] = value;
            pos = line.find_first_not_of(' ', end);
            if (pos == std::string::npos) break;
        }
    }
    return env;
}

rapidjson::Document parse_json(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError()) throw std::runtime_error("control API answered non-JSON: " + text.substr(0, 200));
    return doc;
}

}  // namespace

LocalStack& LocalStack::get() {
    static LocalStack instance;
    return instance;
}

LocalStack::LocalStack() : env_(read_env_file(std::string(NIAM_STACK_DIR) + "/env")) {
    http_ = awsrest::make_curl_http_client();
    awsrest::CredentialsChainOptions options;
    options.env = env_lookup();
    credentials_ = awsrest::make_default_credentials_chain(std::move(options));
    random_ = std::make_unique<awsrest::SeededRandom>();
    awsrest::RetryPolicy policy;
    policy.base_delay = std::chrono::milliseconds(10);
    policy.max_delay = std::chrono::milliseconds(200);
    client_ =
        std::make_unique<awsrest::AwsClient>(*http_, *credentials_, awsrest::system_clock(), random_.get(), policy);
}

std::string LocalStack::env(const std::string& name) const {
    auto it = env_.find(name);
    if (it == env_.end()) throw std::runtime_error("the stack's env file has no " + name);
    return it->second;
}

awsrest::EnvLookup LocalStack::env_lookup() const {
    auto copy = env_;
    return [copy](const std::string& name) -> std::optional<std::string> {
        auto it = copy.find(name);
        if (it == copy.end()) return std::nullopt;
        return it->second;
    };
}

awsrest::Endpoint LocalStack::endpoint() const {
    auto url = awsrest::parse_url(env("AWS_ENDPOINT_URL"));
    if (!url) throw std::runtime_error("AWS_ENDPOINT_URL: " + url.error().message);
    return url->endpoint;
}

awsrest::Response LocalStack::control(const std::string& method, const std::string& path,
                                      const std::string& json_body) {
    auto url = awsrest::parse_url(env("STACK_CONTROL_URL") + "/" + path);
    if (!url) throw std::runtime_error("STACK_CONTROL_URL: " + url.error().message);
    awsrest::Request request;
    request.method = method;
    request.path = url->path;
    request.query = url->query;
    request.headers.push_back({"Host", url->endpoint.host_header()});
    if (!json_body.empty()) request.headers.push_back({"Content-Type", "application/json"});
    request.body = json_body;
    auto response = http_->send(url->endpoint, request);
    if (!response) throw std::runtime_error("control API " + path + ": " + response.error().describe());
    if (response->status / 100 != 2) {
        throw std::runtime_error("control API " + method + " " + path + ": HTTP " + std::to_string(response->status) +
                                 " " + response->body);
    }
    return std::move(response).value();
}

void LocalStack::reset_counts() { control("POST", "counts/reset"); }

int LocalStack::rejected() {
    auto doc = parse_json(control("GET", "counts").body);
    int rejected = doc["total"]["rejected"].GetInt();
    if (rejected != 0) UNSCOPED_INFO("verifier rejections: " << control("GET", "rejections").body);
    return rejected;
}

int LocalStack::requests(const std::string& service, const std::string& action) {
    auto doc = parse_json(control("GET", "counts").body);
    const auto& services = doc["services"];
    if (!services.HasMember(service.c_str())) return 0;
    const auto& actions = services[service.c_str()];
    if (!actions.HasMember(action.c_str())) return 0;
    return actions[action.c_str()]["requests"].GetInt();
}

void LocalStack::add_fault(const std::string& json) { control("POST", "faults", json); }
void LocalStack::clear_faults() { control("DELETE", "faults"); }

std::string unique_name(const std::string& prefix) {
    static std::atomic<int> counter{0};
    return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace stack
