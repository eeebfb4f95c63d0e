// No secret key or session token ever in a message: every error path of every source is
// driven with known secret strings, and neither the message nor describe() may hold them.
#include <catch2/catch.hpp>

#include <awsrest/credentials.hpp>

#include <sstream>

#include "credentials/imds_provider.hpp"
#include "credentials/niam_auth_file.hpp"
#include "credentials/profile_file.hpp"
#include "credentials_fixtures.hpp"
#include "support/scripted_http.hpp"

using credentials_test::env_from;
using credentials_test::kAccessKeyId;
using credentials_test::kSecretKey;
using credentials_test::kSessionToken;
using credentials_test::TempDir;
using test_support::ManualClock;
using test_support::ScriptedHttp;

namespace {

void check_no_secret(const awsrest::Error& error) {
    INFO(error.describe());
    CHECK(error.message.find(kSecretKey) == std::string::npos);
    CHECK(error.message.find(kSessionToken) == std::string::npos);
    CHECK(error.describe().find(kSecretKey) == std::string::npos);
    CHECK(error.describe().find(kSessionToken) == std::string::npos);
    // Not even a recognisable piece of them.
    CHECK(error.message.find("EXAMPLEKEY") == std::string::npos);
    CHECK(error.message.find("NeverToBePrinted") == std::string::npos);
}

template <class T>
void check_failed_without_secret(const awsrest::Result<T>& result) {
    REQUIRE_FALSE(result.ok());
    check_no_secret(result.error());
}

const std::string kKeys = "aws_access_key_id = " + kAccessKeyId + "\naws_secret_access_key = " + kSecretKey +
                          "\naws_session_token = " + kSessionToken + "\n";

awsrest::Result<awsrest::Credentials> from_imds(const std::string& token, const std::string& role_list, int status,
                                                const std::string& body) {
    ScriptedHttp http;
    ManualClock clock;
    http.respond(200, token).respond(200, role_list).respond(status, body);
    awsrest::ImdsClient client(http, clock);
    awsrest::ImdsCredentialsProvider imds(client, clock);
    return imds.credentials();
}

}  // namespace

TEST_CASE("credentials: printing credentials shows no secret", "[credentials][redaction]") {
    awsrest::Credentials credentials;
    credentials.access_key_id = kAccessKeyId;
    credentials.secret_access_key = kSecretKey;
    credentials.session_token = kSessionToken;
    credentials.expiration = awsrest::TimePoint{std::chrono::seconds{1440959760}};
    credentials.source = "environment";
    std::ostringstream out;
    out << credentials;
    CHECK(out.str() ==
          "Credentials{access_key_id=AKIAIOSFODNN7EXAMPLE, secret_access_key=<redacted>, "
          "session_token=<redacted>, expiration=2015-08-30T18:36:00Z, source=environment}");

    credentials.session_token.clear();
    credentials.expiration.reset();
    std::ostringstream without_token;
    without_token << credentials;
    CHECK(without_token.str() ==
          "Credentials{access_key_id=AKIAIOSFODNN7EXAMPLE, secret_access_key=<redacted>, "
          "session_token=<none>, source=environment}");
}

TEST_CASE("credentials: redact() replaces every secret and token occurrence", "[credentials][redaction]") {
    awsrest::Credentials credentials;
    credentials.access_key_id = kAccessKeyId;
    credentials.secret_access_key = kSecretKey;
    credentials.session_token = kSessionToken;
    const std::string dump = "key " + kAccessKeyId + " secret=" + kSecretKey +
                             "\nX-Amz-Security-Token: " + kSessionToken + "\nagain " + kSecretKey + kSecretKey;
    CHECK(awsrest::redact(dump, credentials) ==
          "key AKIAIOSFODNN7EXAMPLE secret=<redacted>\n"
          "X-Amz-Security-Token: <redacted>\nagain <redacted><redacted>");

    SECTION("empty secrets change nothing") {
        awsrest::Credentials empty;
        CHECK(awsrest::redact("nothing to hide", empty) == "nothing to hide");
    }
    SECTION("a token that contains the secret is replaced whole") {
        awsrest::Credentials nested;
        nested.secret_access_key = "abc";
        nested.session_token = "xxabcxx";
        CHECK(awsrest::redact("t=xxabcxx s=abc", nested) == "t=<redacted> s=<redacted>");
    }
}

