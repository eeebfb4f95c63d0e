// Instance-profile credentials over IMDSv2, against a scripted IMDS and a manual clock.
#include <catch2/catch.hpp>

#include "credentials/imds_provider.hpp"
#include "credentials_fixtures.hpp"
#include "support/scripted_http.hpp"

using credentials_test::header_of;
using credentials_test::kAccessKeyId;
using credentials_test::kSecretKey;
using credentials_test::kSessionToken;
using test_support::ManualClock;
using test_support::ScriptedHttp;

namespace {

// ManualClock starts at 2015-08-30T12:36:00Z (1440938160); the documents expire six hours
// later, 2015-08-30T18:36:00Z (1440938160 + 21600 = 1440959760).
const awsrest::TimePoint kExpiry{std::chrono::seconds{1440959760}};

std::string document(const std::string& key_id, const std::string& expiration = "2015-08-30T18:36:00Z") {
    return "{\n"
           "  \"Code\" : \"Success\",\n"
           "  \"LastUpdated\" : \"2015-08-30T12:30:00Z\",\n"
           "  \"Type\" : \"AWS-HMAC\",\n"
           "  \"AccessKeyId\" : \"" +
           key_id +
           "\",\n"
           "  \"SecretAccessKey\" : \"" +
           kSecretKey +
           "\",\n"
           "  \"Token\" : \"" +
           kSessionToken +
           "\",\n"
           "  \"Expiration\" : \"" +
           expiration +
           "\"\n"
           "}";
}

// The three answers of one full fetch.
void script_fetch(ScriptedHttp& http, const std::string& key_id = kAccessKeyId) {
    http.respond(200, "imds-session-token-1").respond(200, "web-server-role").respond(200, document(key_id));
}

// A scripted IMDS behind the library's ImdsClient, and the provider under test.
struct Imds {
    ScriptedHttp http;
    ManualClock clock;
    awsrest::ImdsClient client{http, clock};
    awsrest::ImdsCredentialsProvider provider;

    explicit Imds(std::chrono::seconds refresh_before_expiry = std::chrono::seconds{300})
        : provider(client, clock, refresh_before_expiry) {}
};

}  // namespace

TEST_CASE("credentials: IMDSv2 token, role list, then the role's credentials", "[credentials][imds]") {
    Imds imds;
    auto& http = imds.http;
    script_fetch(http);

    auto credentials = imds.provider.credentials();
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == kAccessKeyId);
    CHECK(credentials->secret_access_key == kSecretKey);
    CHECK(credentials->session_token == kSessionToken);
    REQUIRE(credentials->expiration.has_value());
    CHECK(*credentials->expiration == kExpiry);
    CHECK(credentials->source.find("IMDS role 'web-server-role'") == 0);

    REQUIRE(http.sent.size() == 3);
    for (const auto& sent : http.sent) {
        CHECK(sent.endpoint.scheme == "http");
        CHECK(sent.endpoint.host == "169.254.169.254");
        CHECK(header_of(sent.request, "Host") == std::optional<std::string>("169.254.169.254"));
    }
    const auto& token = http.sent[0].request;
    CHECK(token.method == "PUT");
    CHECK(token.path == "/latest/api/token");
    CHECK(header_of(token, "X-aws-ec2-metadata-token-ttl-seconds") == std::optional<std::string>("21600"));
    CHECK_FALSE(header_of(token, "X-aws-ec2-metadata-token").has_value());

    const auto& roles = http.sent[1].request;
    CHECK(roles.method == "GET");
    CHECK(roles.path == "/latest/meta-data/iam/security-credentials/");
    CHECK(header_of(roles, "X-aws-ec2-metadata-token") == std::optional<std::string>("imds-session-token-1"));

    const auto& role = http.sent[2].request;
    CHECK(role.method == "GET");
    CHECK(role.path == "/latest/meta-data/iam/security-credentials/web-server-role");
    CHECK(header_of(role, "X-aws-ec2-metadata-token") == std::optional<std::string>("imds-session-token-1"));
}

