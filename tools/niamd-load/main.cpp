// niamd-load: a load generator for the niamd master (docs/scale.md). It simulates N hosts,
// each sending every INTERVAL seconds (spread evenly) one message in the format a niamd
// client sends — a PING, K check results, M metric samples (protocol::encode_messages) —
// through SendMessageBatch of 10, on a few threads; it stops after T seconds and prints
// what it sent. With --drain L it is instead a bare consumer on L lanes (ReceiveMessage of
// 10 + DeleteMessageBatch, nothing applied): the yardstick the master is compared with.
//
//   niamd-load --endpoint URL --queue NAME --hosts N --interval S --seconds T
//              [--checks K] [--metrics M] [--threads J] [--region R]
//   niamd-load --endpoint URL --queue NAME --drain L --seconds T [--region R]
//
// It talks to the endpoint it is given and nowhere else: --endpoint is required (no
// default AWS endpoint). Credentials come from the usual chain (AWS_* variables, profile).
#include <awsrest/aws_client.hpp>
#include <awsrest/credentials.hpp>
#include <awsrest/endpoints.hpp>
#include <awsrest/http.hpp>
#include <awsrest/sqs.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "protocol/metric_record.hpp"
#include "protocol/record_encoder.hpp"

namespace {

using Steady = std::chrono::steady_clock;

struct Options {
    std::string endpoint;
    std::string queue;
    std::string region;
    long hosts = 0;
    int interval = 30;
    int seconds = 0;
    int checks = 0;
    int metrics = 0;
    int threads = 4;
    int drain = 0;  // lanes; 0: send
};

int usage(const char* why) {
    std::fprintf(stderr,
                 "niamd-load: %s\n"
                 "usage: niamd-load --endpoint URL --queue NAME --hosts N --interval S --seconds T\n"
                 "                  [--checks K] [--metrics M] [--threads J] [--region R]\n"
                 "       niamd-load --endpoint URL --queue NAME --drain LANES --seconds T [--region R]\n",
                 why);
    return 2;
}

bool number(const char* text, long low, long high, long& out) {
    const std::string_view view(text);
    const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), out);
    return error == std::errc() && end == view.data() + view.size() && out >= low && out <= high;
}

struct Client {
    std::unique_ptr<awsrest::HttpClient> http;
    std::unique_ptr<awsrest::AwsClient> aws;
    std::unique_ptr<awsrest::SqsClient> sqs;
};

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string host_name(long i) {
    char name[32];
    std::snprintf(name, sizeof name, "load-%05ld", i + 1);
    return name;
}

// One simulated client cycle: PING, K HTTP results, M samples, as one message.
std::string cycle_body(const std::string& host, const Options& options, std::int64_t now) {
    std::vector<niamd::protocol::Record> records;
    niamd::protocol::Record ping;
    ping.instance = "NOT-AWS";
    ping.hostname = host;
    ping.kind = niamd::protocol::RecordKind::Ping;
    ping.time = now;
    records.push_back(ping);
    for (int k = 0; k < options.checks; ++k) {
        auto check = ping;
        check.kind = niamd::protocol::RecordKind::Http;
        check.target = "service-" + std::to_string(k) + ".example.org";
        check.port_or_arg = "80";
        check.latency_ms = 12;
        records.push_back(check);
    }
    for (int m = 0; m < options.metrics; ++m) {
        niamd::metrics::Sample sample;
        sample.name = "load.metric_" + std::to_string(m);
        sample.value = static_cast<double>(now % 100);
        records.push_back(niamd::protocol::metric_record("NOT-AWS", host, sample, now));
    }
    return niamd::protocol::encode_messages(records).front();
}

struct Totals {
    std::atomic<std::uint64_t> messages{0};
    std::atomic<std::uint64_t> records{0};
    std::atomic<std::uint64_t> calls{0};
    std::atomic<std::uint64_t> errors{0};  // failed calls
    std::atomic<std::uint64_t> failed{0};  // entries refused in a batch
    std::atomic<std::int64_t> last_ms{0};  // drain: when the last message came (ms since start)
};

