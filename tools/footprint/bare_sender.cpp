// bare-sender: the baseline of the footprint measurement (scripts/footprint). A program
// with nothing but what any SQS-speaking C++ daemon carries: libcurl, OpenSSL and the
// signing code, making the requests a niamd client makes in steady state — one
// SendMessage per interval and a conditional GET of its config every refresh period.
//
//   bare-sender QUEUE BUCKET KEY INTERVAL_SECONDS REFRESH_SECONDS
//
// Credentials, region and endpoints come from the environment (AWS_* variables). Stops on
// SIGTERM; prints how many messages it sent.
#include <awsrest/aws_client.hpp>
#include <awsrest/credentials.hpp>
#include <awsrest/endpoints.hpp>
#include <awsrest/http.hpp>
#include <awsrest/s3.hpp>
#include <awsrest/sqs.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <string>
#include <thread>

namespace {
volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_term(int) { g_stop = 1; }
}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fputs("usage: bare-sender QUEUE BUCKET KEY INTERVAL_SECONDS REFRESH_SECONDS\n", stderr);
        return 2;
    }
    std::signal(SIGTERM, on_term);
    std::signal(SIGINT, on_term);
    const std::string queue = argv[1], bucket = argv[2], key = argv[3];
    const int interval = std::stoi(argv[4]), refresh = std::stoi(argv[5]);
    auto env = awsrest::process_environment();
    auto region = awsrest::resolve_region({std::nullopt, "", env, {}});
    if (!region) {
        std::fprintf(stderr, "bare-sender: %s\n", region.error().message.c_str());
        return 1;
    }
    auto sqs_endpoint = awsrest::resolve_endpoint("sqs", *region, env);
    auto s3_endpoint = awsrest::resolve_endpoint("s3", *region, env);
    if (!sqs_endpoint || !s3_endpoint) return 1;
    auto http = awsrest::make_curl_http_client();
    auto s3_http = awsrest::make_curl_http_client();
    auto credentials = awsrest::make_default_credentials_chain({});
    awsrest::AwsClient aws(*http, *credentials);
    awsrest::AwsClient s3_aws(*s3_http, *credentials);
    awsrest::SqsClient sqs(aws, *sqs_endpoint);
    awsrest::S3Client s3(s3_aws, *s3_endpoint);
    auto url = sqs.create_queue(queue);
    if (!url) {
        std::fprintf(stderr, "bare-sender: %s\n", url.error().describe().c_str());
        return 1;
    }
    std::string etag;
    long sent = 0;
    auto next_refresh = std::chrono::steady_clock::now();
    while (!g_stop) {
        const auto start = std::chrono::steady_clock::now();
        if (start >= next_refresh) {
            auto got = s3.get_object(bucket, key, {etag});
            if (got && !got->not_modified) etag = got->etag;
            next_refresh = start + std::chrono::seconds(refresh);
        }
        const std::string body = "NOT-AWS,bare-sender,PING," + std::to_string(std::time(nullptr));
        if (sqs.send_message(*url, body)) ++sent;
        while (!g_stop && std::chrono::steady_clock::now() < start + std::chrono::seconds(interval)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }
    std::printf("bare-sender: %ld message(s) sent\n", sent);
    return 0;
}
