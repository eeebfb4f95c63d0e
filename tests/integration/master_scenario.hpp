// A master scenario against the local AWS stack: an in-process Master on the real clock
// with its own SQS, SNS and EC2 clients (every request through the verifier), a real
// SQLite history file, clients simulated by sending queue messages as a niamd client
// would (protocol::encode_messages), and alerts read back through an SQS queue
// subscribed to the alert topic.
#pragma once

#include <awsrest/aws_client.hpp>
#include <awsrest/ec2.hpp>
#include <awsrest/http.hpp>
#include <awsrest/sns.hpp>
#include <awsrest/sqs.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config/host_config.hpp"
#include "master/master.hpp"
#include "master/master_snapshot.hpp"
#include "protocol/record.hpp"
#include "store/history_store.hpp"

namespace scenario {

// One HTTP connection and AwsClient (an AwsClient makes one call at a time), with the
// stack's identity and a fast retry policy.
struct Connection {
    Connection();
    std::unique_ptr<awsrest::HttpClient> http;
    std::unique_ptr<awsrest::Random> random;
    std::unique_ptr<awsrest::AwsClient> aws;
};

// An alert as it arrived through SNS: its kind and host from the Message's first line.
struct ReceivedAlert {
    std::string kind;
    std::string hostname;
    std::string subject;
};

// Sends a PING for each live host every `period`, as niamd clients would. Failures
// (the queue is down) are ignored, as a client would spool and go on.
class Pinger {
  public:
    Pinger(std::string queue_url, std::chrono::milliseconds period = std::chrono::milliseconds(1000));
    ~Pinger();
    void add(const std::string& hostname, const std::string& instance);
    void remove(const std::string& hostname);

  private:
    void loop();
    std::string queue_url_;
    std::chrono::milliseconds period_;
    Connection connection_;
    std::unique_ptr<awsrest::SqsClient> sqs_;
    std::mutex mutex_;
    std::vector<std::pair<std::string, std::string>> hosts_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

class MasterScenario {
  public:
    // WARN_AFTER 3, PURGE_AFTER 8, ALERT_TOPIC a fresh topic, EC2_CHECK 0 (off).
    MasterScenario();
    ~MasterScenario();

    niamd::config::HostConfig config;
    std::filesystem::path dir;  // state_dir and log_dir
    std::string queue_url;
    std::string topic_arn;
    std::string alert_queue_url;

    // Opens the history store (SQLite file in dir, or config.database) and starts a Master
    // on a thread, with a background pruner on a second store instance, receiving on
    // config.receivers lanes (each its own connection).
    void start_master();
    // Sets stop, checks run() returned within 2 s, destroys the Master and its store.
    void stop_master();
    niamd::master::Master& master() { return *master_; }

    // Sends records as one client cycle (encode_messages; one message per 256 KiB).
    void send(const std::vector<niamd::protocol::Record>& records);
    void send_body(const std::string& body);
    static niamd::protocol::Record ping(const std::string& hostname, const std::string& instance);
    static niamd::protocol::Record http_check(const std::string& hostname, const std::string& instance, int status);

    // alert.log lines, and those of one kind.
    std::vector<std::string> alert_log() const;
    std::size_t log_count(const std::string& kind, const std::string& hostname = {}) const;

    // Alerts that arrived through SNS so far (drained from the subscribed queue).
    const std::vector<ReceivedAlert>& sns_alerts();
    std::size_t sns_count(const std::string& kind, const std::string& hostname = {});

    std::shared_ptr<const niamd::master::MasterSnapshot> snapshot() const { return board_.latest(); }

    // Polls `done` every 100 ms until true or `timeout`; true when it became true.
    static bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);

    awsrest::SqsClient& sqs() { return *test_sqs_; }
    niamd::store::HistoryStore* store() { return store_.get(); }

  private:
    Connection test_connection_;      // the test thread: sending, reading alerts
    Connection queue_connection_;     // the master's receiver
    Connection outbound_connection_;  // the master's SNS and EC2
    std::unique_ptr<awsrest::SqsClient> test_sqs_;
    std::unique_ptr<awsrest::SqsClient> master_sqs_;
    // The master's receive lanes beyond master_sqs_ (config.receivers - 1), each its own connection.
    std::vector<std::unique_ptr<Connection>> lane_connections_;
    std::vector<std::unique_ptr<awsrest::SqsClient>> lane_sqs_;
    std::unique_ptr<awsrest::SnsClient> master_sns_;
    std::unique_ptr<awsrest::Ec2Client> master_ec2_;
    std::unique_ptr<niamd::store::HistoryStore> store_;
    niamd::master::SnapshotBoard board_;
    std::unique_ptr<niamd::master::Master> master_;
    std::atomic<bool> stop_{false};
    std::thread runner_;
    std::vector<ReceivedAlert> sns_alerts_;
};

}  // namespace scenario
