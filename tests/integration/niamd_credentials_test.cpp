// Which identity niamd acts as, against the local stack: -i USER is the only source, the
// start-up log names the source and key id, --once tells by its exit status whether the
// cycle was sent, and a session token AWS echoes in a SignatureDoesNotMatch never reaches
// the log or awsrest-cli's output.
#include <catch2/catch.hpp>

#include <awsrest/credentials.hpp>

#include <fstream>

#include <sys/stat.h>

#include "cli_runner.hpp"
#include "daemon_process.hpp"
#include "local_stack.hpp"
#include "niamd_scenario.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using scenario::DaemonProcess;
using stack::LocalStack;

namespace {

constexpr int kExitNotDelivered = 3;  // docs/niamd.md

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
    return count;
}

void write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    REQUIRE(::chmod(path.c_str(), mode) == 0);
}

// The stack's endpoints and IMDS, without its keys: what a host without configured keys sees.
std::map<std::string, std::string> environment_without_keys(const std::filesystem::path& home) {
    auto env = cli_test::stack_environment();
    env.erase("AWS_ACCESS_KEY_ID");
    env.erase("AWS_SECRET_ACCESS_KEY");
    env["HOME"] = home.string();
    return env;
}

// -f --once with a local config (PINGs only), so S3 plays no part.
std::vector<std::string> once_args(const scenario::TestQueue& queue, const std::filesystem::path& dir,
                                   std::vector<std::string> extra = {}) {
    write_file(dir / "niam.conf", "INTERVAL 30\n", 0644);
    std::vector<std::string> args = {"-f",          "--once",
                                     "-q",          queue.name(),
                                     "-h",          stack::unique_name("host"),
                                     "--config",    (dir / "niam.conf").string(),
                                     "--state-dir", (dir / "state").string(),
                                     "--log-dir",   (dir / "log").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

// What a failed check may show: the text with the secret masked by the test itself.
std::string masked(std::string text, const std::string& secret) {
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
        text.replace(at, secret.size(), "<TOKEN IN CLEAR>");
    }
    return text;
}

}  // namespace

