// sign() and its stages beyond the test suite: failures, secrets, re-signing, presigning,
// dates and aws-chunked sizes.
#include <catch2/catch.hpp>

#include <awsrest/signer.hpp>

#include <thread>
#include <vector>

using namespace awsrest;

namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9+token==";

TimePoint suite_time() {
    auto time = parse_amz_date("20150830T123600Z");
    REQUIRE(time);
    return *time;
}

SigningParams suite_params() {
    SigningParams params;
    params.credentials.access_key_id = "AKIDEXAMPLE";
    params.credentials.secret_access_key = kSecret;
    params.credentials.source = "test";
    params.region = "us-east-1";
    params.service = "service";
    params.time = suite_time();
    return params;
}

Request get_vanilla() {
    Request request;
    request.method = "GET";
    request.path = "/";
    request.headers = {{"Host", "example.amazonaws.com"}};
    return request;
}

bool holds(const std::string& text, std::string_view needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("signer: sign() refuses a request without Host, leaving it unchanged", "[signer]") {
    Request request = get_vanilla();
    request.headers.clear();
    request.headers.push_back({"X-Other", "1"});
    const Request before = request;
    auto result = sign(request, suite_params());
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == ErrorKind::InvalidArgument);
    CHECK(holds(result.error().message, "Host"));
    CHECK(request.headers == before.headers);

    request.headers.push_back({"host", ""});
    auto empty_host = sign(request, suite_params());
    REQUIRE_FALSE(empty_host);
    CHECK(holds(empty_host.error().message, "Host"));
    CHECK_FALSE(canonical_request(request, suite_params()));
}

TEST_CASE("signer: sign() refuses empty or unusable credentials clearly", "[signer]") {
    SigningParams no_access_key = suite_params();
    no_access_key.credentials.access_key_id.clear();
    SigningParams no_secret = suite_params();
    no_secret.credentials.secret_access_key.clear();
    SigningParams odd_access_key = suite_params();
    odd_access_key.credentials.access_key_id = "AKID EXAMPLE";
    SigningParams no_region = suite_params();
    no_region.region.clear();
    SigningParams slash_service = suite_params();
    slash_service.service = "a/b";

    for (const auto& [params, kind, words] : {std::tuple{no_access_key, ErrorKind::Credentials, "no access key id"},
                                              std::tuple{no_secret, ErrorKind::Credentials, "no secret key"},
                                              std::tuple{odd_access_key, ErrorKind::Credentials, "access key id"},
                                              std::tuple{no_region, ErrorKind::InvalidArgument, "region"},
                                              std::tuple{slash_service, ErrorKind::InvalidArgument, "service"}}) {
        Request request = get_vanilla();
        auto result = sign(request, params);
        REQUIRE_FALSE(result);
        INFO(result.error().message);
        CHECK(result.error().kind == kind);
        CHECK(holds(result.error().message, words));
        CHECK_FALSE(holds(result.error().message, kSecret));
        CHECK(request.headers.size() == 1);
    }
    Request request = get_vanilla();
    auto result = sign(request, no_secret);
    CHECK(holds(result.error().message, "AKIDEXAMPLE"));
    CHECK(holds(result.error().message, "(from test)"));
}

TEST_CASE("signer: the secret key is never in a SigningResult or an error", "[signer]") {
    for (const SigningMode mode : {SigningMode::Header, SigningMode::Query}) {
        for (const bool omit_token : {false, true}) {
            SigningParams params = suite_params();
            params.mode = mode;
            params.credentials.session_token = kToken;
            params.omit_session_token = omit_token;
            Request request = get_vanilla();
            request.body = "body";
            auto result = sign(request, params);
            REQUIRE(result);
            for (const std::string* field :
                 {&result->canonical_request, &result->string_to_sign, &result->signature, &result->authorization,
                  &result->signed_headers, &result->credential_scope}) {
                CHECK_FALSE(holds(*field, kSecret));
            }
            CHECK_FALSE(holds(format_raw_request(request), kSecret));
        }
    }
    SigningParams expired = suite_params();
    expired.mode = SigningMode::Query;
    expired.expires = std::chrono::seconds(0);
    Request request = get_vanilla();
    auto failed = sign(request, expired);
    REQUIRE_FALSE(failed);
    CHECK_FALSE(holds(failed.error().message, kSecret));
}