TEST_CASE("credentials: IMDS credentials are cached and refreshed before they expire", "[credentials][imds]") {
    Imds imds(std::chrono::seconds{300});
    auto& http = imds.http;
    auto& clock = imds.clock;
    script_fetch(http, "ASIAFIRST");
    REQUIRE(imds.provider.credentials().ok());
    REQUIRE(http.sent.size() == 3);

    // 18:00: more than five minutes left: the cached credentials, no request.
    clock.advance(std::chrono::hours{5} + std::chrono::minutes{24});
    auto cached = imds.provider.credentials();
    REQUIRE(cached.ok());
    CHECK(cached->access_key_id == "ASIAFIRST");
    CHECK(http.sent.size() == 3);

    // 18:31:01: less than five minutes left: fetched again. The token (six hours, renewed
    // a minute early, so until 18:35:00) is still good: two GETs, no PUT.
    clock.advance(std::chrono::minutes{31} + std::chrono::seconds{1});
    http.respond(200, "web-server-role").respond(200, document("ASIASECOND", "2015-08-31T00:36:00Z"));
    auto refreshed = imds.provider.credentials();
    REQUIRE(refreshed.ok());
    CHECK(refreshed->access_key_id == "ASIASECOND");
    REQUIRE(http.sent.size() == 5);
    CHECK(http.sent[3].request.method == "GET");
    CHECK(http.sent[4].request.path == "/latest/meta-data/iam/security-credentials/web-server-role");
    CHECK(header_of(http.sent[4].request, "X-aws-ec2-metadata-token") ==
          std::optional<std::string>("imds-session-token-1"));
}

TEST_CASE("credentials: an expired IMDS token is renewed", "[credentials][imds]") {
    Imds imds;
    auto& http = imds.http;
    auto& clock = imds.clock;
    http.respond(200, "token-1").respond(200, "role").respond(200, document("ASIA1"));
    REQUIRE(imds.provider.credentials().ok());

    // 18:35:00, six hours less a minute after the token was issued: the credentials are
    // in their refresh window and the token is due for renewal.
    clock.advance(std::chrono::hours{6} - std::chrono::minutes{1});
    http.respond(200, "token-2").respond(200, "role").respond(200, document("ASIA2", "2015-08-31T00:36:00Z"));
    auto credentials = imds.provider.credentials();
    REQUIRE(credentials.ok());
    CHECK(credentials->access_key_id == "ASIA2");
    REQUIRE(http.sent.size() == 6);
    CHECK(http.sent[3].request.method == "PUT");
    CHECK(header_of(http.sent[4].request, "X-aws-ec2-metadata-token") == std::optional<std::string>("token-2"));
    CHECK(header_of(http.sent[5].request, "X-aws-ec2-metadata-token") == std::optional<std::string>("token-2"));
}

TEST_CASE("credentials: IMDS answering 401 gets a new token once", "[credentials][imds]") {
    Imds imds;
    auto& http = imds.http;
    http.respond(200, "token-stale")
        .respond(401, "")
        .respond(200, "token-fresh")
        .respond(200, "role")
        .respond(200, document("ASIA1"));
    auto credentials = imds.provider.credentials();
    REQUIRE(credentials.ok());
    REQUIRE(http.sent.size() == 5);
    CHECK(http.sent[2].request.method == "PUT");
    CHECK(header_of(http.sent[3].request, "X-aws-ec2-metadata-token") == std::optional<std::string>("token-fresh"));
}

TEST_CASE("credentials: IMDS failing a refresh keeps credentials that have not expired", "[credentials][imds]") {
    Imds imds;
    auto& http = imds.http;
    auto& clock = imds.clock;
    script_fetch(http, "ASIAFIRST");
    REQUIRE(imds.provider.credentials().ok());

    clock.advance(std::chrono::hours{5} + std::chrono::minutes{58});  // 18:34: in the refresh window
    http.respond(200, "role").respond(500, "");
    auto kept = imds.provider.credentials();
    REQUIRE(kept.ok());
    CHECK(kept->access_key_id == "ASIAFIRST");

    clock.advance(std::chrono::minutes{2});  // 18:36: expired
    http.fail("connection refused");
    auto expired = imds.provider.credentials();
    REQUIRE_FALSE(expired.ok());
}

TEST_CASE("credentials: IMDS without an answer or without a role is no credentials", "[credentials][imds]") {
    Imds imds;
    auto& http = imds.http;
    SECTION("no answer to the token request: not on EC2") {
        http.fail("Connection timed out after 1000 milliseconds");
        auto outcome = imds.provider.resolve();
        CHECK(outcome.state == awsrest::SourceOutcome::State::Absent);
        CHECK(outcome.note ==
              "http://169.254.169.254 PUT /latest/api/token: "
              "Connection timed out after 1000 milliseconds");
    }
    SECTION("the token request refused") {
        http.respond(403, "");
        auto outcome = imds.provider.resolve();
        CHECK(outcome.state == awsrest::SourceOutcome::State::Absent);
        CHECK(outcome.note == "http://169.254.169.254 PUT /latest/api/token: HTTP 403");
    }
    SECTION("no instance profile") {
        http.respond(200, "token").respond(404, "");
        auto outcome = imds.provider.resolve();
        CHECK(outcome.state == awsrest::SourceOutcome::State::Absent);
        CHECK(outcome.note ==
              "no instance profile attached (HTTP 404 from "
              "http://169.254.169.254/latest/meta-data/iam/security-credentials/)");
    }
}