TEST_CASE("credentials: shared file errors hold no secret", "[credentials][redaction]") {
    TempDir home;
    const auto env = env_from({{"HOME", home.str()}});
    const std::vector<std::pair<const char*, std::string>> files = {
        {"a line without '='", "[default]\naws_secret_access_key " + kSecretKey + "\n"},
        {"a line without a name", "[default]\n= " + kSecretKey + "\n"},
        {"a setting before a section", "aws_secret_access_key = " + kSecretKey + "\n[default]\n"},
        {"a header without ']'", "[" + kSecretKey + "\n"},
        {"a continuation with no setting", "[default]\n  " + kSecretKey + "\n"},
        {"a bad sub-setting", "[default]\ns3 =\n  " + kSecretKey + "\n"},
        {"a secret without a key id", "[default]\naws_secret_access_key = " + kSecretKey + "\n"},
        {"a key id without a secret",
         "[default]\naws_access_key_id = " + kAccessKeyId + "\naws_session_token = " + kSessionToken + "\n"},
        {"an empty key id", "[default]\naws_access_key_id =\naws_secret_access_key = " + kSecretKey + "\n"},
        {"a role profile", "[default]\n" + kKeys + "role_arn = arn:aws:iam::1:role/r\n"},
        {"a credential process", "[default]\ncredential_process = /bin/echo " + kSecretKey + "\n"},
    };
    for (const auto& [name, content] : files) {
        INFO(name);
        home.write(".aws/credentials", content);
        check_failed_without_secret(awsrest::credentials_from_shared_files(env, ""));
    }
    SECTION("a file over the bound") {
        home.write(".aws/credentials", "[default]\n" + kKeys + std::string(1024 * 1024, '#'));
        check_failed_without_secret(awsrest::credentials_from_shared_files(env, ""));
    }
    SECTION("the parser on its own, both kinds of file") {
        for (auto kind : {awsrest::ProfileFileKind::Config, awsrest::ProfileFileKind::Credentials}) {
            check_failed_without_secret(awsrest::parse_profile_file("x " + kSecretKey, kind, "f"));
        }
    }
}

TEST_CASE("credentials: niam auth file errors hold no secret", "[credentials][redaction]") {
    TempDir home;
    const std::string good = "alice:" + kAccessKeyId + ":" + kSecretKey + "\n";
    SECTION("mode 0644") {
        check_failed_without_secret(
            awsrest::credentials_from_niam_auth_file(home.write(".awsAuth", good, 0644), "alice"));
    }
    SECTION("mode 0640") {
        check_failed_without_secret(
            awsrest::credentials_from_niam_auth_file(home.write(".awsAuth", good, 0640), "alice"));
    }
    SECTION("owned by someone else") {
        const std::string path = home.write(".awsAuth", good, 0600);
        if (::geteuid() == 0 && ::chown(path.c_str(), 65534, 65534) == 0) {
            check_failed_without_secret(awsrest::credentials_from_niam_auth_file(path, "alice"));
        }
    }
    SECTION("lines that do not parse") {
        for (const std::string& line :
             {"alice:" + kSecretKey, "alice::" + kSecretKey, ":" + kAccessKeyId + ":" + kSecretKey, kSecretKey}) {
            const std::string path = home.write(".awsAuth", good + line + "\n", 0600);
            check_failed_without_secret(awsrest::credentials_from_niam_auth_file(path, "alice"));
        }
    }
    SECTION("a user who is not there") {
        check_failed_without_secret(awsrest::credentials_from_niam_auth_file(home.write(".awsAuth", good), "bob"));
    }
}

