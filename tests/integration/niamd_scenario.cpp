#include "niamd_scenario.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_runner.hpp"
#include "local_stack.hpp"
#include "protocol/record_decoder.hpp"
#include "stack_helpers.hpp"

namespace scenario {

ConfigBucket::ConfigBucket()
    : name_(stack::unique_name("niam-conf")), s3_(stack::LocalStack::get().client(), stack::service_endpoint("s3")) {
    auto created = stack::create_bucket(stack::LocalStack::get().client(), stack::service_endpoint("s3"), name_);
    REQUIRE(created.ok());
}

void ConfigBucket::put(const std::string& key, const std::string& body) {
    awsrest::PutObjectOptions options;
    options.content_type = "text/plain";
    auto put = s3_.put_object(name_, key, body, options);
    INFO((put ? "" : put.error().describe()));
    REQUIRE(put.ok());
}

TestQueue::TestQueue()
    : name_(stack::unique_name("niam-q")), sqs_(stack::LocalStack::get().client(), stack::service_endpoint("sqs")) {
    auto url = sqs_.create_queue(name_);
    REQUIRE(url.ok());
    url_ = *url;
}

std::vector<QueuedMessage> TestQueue::drain(int empty_polls, std::chrono::milliseconds limit) {
    std::vector<QueuedMessage> messages;
    int empty = 0;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (empty < empty_polls && std::chrono::steady_clock::now() < deadline) {
        awsrest::SqsReceiveOptions options;
        options.max_messages = 10;
        options.wait_time_seconds = 1;
        auto received = sqs_.receive_message(url_, options);
        REQUIRE(received.ok());
        if (received->messages.empty()) {
            ++empty;
            continue;
        }
        empty = 0;
        for (const auto& message : received->messages) {
            auto decoded = niamd::protocol::decode_message(message.body);
            INFO(message.body);
            CHECK(decoded.errors.empty());
            messages.push_back({message.message_id, message.body, decoded.records});
            REQUIRE(sqs_.delete_message(url_, message.receipt_handle).ok());
        }
    }
    return messages;
}

ScratchDir::ScratchDir() : path(std::filesystem::temp_directory_path() / stack::unique_name("niam-scenario")) {
    std::filesystem::create_directories(path);
    // As /tmp: a niamd run as root runs its scripts as nobody, which write their counters here.
    std::filesystem::permissions(path, std::filesystem::perms::all | std::filesystem::perms::sticky_bit);
}

ScratchDir::~ScratchDir() {
    std::error_code error;
    std::filesystem::remove_all(path, error);
}

ListeningPort::ListeningPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd_, 64) == 0);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
}

ListeningPort::~ListeningPort() { ::close(fd_); }

std::string niamd_path() { return NIAMD_PATH; }

std::map<std::string, std::string> daemon_environment() {
    auto env = cli_test::stack_environment();
    env["HOME"] = "/nonexistent";  // no ~/.aws files, no .awsAuth: the stack's keys from the environment
    return env;
}

std::vector<std::string> client_args(const TestQueue& queue, const ConfigBucket& bucket, const std::string& host,
                                     const std::filesystem::path& dir, std::vector<std::string> extra) {
    return client_args(queue.name(), bucket, host, dir, std::move(extra));
}

std::vector<std::string> client_args(const std::string& queue_name, const ConfigBucket& bucket, const std::string& host,
                                     const std::filesystem::path& dir, std::vector<std::string> extra) {
    std::vector<std::string> args = {"-f",
                                     "-q",
                                     queue_name,
                                     "-b",
                                     bucket.name(),
                                     "-h",
                                     host,
                                     "--state-dir",
                                     (dir / "state").string(),
                                     "--log-dir",
                                     (dir / "log").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace scenario
