// awsrest-cli: a debugging tool for libawsrest. It uses the library's public API only.
#include <cstring>
#include <iostream>
#include <string_view>

#include "commands.hpp"
#include "common.hpp"

namespace {

constexpr std::string_view kUsage = R"(usage: awsrest-cli COMMAND [OPTIONS]

Commands:
  sign    print each SigV4 stage of a raw HTTP request
          --region R --service S [--time YYYYMMDDTHHMMSSZ]
          [--access-key K --secret-key S [--session-token T]] [--profile P]
          [--presign SECONDS] [--sign-body] [--no-normalize] [--omit-session-token] [--s3]
          [--print canonical-request|string-to-sign|signature|authorization|request] [FILE]
  send    sign a raw HTTP request and send it
          --region R --service S --endpoint-url URL [--debug] [--ca-bundle FILE]
          [credential and signing options as for sign] [FILE]

  sqs create-queue --queue NAME [--attribute NAME=VALUE]...
  sqs send         QUEUE (--body TEXT | --body-file FILE) [--delay-seconds S]
                   [--message-group-id G] [--message-deduplication-id D]
  sqs send-batch   QUEUE [--message-group-id G] [FILE]   one message per line, 10 a call
  sqs receive      QUEUE [--max N] [--wait S] [--visibility S] [--attributes All|A,B]
  sqs delete       QUEUE --receipt-handle H
  sqs attributes   QUEUE [--names All|A,B]
                   QUEUE is --queue-url URL or --queue NAME; every sqs command takes
                   --protocol json|query (default json)
  s3 get   s3://BUCKET/KEY [--if-none-match ETAG] [-o FILE] [--path-style]
  s3 put   FILE s3://BUCKET/KEY [--content-type T] [--metadata NAME=VALUE]... [--path-style]
  s3 ls    s3://BUCKET[/PREFIX] [--delimiter D] [--max-pages N] [--path-style]
  sns create-topic --name NAME
  sns subscribe    --topic-arn ARN --notification-endpoint QUEUE_ARN [--protocol sqs]
                   [--raw-message-delivery]
  sns publish      --topic-arn ARN (--message TEXT | --message-file FILE) [--subject S]
                   [--message-attribute NAME=VALUE]...
  cloudwatch put-metric-data --namespace NS --metric-name M [--dimension NAME=VALUE]...
                   (--value V | --values V,V... [--counts C,C...] |
                    --statistic-values SampleCount=N,Sum=N,Minimum=N,Maximum=N)
                   [--unit U] [--timestamp UNIX_SECONDS] [--storage-resolution 1|60]
  logs create-group GROUP | create-stream GROUP STREAM | describe-streams GROUP [--prefix P]
  logs put-events  GROUP STREAM [--file F|-] [--timestamp UNIX_MS]   (one event per line;
                   makes the group and stream when missing)
  logs get-events  GROUP STREAM [--limit N]
  ec2 describe-instances [--instance-id ID[,ID...]]... [--filter Name=N,Values=V[,V...]]...
                   [--max-results N]
  imds get instance-id|region|identity|PATH   (PATH: /latest/... or below /latest/meta-data/)
  whoami           the caller's account, ARN and user id (STS GetCallerIdentity)

Options of every service command: --region R, --profile P, --endpoint-url URL, --debug
(each signing stage and HTTP exchange on stderr, secrets redacted), --ca-bundle FILE,
--no-verify-ssl, --access-key K --secret-key S [--session-token T].
Service commands print their result as JSON on stdout.

FILE holds one raw HTTP/1.1 request (request line, Name:value headers, blank line, body);
without FILE, or with -, it is read from stdin. Without --access-key/--secret-key,
credentials come from the environment, the shared files, or the EC2 instance profile.

Exit status: 0 success, 1 the request or the call failed, 2 usage error.
)";

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << kUsage;
        return cli::kExitUsage;
    }
    const std::string_view command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kUsage;
        return cli::kExitOk;
    }
    if (command == "--version") {
        std::cout << "awsrest-cli 0.1.0\n";
        return cli::kExitOk;
    }
    if (command == "sign") return cli::run_sign(argc, argv);
    if (command == "send") return cli::run_send(argc, argv);
    if (command == "sqs") return cli::run_sqs(argc, argv);
    if (command == "s3") return cli::run_s3(argc, argv);
    if (command == "sns") return cli::run_sns(argc, argv);
    if (command == "cloudwatch") return cli::run_cloudwatch(argc, argv);
    if (command == "logs") return cli::run_logs(argc, argv);
    if (command == "ec2") return cli::run_ec2(argc, argv);
    if (command == "imds") return cli::run_imds(argc, argv);
    if (command == "whoami") return cli::run_whoami(argc, argv);
    return cli::usage_error(std::string(command), "unknown command");
}