TEST_CASE("credentials: environment errors hold no secret", "[credentials][redaction]") {
    check_failed_without_secret(awsrest::credentials_from_environment(
        env_from({{"AWS_ACCESS_KEY_ID", kAccessKeyId}, {"AWS_SESSION_TOKEN", kSessionToken}})));
    check_failed_without_secret(awsrest::credentials_from_environment(
        env_from({{"AWS_SECRET_ACCESS_KEY", kSecretKey}, {"AWS_SESSION_TOKEN", kSessionToken}})));
}

TEST_CASE("credentials: IMDS errors hold no secret or token", "[credentials][redaction]") {
    const std::string secret_fields = "\"SecretAccessKey\":\"" + kSecretKey + "\",\"Token\":\"" + kSessionToken + "\"";
    const std::vector<std::pair<const char*, std::string>> bodies = {
        {"cut short", "{" + secret_fields},
        {"trailing text", "{" + secret_fields + "} " + kSecretKey},
        {"no key id", "{" + secret_fields + ",\"Expiration\":\"2015-08-30T18:36:00Z\"}"},
        {"a bad expiration", "{\"AccessKeyId\":\"a\"," + secret_fields + ",\"Expiration\":\"" + kSecretKey + "\"}"},
        {"a failure code holding the secret", "{\"Code\":\"" + kSecretKey + "\"," + secret_fields + "}"},
        {"the secret as a key", "{\"" + kSecretKey + "\":1}"},
    };
    for (const auto& [name, body] : bodies) {
        INFO(name);
        check_failed_without_secret(from_imds("imds-token", "role", 200, body));
    }
    SECTION("a 404 for the role") { check_failed_without_secret(from_imds("imds-token", "role", 404, kSecretKey)); }
    SECTION("a 500 for the role") { check_failed_without_secret(from_imds("imds-token", "role", 500, kSecretKey)); }
    SECTION("a token that is not one") {
        check_failed_without_secret(from_imds(kSessionToken + "\n", "role", 200, "{}"));
    }
    SECTION("a role name that is not one") {
        check_failed_without_secret(from_imds("imds-token", "../" + kSecretKey, 200, "{}"));
    }
}

TEST_CASE("credentials: chain errors hold no secret", "[credentials][redaction]") {
    TempDir home;
    ScriptedHttp http;
    ManualClock clock;
    home.write(".aws/credentials", "[default]\naws_secret_access_key = " + kSecretKey + "\n");
    home.write(".awsAuth", "alice:" + kAccessKeyId + ":" + kSecretKey + "\n", 0644);
    http.respond(200, "token").respond(200, "role").respond(200, "{\"SecretAccessKey\":\"" + kSecretKey);

    auto run = [&](std::map<std::string, std::string> env, std::string user) {
        env.emplace("HOME", home.str());
        awsrest::CredentialsChainOptions options;
        options.env = env_from(std::move(env));
        options.imds_http = &http;
        options.clock = &clock;
        options.niam_user = std::move(user);
        return awsrest::make_default_credentials_chain(std::move(options))->credentials();
    };
    check_failed_without_secret(run({{"AWS_SECRET_ACCESS_KEY", kSecretKey}}, ""));  // shared file
    check_failed_without_secret(run({{"AWS_PROFILE", "other"}}, "alice"));          // .awsAuth mode
    check_failed_without_secret(run({{"AWS_PROFILE", "other"}, {"AWS_SESSION_TOKEN", kSessionToken}}, ""));  // IMDS

    awsrest::CredentialsChainOptions explicit_options;
    explicit_options.env = env_from({});
    awsrest::Credentials half;
    half.secret_access_key = kSecretKey;
    half.session_token = kSessionToken;
    explicit_options.explicit_credentials = half;
    check_failed_without_secret(awsrest::make_default_credentials_chain(std::move(explicit_options))->credentials());
}
