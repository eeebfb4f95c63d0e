// Two real niamd masters with --leader-lease on one queue and one MariaDB (docs/master.md,
// "Two masters"): the leader is SIGKILLed ten times at moments drawn from a fixed seed (some
// right as an alert is committed and not yet marked sent), and each killed master is started
// again as a standby, as a service manager would. Across the run every expected alert reaches
// the SQS queue subscribed to the topic exactly once, every PING sent is in the history, and
// the host that kept pinging is never reported MISSING.
#include <mysql.h>

#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <httplib.h>

#include <awsrest/sns.hpp>
#include <awsrest/sqs.hpp>

#include "daemon_process.hpp"
#include "local_stack.hpp"
#include "mariadb_fixture.hpp"
#include "niamd_scenario.hpp"
#include "protocol/record_encoder.hpp"
#include "stack_helpers.hpp"
#include "support/read_file.hpp"

using namespace std::chrono_literals;
using scenario::DaemonProcess;
using scenario::eventually;
using Steady = std::chrono::steady_clock;

namespace {

using test_support::read_file;

constexpr int kKills = 10;
constexpr unsigned kSeed = 20261207;

// The test's own connection to the scenario's database, for reading what the masters wrote.
class Database {
  public:
    explicit Database(const niamd::config::DatabaseConfig& config) : mysql_(mysql_init(nullptr)) {
        REQUIRE(mysql_ != nullptr);
        const bool connected =
            mysql_real_connect(mysql_, config.host.c_str(), config.user.c_str(), config.password.c_str(),
                               config.dbname.c_str(), static_cast<unsigned>(config.port), nullptr, 0) != nullptr;
        INFO("MariaDB: " << mysql_error(mysql_));
        REQUIRE(connected);
    }
    ~Database() { mysql_close(mysql_); }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Every row of the query, each column as text ("" for NULL); empty when it fails (a table
    // not created yet).
    std::vector<std::vector<std::string>> rows(const std::string& sql) {
        std::vector<std::vector<std::string>> out;
        if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) return out;
        MYSQL_RES* result = mysql_store_result(mysql_);
        if (!result) return out;
        const unsigned columns = mysql_num_fields(result);
        while (MYSQL_ROW row = mysql_fetch_row(result)) {
            std::vector<std::string> values;
            for (unsigned i = 0; i < columns; ++i) values.emplace_back(row[i] ? row[i] : "");
            out.push_back(std::move(values));
        }
        mysql_free_result(result);
        return out;
    }
    std::int64_t number(const std::string& sql) {
        auto found = rows(sql);
        return found.empty() || found[0].empty() || found[0][0].empty() ? -1 : std::stoll(found[0][0]);
    }

  private:
    MYSQL* mysql_;
};

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Delivered {
    std::string kind;
    std::string hostname;
    std::string alert_id;  // the niam_alert_id message attribute
};

// What both scenarios share: the niam queue (a short visibility timeout: what a leader
// received but did not commit comes back within 2 s), the alert topic and a queue subscribed
// to it, one MariaDB, and a bucket with two masters' configs (--leader-lease, 3 s).
struct TwoMasters {
    stack::LocalStack& stack = stack::LocalStack::get();
    niamd::config::DatabaseConfig database = (stack.reset_counts(), scenario::empty_mariadb());
    Database db{database};
    scenario::ConfigBucket bucket;
    scenario::ScratchDir dir;
    awsrest::SqsClient sqs{stack.client(), stack::service_endpoint("sqs"), awsrest::SqsProtocol::Json};
    std::string queue_name = stack::unique_name("niam-ha");
    std::string queue_url;
    std::string alert_queue;
    std::map<std::string, int> starts;
    std::map<std::string, std::unique_ptr<DaemonProcess>> masters;
    std::vector<Delivered> delivered;