// Hosts j, j + J, j + 2J, ...: host i's sends are at start + i * S / N + k * S.
void send_loop(Client& client, const std::string& url, const Options& options, int lane, Steady::time_point start,
               Totals& totals) {
    const auto end = start + std::chrono::seconds(options.seconds);
    const auto period = std::chrono::duration<double>(options.interval);
    std::vector<long> mine;
    for (long i = lane; i < options.hosts; i += options.threads) mine.push_back(i);
    if (mine.empty()) return;
    auto due = [&](std::size_t slot, long cycle) {
        const double offset = static_cast<double>(mine[slot]) / static_cast<double>(options.hosts) + cycle;
        return start + std::chrono::duration_cast<Steady::duration>(period * offset);
    };
    std::size_t slot = 0;
    long cycle = 0;
    std::vector<awsrest::SqsSendEntry> batch;
    std::uint64_t batch_records = 0;
    auto flush = [&] {
        if (batch.empty()) return;
        auto sent = client.sqs->send_message_batch(url, batch);
        ++totals.calls;
        if (!sent) {
            ++totals.errors;
            if (totals.errors <= 3) std::fprintf(stderr, "niamd-load: %s\n", sent.error().describe().c_str());
        } else {
            totals.messages += sent->successful.size();
            totals.failed += sent->failed.size();
            totals.records += batch_records * sent->successful.size() / batch.size();
        }
        batch.clear();
        batch_records = 0;
    };
    const std::uint64_t per_message = 1 + static_cast<std::uint64_t>(options.checks + options.metrics);
    while (true) {
        const auto when = due(slot, cycle);
        if (when >= end) break;
        const auto now = Steady::now();
        if (when > now) {
            // Not due yet: what is gathered goes now rather than late.
            if (when - now > std::chrono::milliseconds(20)) flush();
            std::this_thread::sleep_until(when);
        }
        batch.push_back(
            {"m" + std::to_string(batch.size()), cycle_body(host_name(mine[slot]), options, unix_now()), {}});
        batch_records += per_message;
        if (batch.size() == awsrest::kSqsMaxBatchEntries) flush();
        if (++slot == mine.size()) {
            slot = 0;
            ++cycle;
        }
    }
    flush();
}