TEST_CASE("signer: session token signed, or added after signing", "[signer]") {
    SECTION("header mode, signed") {
        SigningParams params = suite_params();
        params.credentials.session_token = kToken;
        Request request = get_vanilla();
        auto result = sign(request, params);
        REQUIRE(result);
        CHECK(result->signed_headers == "host;x-amz-date;x-amz-security-token");
        CHECK(find_header(request.headers, "x-amz-security-token") == std::optional<std::string_view>(kToken));
    }
    SECTION("header mode, omitted from the signature") {
        SigningParams params = suite_params();
        params.credentials.session_token = kToken;
        params.omit_session_token = true;
        Request request = get_vanilla();
        request.headers.push_back({"X-Amz-Security-Token", "stale"});
        auto result = sign(request, params);
        REQUIRE(result);
        CHECK(result->signed_headers == "host;x-amz-date");
        CHECK_FALSE(holds(result->canonical_request, "stale"));
        CHECK(find_header(request.headers, "X-Amz-Security-Token") == std::optional<std::string_view>(kToken));
    }
    SECTION("query mode, omitted: the parameter is encoded") {
        SigningParams params = suite_params();
        params.mode = SigningMode::Query;
        params.credentials.session_token = kToken;
        params.omit_session_token = true;
        Request request = get_vanilla();
        auto result = sign(request, params);
        REQUIRE(result);
        CHECK_FALSE(holds(result->canonical_request, "Security-Token"));
        CHECK(holds(request.query,
                    "&X-Amz-Security-Token=AQoDYXdzEPT%2F%2F%2F%2F%2F%2F%2F%2F%2F%2FwEXAMPLEtc764bNrC9%2Btoken%3D%3D"));
    }
    SECTION("no token: a stale token header is dropped") {
        Request request = get_vanilla();
        request.headers.push_back({"X-Amz-Security-Token", "stale"});
        auto result = sign(request, suite_params());
        REQUIRE(result);
        CHECK_FALSE(find_header(request.headers, "X-Amz-Security-Token"));
    }
}

TEST_CASE("signer: signing again replaces, never duplicates, what signing added", "[signer]") {
    SigningParams params = suite_params();
    Request request = get_vanilla();
    auto first = sign(request, params);
    REQUIRE(first);
    const Request once = request;
    auto second = sign(request, params);
    REQUIRE(second);
    CHECK(second->signature == first->signature);
    CHECK(request.headers == once.headers);
    // get-vanilla from the suite
    CHECK(first->signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

    params.mode = SigningMode::Query;
    Request presigned = get_vanilla();
    auto url_first = sign(presigned, params);
    REQUIRE(url_first);
    const std::string query = presigned.query;
    auto url_second = sign(presigned, params);
    REQUIRE(url_second);
    CHECK(presigned.query == query);
    CHECK(url_second->signature == url_first->signature);
    // get-vanilla's presigned signature from the suite
    CHECK(url_first->signature == "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d");
}

TEST_CASE("signer: presigned URL parameters and limits", "[signer]") {
    SigningParams params = suite_params();
    params.mode = SigningMode::Query;
    params.expires = std::chrono::seconds(86400);
    Request request = get_vanilla();
    request.query = "a=1&X-Amz-Date=19990101T000000Z&x-amz-signature=old";
    auto result = sign(request, params);
    REQUIRE(result);
    CHECK(result->authorization.empty());
    CHECK(request.query ==
          "a=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%"
          "2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=" +
              result->signature);
    CHECK_FALSE(find_header(request.headers, "Authorization"));

    for (const auto seconds : {0, -1, 604801}) {
        params.expires = std::chrono::seconds(seconds);
        Request again = get_vanilla();
        auto refused = sign(again, params);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().kind == ErrorKind::InvalidArgument);
        CHECK(holds(refused.error().message, "expires"));
    }
    params.expires = kMaxPresignExpires;
    Request longest = get_vanilla();
    CHECK(sign(longest, params));
}

TEST_CASE("signer: a '+' in the query is a plus, not a space", "[signer]") {
    Request request = get_vanilla();
    request.query = "q=a+b&r=a%20b";
    auto result = sign(request, suite_params());
    REQUIRE(result);
    CHECK(holds(result->canonical_request, "\nq=a%2Bb&r=a%20b\n"));
}

TEST_CASE("signer: S3 parameters", "[signer]") {
    Credentials credentials;
    credentials.access_key_id = "AKIAIOSFODNN7EXAMPLE";
    const SigningParams params = SigningParams::s3(credentials, "eu-west-1", suite_time());
    CHECK(params.service == "s3");
    CHECK(params.region == "eu-west-1");
    CHECK_FALSE(params.normalize_path);
    CHECK_FALSE(params.double_encode_path);
    CHECK(params.sign_body_header);
    CHECK(params.payload_hash.empty());
    CHECK(params.mode == SigningMode::Header);
}

