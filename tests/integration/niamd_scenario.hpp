// What the niamd scenario tests share: a bucket of host configs and scripts in the
// stack's S3, a queue read back record by record, a scratch directory, a listening TCP
// port, and the niamd command line against the stack.
#pragma once

#include <awsrest/s3.hpp>
#include <awsrest/sqs.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "protocol/record.hpp"

namespace scenario {

// A fresh bucket (unique name) with helpers to put configs and scripts into it.
class ConfigBucket {
  public:
    ConfigBucket();
    const std::string& name() const noexcept { return name_; }
    void put(const std::string& key, const std::string& body);
    void put_config(const std::string& hostname, const std::string& text) { put("conf/" + hostname, text); }

  private:
    std::string name_;
    awsrest::S3Client s3_;
};

struct QueuedMessage {
    std::string message_id;
    std::string body;
    std::vector<niamd::protocol::Record> records;
};

// A queue (unique name) the test reads back; messages are deleted once read.
class TestQueue {
  public:
    TestQueue();
    const std::string& name() const noexcept { return name_; }
    // Receives until the queue answers empty `empty_polls` times in a row, or `limit` has
    // passed (a client that sends every second may never leave the queue empty for a whole
    // 1 s poll).
    std::vector<QueuedMessage> drain(int empty_polls = 2, std::chrono::milliseconds limit = std::chrono::seconds(60));

  private:
    std::string name_;
    awsrest::SqsClient sqs_;
    std::string url_;
};

// A directory under /tmp (mode 01777, as /tmp) removed with everything in it when the object goes.
struct ScratchDir {
    ScratchDir();
    ~ScratchDir();
    std::filesystem::path path;
};

// A TCP listener on 127.0.0.1 (accepts by backlog; nothing is read).
class ListeningPort {
  public:
    ListeningPort();
    ~ListeningPort();
    int port() const noexcept { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

std::string niamd_path();
// The stack's environment for a daemon (endpoints, credentials, IMDS), nothing else.
std::map<std::string, std::string> daemon_environment();
// -f -q QUEUE -b BUCKET -h HOST --state-dir DIR/state --log-dir DIR/log [extra...]
std::vector<std::string> client_args(const std::string& queue_name, const ConfigBucket& bucket, const std::string& host,
                                     const std::filesystem::path& dir, std::vector<std::string> extra = {});
std::vector<std::string> client_args(const TestQueue& queue, const ConfigBucket& bucket, const std::string& host,
                                     const std::filesystem::path& dir, std::vector<std::string> extra = {});

}  // namespace scenario
