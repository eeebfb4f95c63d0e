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

}  // namespace

TEST_CASE(
    "niamd master process: two masters on one MariaDB with the leader SIGKILLed 10 times: "
    "every alert once and no PING lost",
    "[integration][niamd][master][mariadb]") {
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    const auto database = scenario::empty_mariadb();
    Database db(database);
    scenario::ConfigBucket bucket;
    scenario::ScratchDir dir;

    // The niam queue (a short visibility timeout: what a killed leader received but did not
    // commit comes back within 2 s), the topic and the queue subscribed to it.
    awsrest::SqsClient sqs(stack.client(), stack::service_endpoint("sqs"), awsrest::SqsProtocol::Json);
    const std::string queue_name = stack::unique_name("niam-ha");
    auto queue_url = sqs.create_queue(queue_name, {{"VisibilityTimeout", "2"}});
    REQUIRE(queue_url);
    awsrest::SnsClient sns(stack.client(), stack::service_endpoint("sns"));
    auto topic = sns.create_topic(stack::unique_name("niam-ha-alerts"));
    REQUIRE(topic);
    auto alert_queue = sqs.create_queue(stack::unique_name("niam-ha-reader"));
    REQUIRE(alert_queue);
    auto attributes = sqs.get_queue_attributes(*alert_queue, {"QueueArn"});
    REQUIRE(attributes);
    awsrest::SnsSubscribeRequest subscribe;
    subscribe.topic_arn = *topic;
    subscribe.endpoint = attributes->at("QueueArn");
    REQUIRE(sns.subscribe(subscribe));

    const std::string stays = stack::unique_name("stays");
    const std::string leaves = stack::unique_name("leaves");
    const std::string counted = stack::unique_name("counted");
    const std::string master_config = "ROLE=master\nWARN_AFTER 3\nPURGE_AFTER 25\nEC2_CHECK 0\nALERT_TOPIC " + *topic +
                                      "\nDATABASE " + database.host + " " + std::to_string(database.port) + " " +
                                      database.user + " " + database.password + " " + database.dbname + "\n";
    bucket.put_config("master-a", master_config);
    bucket.put_config("master-b", master_config);
    bucket.put_config("GENERIC", "INTERVAL 1\n");

    auto args = [&](const std::string& host, std::vector<std::string> extra) {
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
    };
    std::map<std::string, int> starts;
    auto start_master = [&](const std::string& name) {
        const int n = ++starts[name];
        const std::string url_file = (dir.path / (name + "-" + std::to_string(n) + ".url")).string();
        auto master = std::make_unique<DaemonProcess>(
            scenario::niamd_path(),
            args(name, {"--web", "127.0.0.1:0", "--url-file", url_file, "--leader-lease", "--lease-seconds", "3"}),
            scenario::daemon_environment(), (dir.path / (name + "-" + std::to_string(n) + ".out")).string());
        master->start();
        return master;
    };
    auto start_client = [&](const std::string& host) {
        auto client =
            std::make_unique<DaemonProcess>(scenario::niamd_path(), args(host, {}), scenario::daemon_environment(),
                                            (dir.path / (host + ".out")).string());
        client->start();
        return client;
    };
    std::map<std::string, std::unique_ptr<DaemonProcess>> masters;
    masters["master-a"] = start_master("master-a");
    masters["master-b"] = start_master("master-b");
    auto stays_client = start_client(stays);
    auto leaves_client = start_client(leaves);

    // A host whose PINGs the test sends itself, one a second, so that it knows each one.
    std::atomic<bool> sending{true};
    std::vector<std::int64_t> sent;
    std::thread sender([&] {
        awsrest::SqsClient own(stack.client(), stack::service_endpoint("sqs"), awsrest::SqsProtocol::Json);
        std::int64_t next = unix_now() + 1;
        while (sending) {
            while (unix_now() < next && sending) std::this_thread::sleep_for(20ms);
            if (!sending) break;
            niamd::protocol::Record ping;
            ping.instance = "i-0ca000000000000a";
            ping.hostname = counted;
            ping.kind = niamd::protocol::RecordKind::Ping;
            ping.time = next;
            if (own.send_message(*queue_url, niamd::protocol::encode_record(ping))) sent.push_back(next);
            ++next;
        }
    });

    // Which master leads: the lease row's holder is "host:pid".
    auto leader = [&]() -> std::string {
        auto row = db.rows("SELECT holder, expires FROM leader_lease WHERE name = 'master'");
        if (row.empty() || std::stoll(row[0][1]) <= unix_now()) return "";
        const std::string pid = row[0][0].substr(row[0][0].rfind(':') + 1);
        for (auto& [name, process] : masters) {
            if (process && std::to_string(process->pid()) == pid && process->running()) return name;
        }
        return "";
    };
    auto epoch = [&] { return db.number("SELECT epoch FROM leader_lease WHERE name = 'master'"); };
    REQUIRE(eventually([&] { return !leader().empty(); }, 20s));
    REQUIRE(eventually([&] { return db.number("SELECT COUNT(*) FROM hosts") >= 3; }, 20s));
    CHECK(leaves_client->stop() < 2000ms);  // this host goes silent: MISSING once, PURGED once

    // The standby serves the web interface from the database: the hosts the leader committed.
    {
        const std::string standby = leader() == "master-a" ? "master-b" : "master-a";
        REQUIRE(masters[standby]->wait_for_output("standby: the leader is ", 10s));
        const std::string url = read_file(dir.path / (standby + "-1.url"));
        REQUIRE(url.rfind("http://127.0.0.1:", 0) == 0);
        httplib::Client web("127.0.0.1", std::stoi(url.substr(17)));
        CHECK(eventually(
            [&] {
                auto hosts = web.Get("/api/hosts");
                return hosts && hosts->status == 200 && hosts->body.find(stays) != std::string::npos &&
                       hosts->body.find(leaves) != std::string::npos;
            },
            10s));
        CHECK(masters[standby]->output().find("receiving on") == std::string::npos);
    }

    std::mt19937 random(kSeed);
    std::vector<double> takeovers;
    int kills_at_commit = 0;
    for (int kill = 0; kill < kKills; ++kill) {
        const std::string current = leader();
        REQUIRE_FALSE(current.empty());
        const std::int64_t epoch_before = epoch();
        // Lead for 1.5-6 s, or less: killed as soon as an alert is committed and not yet sent.
        const auto lead_for = std::chrono::milliseconds(std::uniform_int_distribution<int>(1500, 6000)(random));
        const auto until = Steady::now() + lead_for;
        bool at_commit = false;
        while (Steady::now() < until) {
            if (db.number("SELECT COUNT(*) FROM alerts WHERE delivery = 'pending'") > 0) {
                at_commit = true;
                break;
            }
            std::this_thread::sleep_for(5ms);
        }
        masters[current]->signal(SIGKILL);
        const auto killed = Steady::now();
        REQUIRE(masters[current]->wait(5s) == 128 + SIGKILL);
        if (at_commit) ++kills_at_commit;
        masters[current] = start_master(current);  // back as a standby
        REQUIRE(eventually([&] { return epoch() > epoch_before && !leader().empty(); }, 30s));
        takeovers.push_back(std::chrono::duration<double>(Steady::now() - killed).count());
    }

    // The last leader raises what is left (PURGED after PURGE_AFTER) and publishes it.
    std::vector<Delivered> delivered;
    auto read_alerts = [&] {
        while (true) {
            awsrest::SqsReceiveOptions options;
            options.max_messages = 10;
            options.wait_time_seconds = 0;
            auto received = sqs.receive_message(*alert_queue, options);
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
            REQUIRE(sqs.delete_message_batch(*alert_queue, entries));
        }
    };
    auto count = [&](const std::string& kind, const std::string& host) {
        return std::count_if(delivered.begin(), delivered.end(),
                             [&](const Delivered& d) { return d.kind == kind && d.hostname == host; });
    };
    CHECK(eventually(
        [&] {
            read_alerts();
            return count("PURGED", leaves) >= 1 &&
                   db.number("SELECT COUNT(*) FROM alerts WHERE delivery = 'pending'") == 0;
        },
        60s));
    std::this_thread::sleep_for(2s);  // room for a duplicate to show
    sending = false;
    sender.join();
    // The last PINGs applied; then both masters stop (the host the test pinged goes silent
    // only now, and a master stops within 2 s: less than WARN_AFTER).
    const std::int64_t last_sent = sent.empty() ? 0 : sent.back();
    CHECK(eventually(
        [&] { return db.number("SELECT MAX(time) FROM heartbeats WHERE hostname = '" + counted + "'") == last_sent; },
        10s));
    for (auto& [name, process] : masters) process->stop();
    read_alerts();
    std::ostringstream figures;
    figures << "takeovers (s):";
    for (double t : takeovers) figures << " " << t;
    figures << "; killed with an alert pending: " << kills_at_commit << "; alerts delivered: " << delivered.size();
    for (const auto& d : delivered) figures << " [" << d.kind << " " << d.hostname << " #" << d.alert_id << "]";
    WARN(figures.str());
    std::string outputs;
    for (const auto& [name, n] : starts) {
        for (int i = 1; i <= n; ++i)
            outputs += "== " + name + "-" + std::to_string(i) + "\n" +
                       read_file(dir.path / (name + "-" + std::to_string(i) + ".out"));
    }
    INFO(outputs);

    // Every expected alert exactly once, as a subscriber that drops a repeated niam_alert_id
    // sees them; nothing about the hosts that kept pinging. A repeat can come only from a
    // leader killed after its publish and before marking the alert sent (docs/master.md).
    std::map<std::string, Delivered> unique;
    for (const auto& d : delivered) {
        CHECK_FALSE(d.alert_id.empty());
        unique.emplace(d.alert_id, d);
    }
    auto unique_count = [&](const std::string& kind, const std::string& host) {
        return std::count_if(unique.begin(), unique.end(),
                             [&](const auto& u) { return u.second.kind == kind && u.second.hostname == host; });
    };
    CHECK(unique_count("MISSING", leaves) == 1);
    CHECK(unique_count("PURGED", leaves) == 1);
    CHECK(count("MISSING", stays) == 0);
    CHECK(count("MISSING", counted) == 0);
    CHECK(unique.size() == 2);
    const std::size_t repeated = delivered.size() - unique.size();
    CHECK(repeated <= static_cast<std::size_t>(kills_at_commit));
    CHECK(db.number("SELECT COUNT(*) FROM alerts WHERE kind IN ('MISSING', 'PURGED')") == 2);
    CHECK(db.number("SELECT COUNT(*) FROM alerts WHERE delivery <> 'sent'") == 0);
    CHECK(db.number("SELECT COUNT(*) FROM alerts WHERE kind = 'STORE_UNAVAILABLE'") == 0);

    // No PING lost: every one the test sent is in the history (the last ones given 4 s).
    std::set<std::int64_t> stored;
    for (const auto& row : db.rows("SELECT time FROM heartbeats WHERE hostname = '" + counted + "'")) {
        stored.insert(std::stoll(row[0]));
    }
    std::vector<std::int64_t> lost;
    for (std::int64_t t : sent) {
        if (!stored.count(t)) lost.push_back(t);
    }
    INFO("PINGs sent " << sent.size() << ", stored " << stored.size());
    CHECK(sent.size() >= 30);
    CHECK(lost.empty());
    CHECK(takeovers.size() == static_cast<std::size_t>(kKills));
    for (double t : takeovers) CHECK(t < 30.0);

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