TEST_CASE("signer: the signed body header and the payload hash", "[signer]") {
    SigningParams params = suite_params();
    params.sign_body_header = true;
    Request request = get_vanilla();
    request.body = "abc";
    auto result = sign(request, params);
    REQUIRE(result);
    const std::string abc_hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    CHECK(find_header(request.headers, "x-amz-content-sha256") == std::optional<std::string_view>(abc_hash));
    CHECK(result->canonical_request.substr(result->canonical_request.size() - 64) == abc_hash);

    params.payload_hash = std::string(kUnsignedPayload);
    Request unsigned_payload = get_vanilla();
    auto unsigned_result = sign(unsigned_payload, params);
    REQUIRE(unsigned_result);
    CHECK(find_header(unsigned_payload.headers, "x-amz-content-sha256") ==
          std::optional<std::string_view>(kUnsignedPayload));
    CHECK(unsigned_result->canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
}

TEST_CASE("signer: threads signing with one shared cache all get the right signature", "[signer]") {
    SigningKeyCache cache(1);
    std::vector<int> wrong(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                SigningParams params = suite_params();
                if ((i + t) % 2 == 1) params.region = "us-west-2";  // makes the cache churn
                Request request = get_vanilla();
                auto result = sign(request, params, &cache);
                if (params.region == "us-east-1" &&
                    (!result ||
                     result->signature != "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")) {
                    ++wrong[t];
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (const int count : wrong) CHECK(count == 0);
}

TEST_CASE("signer: amz_date and amz_day", "[signer][date]") {
    CHECK(amz_date(suite_time()) == "20150830T123600Z");
    CHECK(amz_day(suite_time()) == "20150830");
    CHECK(amz_date(TimePoint{}) == "19700101T000000Z");
    CHECK(amz_date(suite_time() + std::chrono::milliseconds(999)) == "20150830T123600Z");
    CHECK(amz_date(TimePoint{} + std::chrono::seconds(951782400)) == "20000229T000000Z");  // leap day
    CHECK(amz_date(TimePoint{} + std::chrono::seconds(4102444799)) == "20991231T235959Z");
}

TEST_CASE("signer: parse_amz_date accepts the compact and ISO 8601 forms", "[signer][date]") {
    const auto seconds = [](std::string_view text) {
        auto time = parse_amz_date(text);
        REQUIRE(time);
        return std::chrono::duration_cast<std::chrono::seconds>(time->time_since_epoch()).count();
    };
    CHECK(seconds("20150830T123600Z") == 1440938160);
    CHECK(seconds("2015-08-30T12:36:00Z") == 1440938160);
    CHECK(seconds("19700101T000000Z") == 0);
    CHECK(seconds("2016-02-29T23:59:59Z") == 1456790399);
    auto fraction = parse_amz_date("2015-08-30T12:36:00.250Z");
    REQUIRE(fraction);
    CHECK(*fraction - suite_time() == std::chrono::milliseconds(250));
}

TEST_CASE("signer: parse_amz_date errors say what is wrong", "[signer][date]") {
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"", "expected"},
        {"2015-08-30", "malformed"},
        {"20150830T123600", "'Z'"},
        {"20150830T123600Zjunk", "'Z'"},
        {"20150830X123600Z", "digits"},
        {"2015083OT123600Z", "digits"},
        {"20151330T000000Z", "no such day"},
        {"20150230T000000Z", "no such day"},
        {"20150830T240000Z", "time of day"},
        {"20150830T126000Z", "time of day"},
        {"2015-08-30T12:36:00+01:00", "'Z'"},
        {"2015-08-30T12:36:00.Z", "digits after '.'"},
        {"19691231T235959Z", "year"},
        {"99991231T235959Z", "year"},
    };
    for (const auto& [text, why] : rows) {
        INFO("'" << text << "'");
        auto result = parse_amz_date(text);
        REQUIRE_FALSE(result);
        CHECK(result.error().kind == ErrorKind::Parse);
        CHECK(holds(result.error().message, why));
        CHECK(holds(result.error().message, text.substr(0, 16)));
    }
    auto long_input = parse_amz_date(std::string(5000, '9'));
    REQUIRE_FALSE(long_input);
    CHECK(long_input.error().message.size() < 200);
    auto control = parse_amz_date("2015\n0830T123600Z");
    REQUIRE_FALSE(control);
    CHECK_FALSE(holds(control.error().message, "\n"));
}

TEST_CASE("signer: aws-chunked content length", "[signer][chunked]") {
    // Each chunk: hex size, ";chunk-signature=", 64 hex digits, CRLF, data, CRLF.
    CHECK(aws_chunked_content_length(0, 65536) == 1 + 17 + 64 + 2 + 2);
    CHECK(aws_chunked_content_length(1, 1) == (1 + 17 + 64 + 2 + 1 + 2) + 86);
    CHECK(aws_chunked_content_length(66560, 65536) == 66824);  // the S3 documentation's example
    CHECK(aws_chunked_content_length(65536, 65536) == (5 + 17 + 64 + 2 + 65536 + 2) + 86);
    CHECK(aws_chunked_content_length(10, 0) == 10 * (1 + 17 + 64 + 2 + 1 + 2) + 86);
    CHECK(aws_chunked_content_length(UINT64_MAX, 1) == UINT64_MAX);
}

TEST_CASE("signer: chunk signatures chain and frame", "[signer][chunked]") {
    SigningParams params = suite_params();
    ChunkSigner chain(params, "seed");
    ChunkSigner same(params, "seed");
    ChunkSigner other_seed(params, "other");
    const std::string first = chain.sign_chunk("data");
    CHECK(first.size() == 64);
    CHECK(first == same.sign_chunk("data"));
    CHECK(first != other_seed.sign_chunk("data"));
    CHECK(chain.sign_chunk("data") != first);  // chained on the previous signature
    const std::string framed = same.encode_chunk(std::string(26, 'z'));
    CHECK(framed.starts_with("1a;chunk-signature="));
    CHECK(framed.ends_with("\r\n" + std::string(26, 'z') + "\r\n"));
    CHECK(framed.size() == 2 + 17 + 64 + 2 + 26 + 2);
}