    TwoMasters() {
        auto queue = sqs.create_queue(queue_name, {{"VisibilityTimeout", "2"}});
        REQUIRE(queue);
        queue_url = *queue;
        awsrest::SnsClient sns(stack.client(), stack::service_endpoint("sns"));
        auto topic = sns.create_topic(stack::unique_name("niam-ha-alerts"));
        REQUIRE(topic);
        auto reader = sqs.create_queue(stack::unique_name("niam-ha-reader"));
        REQUIRE(reader);
        alert_queue = *reader;
        auto attributes = sqs.get_queue_attributes(alert_queue, {"QueueArn"});
        REQUIRE(attributes);
        awsrest::SnsSubscribeRequest subscribe;
        subscribe.topic_arn = *topic;
        subscribe.endpoint = attributes->at("QueueArn");
        REQUIRE(sns.subscribe(subscribe));
        const std::string master_config = "ROLE=master\nWARN_AFTER 3\nPURGE_AFTER 25\nEC2_CHECK 0\nALERT_TOPIC " +
                                          *topic + "\nDATABASE " + database.host + " " + std::to_string(database.port) +
                                          " " + database.user + " " + database.password + " " + database.dbname + "\n";
        bucket.put_config("master-a", master_config);
        bucket.put_config("master-b", master_config);
        bucket.put_config("GENERIC", "INTERVAL 1\n");
    }

    std::vector<std::string> args(const std::string& host, std::vector<std::string> extra) const {
        std::vector<std::string> all = {"-f",
                                        "-q",
                                        queue_name,
                                        "-b",
                                        bucket.name(),
                                        "-h",
                                        host,
                                        "--state-dir",
                                        (dir.path / host / "state").string(),
                                        "--log-dir",
                                        (dir.path / host / "log").string()};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }
    // The n-th start of master `name`: its URL and output files end in "-n".
    std::string run_file(const std::string& name, int n, const std::string& extension) const {
        return (dir.path / (name + "-" + std::to_string(n) + extension)).string();
    }
    void start_master(const std::string& name) {
        const int n = ++starts[name];
        auto master =
            std::make_unique<DaemonProcess>(scenario::niamd_path(),
                                            args(name, {"--web", "127.0.0.1:0", "--url-file", run_file(name, n, ".url"),
                                                        "--leader-lease", "--lease-seconds", "3"}),
                                            scenario::daemon_environment(), run_file(name, n, ".out"));
        master->start();
        masters[name] = std::move(master);
    }
    std::unique_ptr<DaemonProcess> start_client(const std::string& host) const {
        auto client =
            std::make_unique<DaemonProcess>(scenario::niamd_path(), args(host, {}), scenario::daemon_environment(),
                                            (dir.path / (host + ".out")).string());
        client->start();
        return client;
    }

    // Which master leads: the lease row's holder is "host:pid" (and the lease not expired).
    std::string leader() {
        auto row = db.rows("SELECT holder, expires FROM leader_lease WHERE name = 'master'");
        if (row.empty() || std::stoll(row[0][1]) <= unix_now()) return "";
        const std::string pid = row[0][0].substr(row[0][0].rfind(':') + 1);
        for (auto& [name, process] : masters) {
            if (process && std::to_string(process->pid()) == pid && process->running()) return name;
        }
        return "";
    }
    std::int64_t epoch() { return db.number("SELECT epoch FROM leader_lease WHERE name = 'master'"); }
    std::string other(const std::string& name) const { return name == "master-a" ? "master-b" : "master-a"; }

    // Moves what reached the subscribed queue into `delivered`.
    void read_alerts() {
        while (true) {
            awsrest::SqsReceiveOptions options;
            options.max_messages = 10;
            options.wait_time_seconds = 0;
            auto received = sqs.receive_message(alert_queue, options);
            REQUIRE(received);
            if (received->messages.empty()) return;
            std::vector<awsrest::SqsDeleteEntry> entries;
            for (const auto& message : received->messages) {
                auto envelope = stack::parse_json(message.body);
                REQUIRE(envelope.HasMember("Message"));
                const std::string text = envelope["Message"].GetString();
                const std::string first_line = text.substr(0, text.find('\n'));  // "KIND hostname ..."
                Delivered one;
                one.kind = first_line.substr(0, first_line.find(' '));
                const auto space = first_line.find(' ');
                if (space != std::string::npos) {
                    one.hostname = first_line.substr(space + 1, first_line.find(' ', space + 1) - space - 1);
                }
                const char* kId = "niam_alert_id";
                if (envelope.HasMember("MessageAttributes") && envelope["MessageAttributes"].HasMember(kId)) {
                    one.alert_id = envelope["MessageAttributes"][kId]["Value"].GetString();
                }
                delivered.push_back(one);
                entries.push_back({"e" + std::to_string(entries.size()), message.receipt_handle});
            }
            REQUIRE(sqs.delete_message_batch(alert_queue, entries));
        }
    }
    std::ptrdiff_t count(const std::string& kind, const std::string& host) const {
        return std::count_if(delivered.begin(), delivered.end(),
                             [&](const Delivered& d) { return d.kind == kind && d.hostname == host; });
    }