TEST_CASE("credentials: IMDS answering 404 for the role is a clear error", "[credentials][imds]") {
    Imds imds;
    imds.http.respond(200, "token").respond(200, "deleted-role\n").respond(404, "Not Found");
    auto credentials = imds.provider.credentials();
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().kind == awsrest::ErrorKind::Credentials);
    CHECK(credentials.error().message ==
          "IMDS role 'deleted-role' (http://169.254.169.254/latest/meta-data/iam/security-credentials/deleted-role): "
          "no credentials for this role (HTTP 404)");
}

TEST_CASE("credentials: malformed IMDS documents are parse errors naming IMDS", "[credentials][imds]") {
    struct Row {
        const char* name;
        std::string body;
        awsrest::ErrorKind kind;
        const char* says;
    };
    const Row rows[] = {
        {"not JSON", "<html>oops</html>", awsrest::ErrorKind::Parse, "not valid JSON"},
        {"cut short", "{\"AccessKeyId\": \"ASIA\", \"SecretAccessKey\": \"" + kSecretKey, awsrest::ErrorKind::Parse,
         "not valid JSON"},
        {"trailing garbage", document("ASIA") + "}", awsrest::ErrorKind::Parse, "not valid JSON"},
        {"an array", "[]", awsrest::ErrorKind::Parse, "not a JSON object"},
        {"no key id", "{\"SecretAccessKey\":\"s\",\"Token\":\"t\",\"Expiration\":\"2015-08-30T18:36:00Z\"}",
         awsrest::ErrorKind::Parse, "no AccessKeyId"},
        {"a number for the token",
         "{\"AccessKeyId\":\"a\",\"SecretAccessKey\":\"s\",\"Token\":7,\"Expiration\":\"2015-08-30T18:36:00Z\"}",
         awsrest::ErrorKind::Parse, "no Token"},
        {"a bad expiration", document("ASIA", "tomorrow"), awsrest::ErrorKind::Parse, "Expiration is not"},
        {"February 30th", document("ASIA", "2015-02-30T00:00:00Z"), awsrest::ErrorKind::Parse, "Expiration is not"},
        {"a failure code", "{\"Code\":\"AssumeRoleUnauthorizedAccess\",\"Message\":\"denied\"}",
         awsrest::ErrorKind::Credentials, "Code 'AssumeRoleUnauthorizedAccess'"},
        {"members only count at the top",
         "{\"Nested\":{\"AccessKeyId\":\"a\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
         "\"Expiration\":\"2015-08-30T18:36:00Z\"}}",
         awsrest::ErrorKind::Parse, "no AccessKeyId"},
        {"nested too deep", "{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}", awsrest::ErrorKind::Parse,
         "nested more than 16 deep"},
        {"a NUL byte", document("ASIA") + std::string(1, '\0') + "x", awsrest::ErrorKind::Parse, "a NUL byte"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        Imds imds;
        imds.http.respond(200, "token").respond(200, "role").respond(200, row.body);
        auto credentials = imds.provider.credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == row.kind);
        CHECK(credentials.error().message.find("IMDS role 'role'") == 0);
        CHECK(credentials.error().message.find(row.says) != std::string::npos);
    }
}

TEST_CASE("credentials: IMDS answers that could inject are refused", "[credentials][imds]") {
    Imds imds;
    auto& http = imds.http;
    SECTION("a token with a line break") {
        http.respond(200, "token\r\nX-Injected: 1");
        auto credentials = imds.provider.credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Parse);
        CHECK(http.sent.size() == 1);
    }
    SECTION("a role name that is a path") {
        http.respond(200, "token").respond(200, "../../user-data");
        auto credentials = imds.provider.credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Parse);
        CHECK(http.sent.size() == 2);
    }
    SECTION("an answer over the size bound") {
        http.respond(200, "token").respond(200, std::string(64 * 1024 + 1, 'r'));
        auto credentials = imds.provider.credentials();
        REQUIRE_FALSE(credentials.ok());
        CHECK(credentials.error().kind == awsrest::ErrorKind::Parse);
        CHECK(credentials.error().message.find("larger than 65536 bytes") != std::string::npos);
    }
}
