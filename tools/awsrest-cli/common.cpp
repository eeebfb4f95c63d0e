#include "common.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace cli {

namespace {

// A raw request larger than this is refused rather than read into memory.
constexpr std::size_t kMaxRequestFileBytes = 64 * 1024 * 1024;

awsrest::Result<std::string> read_all(std::istream& in, const std::string& source, std::size_t max_bytes) {
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       source + ": larger than " + std::to_string(max_bytes) + " bytes");
        }
    }
    if (in.bad()) return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, source + ": read failed");
    return text;
}

}  // namespace

std::vector<OptionSpec> credential_options() {
    return {{"access-key"}, {"secret-key"}, {"session-token"}, {"profile"}};
}

std::vector<OptionSpec> signing_rule_options() {
    return {{"sign-body", false}, {"no-normalize", false}, {"omit-session-token", false}, {"s3", false}};
}

awsrest::Result<awsrest::Request> read_request(const Arguments& args) {
    if (args.operands().size() > 1) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "expected at most one FILE");
    }
    const std::string source = args.operands().empty() ? "-" : args.operands().front();
    auto text = read_input(source, kMaxRequestFileBytes);
    if (!text) return std::move(text).error();
    return awsrest::parse_raw_request(*text, source == "-" ? "<stdin>" : source);
}

awsrest::Result<std::string> read_input(const std::string& source, std::size_t max_bytes) {
    if (source == "-") return read_all(std::cin, "<stdin>", max_bytes);
    std::ifstream file(source, std::ios::binary);
    if (!file) return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, source + ": cannot open");
    return read_all(file, source, max_bytes);
}

std::unique_ptr<awsrest::CredentialsProvider> credentials_provider(const Arguments& args) {
    awsrest::CredentialsChainOptions options;
    auto access = args.value("access-key");
    auto secret = args.value("secret-key");
    if (access && secret) {
        awsrest::Credentials explicit_credentials;
        explicit_credentials.access_key_id = *access;
        explicit_credentials.secret_access_key = *secret;
        explicit_credentials.session_token = args.value_or("session-token", "");
        explicit_credentials.source = "command line";
        options.explicit_credentials = std::move(explicit_credentials);
    }
    options.profile = args.value_or("profile", "");
    return awsrest::make_default_credentials_chain(std::move(options));
}

void apply_signing_rules(const Arguments& args, awsrest::SigningParams& params) {
    if (args.flag("s3")) {
        params.normalize_path = false;
        params.double_encode_path = false;
        params.sign_body_header = true;
    }
    if (args.flag("sign-body")) params.sign_body_header = true;
    if (args.flag("no-normalize")) params.normalize_path = false;
    if (args.flag("omit-session-token")) params.omit_session_token = true;
}

int usage_error(const std::string& command, const std::string& message) {
    std::cerr << "awsrest-cli " << command << ": " << message << "\n"
              << "Try 'awsrest-cli --help'.\n";
    return kExitUsage;
}

int failure(const std::string& command, const awsrest::Error& error) {
    std::cerr << "awsrest-cli " << command << ": " << error.describe() << "\n";
    return kExitFailed;
}

}  // namespace cli
