#pragma once

namespace cli {

// Each command takes the full argv; its own arguments start at argv[2] (argv[3] for a
// command group's subcommands: "sqs send ...").
int run_sign(int argc, char** argv);
int run_send(int argc, char** argv);
int run_sqs(int argc, char** argv);
int run_s3(int argc, char** argv);
int run_sns(int argc, char** argv);
int run_cloudwatch(int argc, char** argv);
int run_logs(int argc, char** argv);
int run_ec2(int argc, char** argv);
int run_imds(int argc, char** argv);
int run_whoami(int argc, char** argv);

}  // namespace cli
