// A Monitor on a MemoryStore and a ManualClock, with helpers that feed it queue messages
// as a client would send them and run rounds (tick + commit) as the Master does.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "master/monitor.hpp"
#include "memory_store.hpp"
#include "protocol/record_encoder.hpp"
#include "support/scripted_http.hpp"

namespace test_support {

inline niamd::config::HostConfig short_timers(int warn_after = 3, int purge_after = 8) {
    niamd::config::HostConfig config;
    config.role = niamd::config::Role::Master;
    config.warn_after = warn_after;
    config.purge_after = purge_after;
    return config;
}

struct MonitorFixture {
    explicit MonitorFixture(niamd::config::HostConfig config_in = short_timers())
        : config(std::move(config_in)), monitor(std::make_unique<niamd::master::Monitor>(store, config)) {}

    std::int64_t now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
    }
    void advance(int seconds) {
        clock.advance(std::chrono::seconds(seconds));
        store.clock_seconds = now();
    }

    // Starts as the Master does: load, then a first successful read of the queue.
    std::vector<niamd::store::AlertRow> start() {
        store.clock_seconds = now();
        auto pending = monitor->load(now());
        REQUIRE(pending);
        monitor->queue_read(now());
        return *pending;
    }
    // A master restarted on the same store.
    std::vector<niamd::store::AlertRow> restart() {
        monitor = std::make_unique<niamd::master::Monitor>(store, config);
        return start();
    }

    awsrest::SqsMessage message(std::string body, std::string id = {}) {
        ++sent;
        awsrest::SqsMessage m;
        m.message_id = id.empty() ? "msg-" + std::to_string(sent) : std::move(id);
        m.receipt_handle = "receipt-" + std::to_string(sent);
        m.body = std::move(body);
        return m;
    }
    // Delivers messages as one receive.
    void deliver(const std::vector<awsrest::SqsMessage>& messages) {
        monitor->queue_read(now());
        monitor->apply(messages, now());
    }
    void deliver(std::string body) { deliver({message(std::move(body))}); }

    static niamd::protocol::Record ping_record(const std::string& host, std::int64_t time,
                                               const std::string& instance = "i-0000000000000001") {
        niamd::protocol::Record record;
        record.instance = instance;
        record.hostname = host;
        record.kind = niamd::protocol::RecordKind::Ping;
        record.time = time;
        return record;
    }
    static niamd::protocol::Record check_record(const std::string& host, std::int64_t time, int status,
                                                const std::string& target = "www.example.org",
                                                const std::string& port = "80") {
        auto record = ping_record(host, time);
        record.kind = niamd::protocol::RecordKind::Http;
        record.target = target;
        record.port_or_arg = port;
        record.status = status;
        record.output = status == 0 ? "HTTP OK" : "HTTP CRITICAL - 500";
        return record;
    }
    void ping(const std::string& host, const std::string& instance = "i-0000000000000001") {
        deliver(niamd::protocol::encode_record(ping_record(host, now(), instance)));
    }
    void check(const std::string& host, int status) {
        deliver(niamd::protocol::encode_record(check_record(host, now(), status)));
    }

    // One round: tick, then commit. Returns the committed alerts and receipts.
    niamd::master::Monitor::Committed round() {
        monitor->tick(now());
        auto committed = monitor->commit();
        REQUIRE(committed);
        for (const auto& alert : committed->alerts) raised.push_back(alert);
        return std::move(committed).value();
    }
    // Advances second by second, running a round each time.
    void run_for(int seconds) {
        for (int i = 0; i < seconds; ++i) {
            advance(1);
            round();
        }
    }

    std::vector<niamd::store::AlertRow> raised_of(niamd::store::AlertKind kind) const {
        std::vector<niamd::store::AlertRow> rows;
        for (const auto& alert : raised) {
            if (alert.kind == kind) rows.push_back(alert);
        }
        return rows;
    }
    std::size_t count(niamd::store::AlertKind kind) const { return raised_of(kind).size(); }

    niamd::config::HostConfig config;
    ManualClock clock;
    MemoryStore store;
    std::unique_ptr<niamd::master::Monitor> monitor;
    std::vector<niamd::store::AlertRow> raised;  // every alert committed, in order
    int sent = 0;
};

}  // namespace test_support