    // Every master's output, each start under its own heading.
    std::string outputs() const {
        std::string all;
        for (const auto& [name, n] : starts) {
            for (int i = 1; i <= n; ++i)
                all += "== " + name + "-" + std::to_string(i) + "\n" + read_file(run_file(name, i, ".out"));
        }
        return all;
    }
};

// A host whose PINGs the test sends itself, one a second, so that it knows each one.
class PingSender {
  public:
    PingSender(TwoMasters& ha, std::string hostname) : ha_(ha), hostname_(std::move(hostname)) {
        thread_ = std::thread([this] { send(); });
    }
    ~PingSender() { stop(); }
    PingSender(const PingSender&) = delete;
    PingSender& operator=(const PingSender&) = delete;

    // Stops sending; then sent() is final.
    void stop() {
        sending_ = false;
        if (thread_.joinable()) thread_.join();
    }
    const std::vector<std::int64_t>& sent() const { return sent_; }

    // The PINGs sent that the history lacks.
    std::vector<std::int64_t> lost() {
        std::set<std::int64_t> stored;
        for (const auto& row : ha_.db.rows("SELECT time FROM heartbeats WHERE hostname = '" + hostname_ + "'")) {
            stored.insert(std::stoll(row[0]));
        }
        std::vector<std::int64_t> missing;
        for (std::int64_t t : sent_) {
            if (!stored.count(t)) missing.push_back(t);
        }
        return missing;
    }
    // Whether the history holds the last PING sent (call after stop()).
    bool last_stored() {
        const std::int64_t last = sent_.empty() ? 0 : sent_.back();
        return ha_.db.number("SELECT MAX(time) FROM heartbeats WHERE hostname = '" + hostname_ + "'") == last;
    }

  private:
    void send() {
        awsrest::SqsClient own(ha_.stack.client(), stack::service_endpoint("sqs"), awsrest::SqsProtocol::Json);
        std::int64_t next = unix_now() + 1;
        while (sending_) {
            while (unix_now() < next && sending_) std::this_thread::sleep_for(20ms);
            if (!sending_) break;
            niamd::protocol::Record ping;
            ping.instance = "i-0ca000000000000a";
            ping.hostname = hostname_;
            ping.kind = niamd::protocol::RecordKind::Ping;
            ping.time = next;
            if (own.send_message(ha_.queue_url, niamd::protocol::encode_record(ping))) sent_.push_back(next);
            ++next;
        }
    }

    TwoMasters& ha_;
    std::string hostname_;
    std::atomic<bool> sending_{true};
    std::vector<std::int64_t> sent_;
    std::thread thread_;
};

}  // namespace

