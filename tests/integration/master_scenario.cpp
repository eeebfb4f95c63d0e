#include "master_scenario.hpp"

#include <rapidjson/document.h>
#include <unistd.h>

#include <awsrest/clock.hpp>
#include <catch2/catch.hpp>
#include <fstream>

#include "local_stack.hpp"
#include "protocol/record_encoder.hpp"
#include "stack_helpers.hpp"

#include "store/open_store.hpp"

namespace scenario {

Connection::Connection() {
    auto& stack = stack::LocalStack::get();
    http = awsrest::make_curl_http_client();
    random = std::make_unique<awsrest::SeededRandom>();
    awsrest::RetryPolicy policy;
    policy.base_delay = std::chrono::milliseconds(10);
    policy.max_delay = std::chrono::milliseconds(200);
    aws =
        std::make_unique<awsrest::AwsClient>(*http, stack.credentials(), awsrest::system_clock(), random.get(), policy);
}

Pinger::Pinger(std::string queue_url, std::chrono::milliseconds period)
    : queue_url_(std::move(queue_url)), period_(period) {
    sqs_ = std::make_unique<awsrest::SqsClient>(*connection_.aws, stack::service_endpoint("sqs"),
                                                awsrest::SqsProtocol::Json);
    thread_ = std::thread([this] { loop(); });
}

Pinger::~Pinger() {
    stop_ = true;
    thread_.join();
}

void Pinger::add(const std::string& hostname, const std::string& instance) {
    std::lock_guard lock(mutex_);
    hosts_.emplace_back(hostname, instance);
}

void Pinger::remove(const std::string& hostname) {
    std::lock_guard lock(mutex_);
    std::erase_if(hosts_, [&](const auto& host) { return host.first == hostname; });
}

void Pinger::loop() {
    while (!stop_) {
        std::vector<std::pair<std::string, std::string>> hosts;
        {
            std::lock_guard lock(mutex_);
            hosts = hosts_;
        }
        for (const auto& [hostname, instance] : hosts) {
            const auto body = niamd::protocol::encode_record(MasterScenario::ping(hostname, instance));
            (void)sqs_->send_message(queue_url_, body);  // a failure is what a queue outage looks like
        }
        for (auto waited = std::chrono::milliseconds(0); waited < period_ && !stop_;
             waited += std::chrono::milliseconds(50)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
}

MasterScenario::MasterScenario() {
    dir = std::filesystem::temp_directory_path() / stack::unique_name("niam-master");
    std::filesystem::create_directories(dir);
    test_sqs_ = std::make_unique<awsrest::SqsClient>(*test_connection_.aws, stack::service_endpoint("sqs"),
                                                     awsrest::SqsProtocol::Json);
    master_sqs_ = std::make_unique<awsrest::SqsClient>(*queue_connection_.aws, stack::service_endpoint("sqs"),
                                                       awsrest::SqsProtocol::Json);
    master_sns_ = std::make_unique<awsrest::SnsClient>(*outbound_connection_.aws, stack::service_endpoint("sns"));
    master_ec2_ = std::make_unique<awsrest::Ec2Client>(*outbound_connection_.aws, stack::service_endpoint("ec2"));

    // The niam queue: a short visibility timeout so that an undeleted message comes back soon.
    auto queue = test_sqs_->create_queue(stack::unique_name("niam"), {{"VisibilityTimeout", "2"}});
    INFO((queue ? "" : queue.error().describe()));
    REQUIRE(queue);
    queue_url = *queue;

    // The alert topic and a queue subscribed to it.
    awsrest::SnsClient sns(*test_connection_.aws, stack::service_endpoint("sns"));
    auto topic = sns.create_topic(stack::unique_name("niam-alerts"));
    REQUIRE(topic);
    topic_arn = *topic;
    auto alert_queue = test_sqs_->create_queue(stack::unique_name("niam-alert-reader"));
    REQUIRE(alert_queue);
    alert_queue_url = *alert_queue;
    auto attributes = test_sqs_->get_queue_attributes(alert_queue_url, {"QueueArn"});
    REQUIRE(attributes);
    awsrest::SnsSubscribeRequest subscribe;
    subscribe.topic_arn = topic_arn;
    subscribe.endpoint = attributes->at("QueueArn");
    REQUIRE(sns.subscribe(subscribe));

    config.role = niamd::config::Role::Master;
    config.warn_after = 3;
    config.purge_after = 8;
    config.alert_topic = topic_arn;
    config.ec2_check = 0;
}

MasterScenario::~MasterScenario() {
    if (master_) {
        stop_ = true;
        if (runner_.joinable()) runner_.join();
        master_.reset();
    }
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

void MasterScenario::start_master() {
    REQUIRE_FALSE(master_);
    auto opened = niamd::store::open_store(config.database, dir);
    INFO((opened ? "" : opened.error().describe()));
    REQUIRE(opened);
    store_ = std::move(opened).value();
    niamd::master::MasterServices services{
        *master_sqs_, queue_url, master_sns_.get(), master_ec2_.get(), nullptr, 1, {}};
    const auto lanes = static_cast<std::size_t>(niamd::config::lanes_wanted(config));  // auto: 32, 2 polling at first
    while (lane_sqs_.size() + 1 < lanes) {
        lane_connections_.push_back(std::make_unique<Connection>());
        lane_sqs_.push_back(std::make_unique<awsrest::SqsClient>(
            *lane_connections_.back()->aws, stack::service_endpoint("sqs"), awsrest::SqsProtocol::Json));
    }
    for (std::size_t i = 0; i + 1 < lanes; ++i) {
        services.more_receivers.push_back(lane_sqs_[i].get());
    }
    services.open_pruning_store = [database = config.database,
                                   dir = dir]() -> std::unique_ptr<niamd::store::HistoryStore> {
        auto own = niamd::store::open_store(database, dir);
        return own ? std::move(own).value() : nullptr;
    };
    master_ = std::make_unique<niamd::master::Master>(services, *store_, awsrest::system_clock(), board_,
                                                      niamd::master::MasterPaths{dir, dir}, config);
    auto started = master_->start();
    INFO((started ? "" : started.error().describe()));
    REQUIRE(started);
    stop_ = false;
    runner_ = std::thread([this] { master_->run(stop_); });
}

void MasterScenario::stop_master() {
    REQUIRE(master_);
    const auto asked = std::chrono::steady_clock::now();
    stop_ = true;
    runner_.join();
    const auto took = std::chrono::steady_clock::now() - asked;
    CHECK(took < std::chrono::seconds(2));
    master_.reset();
    store_.reset();
}

niamd::protocol::Record MasterScenario::ping(const std::string& hostname, const std::string& instance) {
    niamd::protocol::Record record;
    record.instance = instance;
    record.hostname = hostname;
    record.kind = niamd::protocol::RecordKind::Ping;
    record.time =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return record;
}

niamd::protocol::Record MasterScenario::http_check(const std::string& hostname, const std::string& instance,
                                                   int status) {
    auto record = ping(hostname, instance);
    record.kind = niamd::protocol::RecordKind::Http;
    record.target = "www.example.org";
    record.port_or_arg = "80";
    record.status = status;
    record.latency_ms = 12;
    record.output = status == 0 ? "HTTP OK - 200" : "HTTP CRITICAL - 503";
    return record;
}

void MasterScenario::send(const std::vector<niamd::protocol::Record>& records) {
    for (const auto& body : niamd::protocol::encode_messages(records)) send_body(body);
}

void MasterScenario::send_body(const std::string& body) {
    auto sent = test_sqs_->send_message(queue_url, body);
    INFO((sent ? "" : sent.error().describe()));
    REQUIRE(sent);
}

std::vector<std::string> MasterScenario::alert_log() const {
    std::vector<std::string> lines;
    std::ifstream in(dir / "alert.log");
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

std::size_t MasterScenario::log_count(const std::string& kind, const std::string& hostname) const {
    std::size_t n = 0;
    for (const auto& line : alert_log()) {
        // "<time> <KIND> <hostname> <instance> <detail>"
        const auto first = line.find(' ');
        const auto second = line.find(' ', first + 1);
        const auto third = line.find(' ', second + 1);
        if (line.substr(first + 1, second - first - 1) != kind) continue;
        if (!hostname.empty() && line.substr(second + 1, third - second - 1) != hostname) continue;
        ++n;
    }
    return n;
}

const std::vector<ReceivedAlert>& MasterScenario::sns_alerts() {
    for (;;) {
        awsrest::SqsReceiveOptions options;
        options.max_messages = 10;
        options.wait_time_seconds = 0;
        auto received = test_sqs_->receive_message(alert_queue_url, options);
        INFO((received ? "" : received.error().describe()));
        REQUIRE(received);
        if (received->messages.empty()) break;
        std::vector<awsrest::SqsDeleteEntry> entries;
        for (const auto& message : received->messages) {
            auto envelope = stack::parse_json(message.body);
            REQUIRE(envelope.HasMember("Message"));
            const std::string text = envelope["Message"].GetString();
            ReceivedAlert alert;
            alert.subject = envelope.HasMember("Subject") ? envelope["Subject"].GetString() : "";
            const std::string first_line = text.substr(0, text.find('\n'));  // "KIND hostname"
            alert.kind = first_line.substr(0, first_line.find(' '));
            if (first_line.find(' ') != std::string::npos) alert.hostname = first_line.substr(first_line.find(' ') + 1);
            sns_alerts_.push_back(alert);
            entries.push_back({"e" + std::to_string(entries.size()), message.receipt_handle});
        }
        REQUIRE(test_sqs_->delete_message_batch(alert_queue_url, entries));
    }
    return sns_alerts_;
}

std::size_t MasterScenario::sns_count(const std::string& kind, const std::string& hostname) {
    std::size_t n = 0;
    for (const auto& alert : sns_alerts()) {
        if (alert.kind == kind && (hostname.empty() || alert.hostname == hostname)) ++n;
    }
    return n;
}

bool MasterScenario::wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
}

}  // namespace scenario