TEST_CASE("niamd credentials: -i USER is the only source, and the log names it", "[niamd][credentials]") {
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const auto home = dir.path / "home";
    const std::string key_id = LocalStack::get().env("AWS_ACCESS_KEY_ID");
    const std::string secret = LocalStack::get().env("AWS_SECRET_ACCESS_KEY");
    write_file(home / ".awsAuth", "bob:AKIDEXAMPLE:wrong\nalice:" + key_id + ":" + secret + "\n", 0600);
    write_file(home / ".aws/credentials", "[default\ngarbage\n", 0600);  // would stop the standard chain
    auto env = environment_without_keys(home);
    env["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";  // a wrong key in the environment
    env["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-in-the-environment";
    LocalStack::get().reset_counts();

    SECTION("alice's line is used, not the environment, the shared files or the instance role") {
        DaemonProcess niamd(scenario::niamd_path(), once_args(queue, dir.path, {"-i", "alice"}), env,
                            (dir.path / "out.log").string());
        niamd.start();
        const int status = niamd.wait(30s);
        INFO(niamd.output());
        CHECK(status == 0);
        CHECK(niamd.output().find("credentials: niam auth file " + (home / ".awsAuth").string() +
                                  " (user 'alice'), access key id " + key_id) != std::string::npos);
        CHECK(niamd.output().find(secret) == std::string::npos);
        CHECK(LocalStack::get().requests("sqs", "SendMessage") == 1);
        REQUIRE_NOTHING_REJECTED();
    }
    SECTION("a user without a line stops the start with an error naming the user") {
        DaemonProcess niamd(scenario::niamd_path(), once_args(queue, dir.path, {"-i", "carol"}), env,
                            (dir.path / "out.log").string());
        niamd.start();
        const int status = niamd.wait(30s);
        INFO(niamd.output());
        CHECK(status == 1);
        CHECK(niamd.output().find("ERROR -i carol: ") != std::string::npos);
        CHECK(niamd.output().find(".awsAuth: no line for user 'carol'") != std::string::npos);
        CHECK(LocalStack::get().requests("sqs", "SendMessage") == 0);
        CHECK(LocalStack::get().requests("sqs", "CreateQueue") == 0);
    }
}

TEST_CASE("niamd credentials: --once exits non-zero when its cycle could not be sent", "[niamd][credentials]") {
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    LocalStack::get().reset_counts();

    SECTION("no credentials anywhere: told once, as an error, and the cycle is spooled") {
        auto env = environment_without_keys(dir.path / "empty-home");
        env["AWS_EC2_METADATA_DISABLED"] = "true";
        DaemonProcess niamd(scenario::niamd_path(), once_args(queue, dir.path), env, (dir.path / "out.log").string());
        niamd.start();
        const int status = niamd.wait(30s);
        INFO(niamd.output());
        CHECK(status == kExitNotDelivered);
        CHECK(count_of(niamd.output(), "ERROR no credentials, nothing can be sent until there are: ") == 1);
        CHECK(std::filesystem::exists(dir.path / "state/spool"));
        CHECK(LocalStack::get().requests("sqs", "SendMessage") == 0);
    }
    SECTION("SQS down") {
        LocalStack::get().add_fault(R"({"service":"sqs","kind":"down"})");
        DaemonProcess niamd(scenario::niamd_path(), once_args(queue, dir.path), scenario::daemon_environment(),
                            (dir.path / "out.log").string());
        niamd.start();
        const int status = niamd.wait(60s);
        LocalStack::get().clear_faults();
        INFO(niamd.output());
        CHECK(status == kExitNotDelivered);
        CHECK(std::filesystem::exists(dir.path / "state/spool"));
    }
    SECTION("the cycle sent: exit status 0") {
        DaemonProcess niamd(scenario::niamd_path(), once_args(queue, dir.path), scenario::daemon_environment(),
                            (dir.path / "out.log").string());
        niamd.start();
        CHECK(niamd.wait(30s) == 0);
        CHECK(LocalStack::get().requests("sqs", "SendMessage") == 1);
        REQUIRE_NOTHING_REJECTED();
    }
}

TEST_CASE("niamd credentials: a session token AWS echoes back is in no log line and no CLI output",
          "[niamd][credentials][redaction]") {
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    // Live session credentials from the stack's IMDS, as an EC2 instance gets them.
    awsrest::CredentialsChainOptions chain;
    chain.env = LocalStack::get().env_lookup();
    const auto without_keys = chain.env;
    chain.env = [without_keys, &dir](const std::string& name) -> std::optional<std::string> {
        if (name == "AWS_ACCESS_KEY_ID" || name == "AWS_SECRET_ACCESS_KEY") return std::nullopt;
        if (name == "HOME") return dir.path.string();
        return without_keys(name);
    };
    auto session = awsrest::make_default_credentials_chain(chain)->credentials();
    REQUIRE(session.ok());
    REQUIRE_FALSE(session->session_token.empty());
    const std::string token = session->session_token;
    // The right key id and token with a wrong secret: the verifier answers SignatureDoesNotMatch
    // with the canonical request it expected, x-amz-security-token line and all, as AWS does.
    auto env = environment_without_keys(dir.path / "home");
    env["AWS_ACCESS_KEY_ID"] = session->access_key_id;
    env["AWS_SECRET_ACCESS_KEY"] = "wrongSecretWrongSecretWrongSecretWrong000";
    env["AWS_SESSION_TOKEN"] = token;

    SECTION("niamd") {
        DaemonProcess niamd(scenario::niamd_path(), once_args(queue, dir.path), env, (dir.path / "out.log").string());
        niamd.start();
        const int status = niamd.wait(30s);
        const std::string output = niamd.output();
        INFO(masked(output, token));
        CHECK(status == kExitNotDelivered);
        CHECK(output.find("SignatureDoesNotMatch") != std::string::npos);
        CHECK(output.find("x-amz-security-token:<redacted>") != std::string::npos);
        CHECK(output.find("ERROR queue " + queue.name() + ": the credentials are refused") != std::string::npos);
        CHECK(output.find(token) == std::string::npos);
    }
    SECTION("awsrest-cli") {
        auto created =
            cli_test::run_process(AWSREST_CLI_PATH, {"sqs", "create-queue", "--queue", queue.name()}, env, "");
        INFO(masked(created.err, token));
        CHECK(created.exit_code != 0);
        CHECK(created.err.find("SignatureDoesNotMatch") != std::string::npos);
        CHECK(created.out.find(token) == std::string::npos);
        CHECK(created.err.find(token) == std::string::npos);
        auto debugged = cli_test::run_process(AWSREST_CLI_PATH,
                                              {"sqs", "create-queue", "--queue", queue.name(), "--debug"}, env, "");
        CHECK(debugged.err.find(token) == std::string::npos);
    }
    LocalStack::get().reset_counts();  // its rejections were the point: the next test starts with none
}