TEST_CASE(
    "niamd master process: two masters on one MariaDB with the leader SIGKILLed 10 times: "
    "every alert once and no PING lost",
    "[integration][niamd][master][mariadb]") {
    TwoMasters ha;
    const std::string stays = stack::unique_name("stays");
    const std::string leaves = stack::unique_name("leaves");
    const std::string counted = stack::unique_name("counted");
    ha.start_master("master-a");
    ha.start_master("master-b");
    auto stays_client = ha.start_client(stays);
    auto leaves_client = ha.start_client(leaves);
    PingSender pings(ha, counted);

    REQUIRE(eventually([&] { return !ha.leader().empty(); }, 20s));
    REQUIRE(eventually([&] { return ha.db.number("SELECT COUNT(*) FROM hosts") >= 3; }, 20s));
    CHECK(leaves_client->stop() < 2000ms);  // this host goes silent: MISSING once, PURGED once

    // The standby serves the web interface from the database: the hosts the leader committed.
    {
        const std::string standby = ha.other(ha.leader());
        REQUIRE(ha.masters[standby]->wait_for_output("standby: the leader is ", 10s));
        const std::string url = read_file(ha.run_file(standby, 1, ".url"));
        REQUIRE(url.rfind("http://127.0.0.1:", 0) == 0);
        httplib::Client web("127.0.0.1", std::stoi(url.substr(17)));
        CHECK(eventually(
            [&] {
                auto hosts = web.Get("/api/hosts");
                return hosts && hosts->status == 200 && hosts->body.find(stays) != std::string::npos &&
                       hosts->body.find(leaves) != std::string::npos;
            },
            10s));
        CHECK(ha.masters[standby]->output().find("receiving on") == std::string::npos);
    }

    std::mt19937 random(kSeed);
    std::vector<double> takeovers;
    int kills_at_commit = 0;
    for (int kill = 0; kill < kKills; ++kill) {
        const std::string current = ha.leader();
        REQUIRE_FALSE(current.empty());
        const std::int64_t epoch_before = ha.epoch();
        // Lead for 1.5-6 s, or less: killed as soon as an alert is committed and not yet sent.
        const auto lead_for = std::chrono::milliseconds(std::uniform_int_distribution<int>(1500, 6000)(random));
        const auto until = Steady::now() + lead_for;
        bool at_commit = false;
        while (Steady::now() < until) {
            if (ha.db.number("SELECT COUNT(*) FROM alerts WHERE delivery = 'pending'") > 0) {
                at_commit = true;
                break;
            }
            std::this_thread::sleep_for(5ms);
        }
        ha.masters[current]->signal(SIGKILL);
        const auto killed = Steady::now();
        REQUIRE(ha.masters[current]->wait(5s) == 128 + SIGKILL);
        if (at_commit) ++kills_at_commit;
        ha.start_master(current);  // back as a standby
        REQUIRE(eventually([&] { return ha.epoch() > epoch_before && !ha.leader().empty(); }, 30s));
        takeovers.push_back(std::chrono::duration<double>(Steady::now() - killed).count());
    }

    // The last leader raises what is left (PURGED after PURGE_AFTER) and publishes it.
    CHECK(eventually(
        [&] {
            ha.read_alerts();
            return ha.count("PURGED", leaves) >= 1 &&
                   ha.db.number("SELECT COUNT(*) FROM alerts WHERE delivery = 'pending'") == 0;
        },
        60s));
    std::this_thread::sleep_for(2s);  // room for a duplicate to show
    pings.stop();
    // The last PINGs applied; then both masters stop (the host the test pinged goes silent
    // only now, and a master stops within 2 s: less than WARN_AFTER).
    CHECK(eventually([&] { return pings.last_stored(); }, 10s));
    for (auto& [name, process] : ha.masters) process->stop();
    ha.read_alerts();
    std::ostringstream figures;
    figures << "takeovers (s):";
    for (double t : takeovers) figures << " " << t;
    figures << "; killed with an alert pending: " << kills_at_commit << "; alerts delivered: " << ha.delivered.size();
    for (const auto& d : ha.delivered) figures << " [" << d.kind << " " << d.hostname << " #" << d.alert_id << "]";
    WARN(figures.str());
    INFO(ha.outputs());

    // Every expected alert exactly once, as a subscriber that drops a repeated niam_alert_id
    // sees them; nothing about the hosts that kept pinging. A repeat can come only from a
    // leader killed after its publish and before marking the alert sent (docs/master.md).
    std::map<std::string, Delivered> unique;
    for (const auto& d : ha.delivered) {
        CHECK_FALSE(d.alert_id.empty());
        unique.emplace(d.alert_id, d);
    }
    auto unique_count = [&](const std::string& kind, const std::string& host) {
        return std::count_if(unique.begin(), unique.end(),
                             [&](const auto& u) { return u.second.kind == kind && u.second.hostname == host; });
    };
    CHECK(unique_count("MISSING", leaves) == 1);
    CHECK(unique_count("PURGED", leaves) == 1);
    CHECK(ha.count("MISSING", stays) == 0);
    CHECK(ha.count("MISSING", counted) == 0);
    CHECK(unique.size() == 2);
    const std::size_t repeated = ha.delivered.size() - unique.size();
    CHECK(repeated <= static_cast<std::size_t>(kills_at_commit));
    CHECK(ha.db.number("SELECT COUNT(*) FROM alerts WHERE kind IN ('MISSING', 'PURGED')") == 2);
    CHECK(ha.db.number("SELECT COUNT(*) FROM alerts WHERE delivery <> 'sent'") == 0);
    CHECK(ha.db.number("SELECT COUNT(*) FROM alerts WHERE kind = 'STORE_UNAVAILABLE'") == 0);

    // No PING lost: every one the test sent is in the history (the last ones given 4 s).
    INFO("PINGs sent " << pings.sent().size());
    CHECK(pings.sent().size() >= 30);
    CHECK(pings.lost().empty());
    CHECK(takeovers.size() == static_cast<std::size_t>(kKills));
    for (double t : takeovers) CHECK(t < 30.0);

    CHECK(stays_client->stop() < 2000ms);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE(
    "niamd master process: two masters on one MariaDB with the leader stopped (SIGSTOP) past its lease: "
    "the other takes over, the stopped one exits 75 when continued and no PING is lost",
    "[integration][niamd][master][mariadb]") {
    // A leader that is paused (SIGSTOP here; a frozen VM or a long stall in real life) and
    // then resumes believes, for a moment, that it still leads. It must write nothing, publish
    // nothing and stop with status 75, and the other master must lead meanwhile.
    TwoMasters ha;
    const std::string stays = stack::unique_name("stays");
    const std::string counted = stack::unique_name("counted");
    ha.start_master("master-a");
    REQUIRE(eventually([&] { return ha.leader() == "master-a"; }, 20s));
    ha.start_master("master-b");
    REQUIRE(ha.masters["master-b"]->wait_for_output("standby: the leader is ", 20s));
    auto stays_client = ha.start_client(stays);
    PingSender pings(ha, counted);
    REQUIRE(eventually([&] { return ha.db.number("SELECT COUNT(*) FROM hosts") >= 2; }, 20s));

    const std::int64_t epoch_before = ha.epoch();
    ha.masters["master-a"]->signal(SIGSTOP);
    const auto stopped = Steady::now();
    REQUIRE(eventually([&] { return ha.epoch() > epoch_before && ha.leader() == "master-b"; }, 30s));
    const double takeover = std::chrono::duration<double>(Steady::now() - stopped).count();
    // The new leader commits PINGs while the old one is stopped (three of them, at least).
    const std::int64_t led_from = unix_now();
    REQUIRE(eventually(
        [&] {
            return ha.db.number("SELECT MAX(time) FROM heartbeats WHERE hostname = '" + counted + "'") >= led_from + 3;
        },
        20s));
    const double stopped_for = std::chrono::duration<double>(Steady::now() - stopped).count();

    ha.masters["master-a"]->signal(SIGCONT);
    const auto continued = Steady::now();
    const int status = ha.masters["master-a"]->wait(15s);
    const double exited_after = std::chrono::duration<double>(Steady::now() - continued).count();
    INFO(ha.outputs());
    REQUIRE(status == 75);
    CHECK_THAT(ha.masters["master-a"]->output(),
               Catch::Contains("leader lease lost (epoch " + std::to_string(epoch_before) + ")") &&
                   Catch::Contains("exit status 75"));
    // The lease is still the new leader's, with the epoch it took.
    CHECK(ha.leader() == "master-b");
    CHECK(ha.epoch() == epoch_before + 1);

    // Started again (as a service manager does after 75), it is a standby.
    ha.start_master("master-a");
    CHECK(ha.masters["master-a"]->wait_for_output("standby: the leader is ", 20s));
    CHECK(ha.leader() == "master-b");

    pings.stop();
    CHECK(eventually([&] { return pings.last_stored(); }, 10s));
    for (auto& [name, process] : ha.masters) process->stop();
    ha.read_alerts();
    WARN("take-over " << takeover << " s after SIGSTOP; stopped for " << stopped_for << " s; exited 75 " << exited_after
                      << " s after SIGCONT; PINGs sent " << pings.sent().size());

    // No alert about hosts that kept sending, none raised by either master, no PING lost.
    CHECK(ha.delivered.empty());
    CHECK(ha.db.number("SELECT COUNT(*) FROM alerts") == 0);
    CHECK(pings.sent().size() >= 5);
    CHECK(pings.lost().empty());
    CHECK(takeover < 10.0);
    CHECK(stays_client->stop() < 2000ms);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("niamd master process: --leader-lease without DATABASE is refused (SQLite serves one master)",
          "[integration][niamd][master]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("lonely-master");
    bucket.put_config(host, "ROLE=master\nEC2_CHECK 0\n");
    DaemonProcess master(scenario::niamd_path(),
                         scenario::client_args(queue, bucket, host, dir.path / "m", {"--no-web", "--leader-lease"}),
                         scenario::daemon_environment(), (dir.path / "m.out").string());
    master.start();
    REQUIRE(master.wait(15s) == 1);
    CHECK_THAT(master.output(), Catch::Contains("--leader-lease needs a DATABASE statement (MariaDB): the SQLite "
                                                "store (STATE_DIR/niam.db) serves one master only"));
    CHECK_FALSE(std::filesystem::exists(dir.path / "m" / "state" / "niam.db"));
}