void drain_loop(Client& client, const std::string& url, Steady::time_point start, int seconds, Totals& totals) {
    const auto end = start + std::chrono::seconds(seconds);
    int empty = 0;
    while (Steady::now() < end && empty < 3) {
        awsrest::SqsReceiveOptions options;
        options.max_messages = awsrest::kSqsMaxReceiveMessages;
        options.wait_time_seconds = 1;
        auto received = client.sqs->receive_message(url, options);
        ++totals.calls;
        if (!received) {
            ++totals.errors;
            continue;
        }
        if (received->messages.empty()) {
            ++empty;
            continue;
        }
        empty = 0;
        std::vector<awsrest::SqsDeleteEntry> entries;
        for (const auto& message : received->messages) {
            entries.push_back({"m" + std::to_string(entries.size()), message.receipt_handle});
        }
        auto deleted = client.sqs->delete_message_batch(url, entries);
        if (!deleted) {
            ++totals.errors;
            continue;
        }
        totals.messages += deleted->successful.size();
        totals.failed += deleted->failed.size();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start).count();
        std::int64_t last = totals.last_ms.load();
        while (ms > last && !totals.last_ms.compare_exchange_weak(last, ms)) {
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) return usage(("missing value after " + arg).c_str());
        const char* value = argv[++i];
        long n = 0;
        if (arg == "--endpoint") options.endpoint = value;
        else if (arg == "--queue") options.queue = value;
        else if (arg == "--region") options.region = value;
        else if (arg == "--hosts" && number(value, 1, 10000000, n)) options.hosts = n;
        else if (arg == "--interval" && number(value, 1, 86400, n)) options.interval = static_cast<int>(n);
        else if (arg == "--seconds" && number(value, 1, 86400, n)) options.seconds = static_cast<int>(n);
        else if (arg == "--checks" && number(value, 0, 100, n)) options.checks = static_cast<int>(n);
        else if (arg == "--metrics" && number(value, 0, 100, n)) options.metrics = static_cast<int>(n);
        else if (arg == "--threads" && number(value, 1, 64, n)) options.threads = static_cast<int>(n);
        else if (arg == "--drain" && number(value, 1, 64, n)) options.drain = static_cast<int>(n);
        else return usage(("bad option or value: " + arg + " " + value).c_str());
    }
    if (options.endpoint.empty()) return usage("--endpoint is required (niamd-load has no default endpoint)");
    if (options.queue.empty()) return usage("--queue is required");
    if (options.seconds == 0) return usage("--seconds is required");
    if (options.drain == 0 && options.hosts == 0) return usage("--hosts is required (or --drain LANES)");

    auto legacy = awsrest::endpoint_from_legacy_host("sqs", options.endpoint);
    if (!legacy) {
        std::fprintf(stderr, "niamd-load: --endpoint: %s\n", legacy.error().describe().c_str());
        return 2;
    }
    auto env = awsrest::process_environment();
    awsrest::RegionSources sources;
    if (!options.region.empty()) sources.region = options.region;
    sources.env = env;
    auto region = awsrest::resolve_region(sources);
    std::string region_name = region ? *region : legacy->region.value_or("");
    if (region_name.empty()) {
        std::fprintf(stderr, "niamd-load: no region: give --region\n");
        return 2;
    }
    const awsrest::ServiceEndpoint endpoint{legacy->endpoint, region_name, "sqs"};
    awsrest::CredentialsChainOptions chain;
    chain.env = env;
    auto credentials = awsrest::make_default_credentials_chain(chain);

    const int lanes = options.drain > 0 ? options.drain : options.threads;
    std::vector<Client> clients(static_cast<std::size_t>(lanes));
    for (auto& client : clients) {
        client.http = awsrest::make_curl_http_client();
        client.aws = std::make_unique<awsrest::AwsClient>(*client.http, *credentials);
        client.sqs = std::make_unique<awsrest::SqsClient>(*client.aws, endpoint);
    }
    auto url = clients.front().sqs->create_queue(options.queue);
    if (!url) {
        std::fprintf(stderr, "niamd-load: queue %s: %s\n", options.queue.c_str(), url.error().describe().c_str());
        return 1;
    }
    Totals totals;
    const auto start = Steady::now();
    std::vector<std::thread> threads;
    for (int lane = 0; lane < lanes; ++lane) {
        Client& client = clients[static_cast<std::size_t>(lane)];
        if (options.drain > 0) {
            threads.emplace_back([&, lane] {
                (void)lane;
                drain_loop(client, *url, start, options.seconds, totals);
            });
        } else {
            threads.emplace_back([&, lane] { send_loop(client, *url, options, lane, start, totals); });
        }
    }
    for (auto& thread : threads) thread.join();
    const double took = std::chrono::duration<double>(Steady::now() - start).count();
    if (options.drain > 0) {
        const double busy = std::max(0.001, totals.last_ms.load() / 1000.0);
        std::printf("drained_messages=%llu lanes=%d seconds=%.1f messages_per_s=%.0f errors=%llu failed_entries=%llu\n",
                    static_cast<unsigned long long>(totals.messages.load()), lanes, busy, totals.messages.load() / busy,
                    static_cast<unsigned long long>(totals.errors.load()),
                    static_cast<unsigned long long>(totals.failed.load()));
    } else {
        std::printf(
            "sent_messages=%llu sent_records=%llu hosts=%ld interval=%d seconds=%.1f messages_per_s=%.0f "
            "errors=%llu failed_entries=%llu\n",
            static_cast<unsigned long long>(totals.messages.load()),
            static_cast<unsigned long long>(totals.records.load()), options.hosts, options.interval, took,
            totals.messages.load() / took, static_cast<unsigned long long>(totals.errors.load()),
            static_cast<unsigned long long>(totals.failed.load()));
    }
    return totals.errors.load() > 0 ? 1 : 0;
}
