// The SigV4 test suite, data-driven: every case folder under tests/data/sigv4 is run
// (adding a case is adding a folder). See tests/data/sigv4/README.md for the formats.
// v4a/ (SigV4a, ECDSA) is not implemented and not copied.
#include <catch2/catch.hpp>

#include <awsrest/request.hpp>
#include <awsrest/signer.hpp>

#include <rapidjson/document.h>

#include <iostream>
#include <map>

#include "signer/suite_support.hpp"

using namespace awsrest;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kAccessKey = "AKIDEXAMPLE";
constexpr std::string_view kSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

Credentials credentials(std::string_view access_key, std::string_view secret, std::string_view token = {}) {
    Credentials out;
    out.access_key_id = std::string(access_key);
    out.secret_access_key = std::string(secret);
    out.session_token = std::string(token);
    out.source = "test suite";
    return out;
}

rapidjson::Document read_json(const fs::path& path) {
    rapidjson::Document document;
    const std::string text = suite::read_file(path);
    document.Parse(text.c_str(), text.size());
    if (document.HasParseError() || !document.IsObject()) throw std::runtime_error("bad JSON in " + path.string());
    return document;
}

std::string member(const rapidjson::Value& object, const char* name) {
    if (!object.HasMember(name) || !object[name].IsString()) return {};
    return std::string(object[name].GetString(), object[name].GetStringLength());
}

bool flag(const rapidjson::Value& object, const char* name) {
    return object.HasMember(name) && object[name].IsBool() && object[name].GetBool();
}

// Every stage on its own, fed the expected output of the stage before, and then sign()
// end to end. True when all matched.
struct Expected {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signature;
};

bool check_stages(const Request& input, const SigningParams& params, const Expected& expected) {
    bool ok = true;
    Request prepared = input;
    add_signing_fields(prepared, params);
    auto canonical = canonical_request(prepared, params);
    REQUIRE(canonical);
    CHECK(*canonical == expected.canonical_request);
    ok = ok && *canonical == expected.canonical_request;
    const std::string to_sign = string_to_sign(expected.canonical_request, params);
    CHECK(to_sign == expected.string_to_sign);
    ok = ok && to_sign == expected.string_to_sign;
    const std::string signed_value = signature(expected.string_to_sign, params);
    CHECK(signed_value == expected.signature);
    ok = ok && signed_value == expected.signature;
    return ok;
}

// sign() end to end; returns the signed request through `request`.
bool check_sign(Request& request, const SigningParams& params, const Expected& expected, SigningResult& result) {
    auto signed_result = sign(request, params);
    REQUIRE(signed_result);
    result = *signed_result;
    CHECK(result.canonical_request == expected.canonical_request);
    CHECK(result.string_to_sign == expected.string_to_sign);
    CHECK(result.signature == expected.signature);
    return result.canonical_request == expected.canonical_request && result.string_to_sign == expected.string_to_sign &&
           result.signature == expected.signature;
}

void report(std::string_view folder, int passed, int found) {
    std::cout << "sigv4 suite " << folder << ": " << passed << "/" << found << " cases passed\n";
}

}  // namespace

TEST_CASE("signer: v4 suite, header and query signing, every stage", "[signer][sigv4-suite]") {
    const fs::path folder = suite::root() / "v4";
    int found = 0;
    int passed = 0;
    for (const fs::path& dir : suite::sub_folders(folder)) {
        if (!fs::exists(dir / "context.json")) continue;
        ++found;
        INFO("case " << dir.string());
        const rapidjson::Document context = read_json(dir / "context.json");
        const rapidjson::Value& creds = context["credentials"];
        const Request input = suite::read_request(dir / "request.txt");

        bool case_ok = true;
        for (const SigningMode mode : {SigningMode::Header, SigningMode::Query}) {
            const std::string prefix = mode == SigningMode::Header ? "header-" : "query-";
            INFO("mode " << prefix);
            SigningParams params;
            params.credentials =
                credentials(member(creds, "access_key_id"), member(creds, "secret_access_key"), member(creds, "token"));
            params.region = member(context, "region");
            params.service = member(context, "service");
            params.time = suite::time_of(member(context, "timestamp"));
            params.mode = mode;
            params.expires = std::chrono::seconds(context["expiration_in_seconds"].GetInt());
            params.normalize_path = flag(context, "normalize");
            params.double_encode_path = true;  // as aws-c-auth's runner
            params.sign_body_header = flag(context, "sign_body");
            params.omit_session_token = flag(context, "omit_session_token");

            const Expected expected{suite::read_file(dir / (prefix + "canonical-request.txt")),
                                    suite::read_file(dir / (prefix + "string-to-sign.txt")),
                                    suite::read_file(dir / (prefix + "signature.txt"))};
            case_ok = check_stages(input, params, expected) && case_ok;

            Request request = input;
            SigningResult result;
            case_ok = check_sign(request, params, expected, result) && case_ok;
            const Request expected_request = suite::read_request(dir / (prefix + "signed-request.txt"));
            const bool query_as_set = mode == SigningMode::Query;
            CHECK(suite::comparable(request, query_as_set) == suite::comparable(expected_request, query_as_set));
            case_ok = case_ok &&
                      suite::comparable(request, query_as_set) == suite::comparable(expected_request, query_as_set);
            if (mode == SigningMode::Header) {
                CHECK(find_header(request.headers, "Authorization").value_or("") == result.authorization);
            } else {
                CHECK(result.authorization.empty());
            }
        }
        if (case_ok) ++passed;
    }
    report("v4", passed, found);
    REQUIRE(found > 0);
    CHECK(found >= 38);  // as copied; more folders are welcome
    CHECK(passed == found);
}

TEST_CASE("signer: legacy aws-sig-v4-test-suite, creq, sts and authz", "[signer][sigv4-suite]") {
    const fs::path folder = suite::root() / "legacy-aws-sig-v4-test-suite";
    std::map<std::string, int> found_in;   // sub-folder ("." for the top) -> cases
    std::map<std::string, int> passed_in;  // sub-folder -> cases that passed
    int found = 0;
    int passed = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (!entry.is_directory()) continue;
        const fs::path dir = entry.path();
        const std::string name = dir.filename().string();
        if (!fs::exists(dir / (name + ".req"))) continue;
        ++found;
        const std::string sub = fs::relative(dir.parent_path(), folder).generic_string();
        ++found_in[sub];
        INFO("case " << dir.string());
        const auto file = [&](const char* extension) { return suite::read_file(dir / (name + extension)); };
        const Request input = suite::read_request(dir / (name + ".req"));
        const Expected expected{file(".creq"), file(".sts"), ""};
        const std::string authorization = file(".authz");
        const std::string signature_field = "Signature=";
        const auto at = authorization.find(signature_field);
        REQUIRE(at != std::string::npos);

        // The suite's only parameter that varies is the session token. It is signed when
        // the canonical request has it, else added after signing; its value is in .sreq.
        const Request signed_example = suite::read_request(dir / (name + ".sreq"));
        const std::string token(find_header(signed_example.headers, "X-Amz-Security-Token").value_or(""));
        SigningParams params;
        params.credentials = credentials(kAccessKey, kSecretKey, token);
        params.region = "us-east-1";
        params.service = "service";
        params.time = suite::time_of("20150830T123600Z");
        params.omit_session_token =
            !token.empty() && expected.canonical_request.find("\nx-amz-security-token:") == std::string::npos;

        const Expected with_signature{expected.canonical_request, expected.string_to_sign,
                                      authorization.substr(at + signature_field.size())};
        bool case_ok = check_stages(input, params, with_signature);
        Request request = input;
        SigningResult result;
        case_ok = check_sign(request, params, with_signature, result) && case_ok;
        CHECK(result.authorization == authorization);
        CHECK(find_header(request.headers, "Authorization").value_or("") == authorization);
        if (params.omit_session_token) {
            CHECK(find_header(request.headers, "X-Amz-Security-Token").value_or("") == token);
        }
        if (case_ok && result.authorization == authorization) {
            ++passed;
            ++passed_in[sub];
        }
    }
    for (const auto& [sub, count] : found_in) report("legacy-aws-sig-v4-test-suite/" + sub, passed_in[sub], count);
    report("legacy-aws-sig-v4-test-suite (all)", passed, found);
    REQUIRE(found > 0);
    CHECK(found_in["."] >= 1);
    CHECK(found_in["normalize-path"] >= 1);  // guards against a walk that skips sub-folders
    CHECK(found_in["post-sts-token"] >= 1);
    CHECK(found >= 34);
    CHECK(passed == found);
}

namespace {

// v4-extra-smithy-rs has no context.json: the parameters, from the suite's README, are
// here, one entry per case folder. A folder without an entry fails the test.
struct SmithyCase {
    std::string time;
    std::string region;
    std::string service;
    bool full_stages;  // string to sign and Authorization are authoritative too
    // For double-encode-path, the signed request was made with other credentials and time.
    std::string signed_access_key, signed_secret, signed_time, signed_region, signed_service;
};

const std::map<std::string, SmithyCase>& smithy_cases() {
    static const std::map<std::string, SmithyCase> cases = {
        {"double-url-encode", {"20210511T154045Z", "us-east-2", "lambda", true, "", "", "", "", ""}},
        {"double-encode-path",
         {"20210511T154045Z", "us-east-1", "service", false, "ANOTREAL", "notrealrnrELgWzOk3IfjzDKtFBhDby",
          "20150830T123600Z", "us-east-1", "service"}},
    };
    return cases;
}

}  // namespace

TEST_CASE("signer: smithy-rs double-encoding cases", "[signer][sigv4-suite]") {
    const fs::path folder = suite::root() / "v4-extra-smithy-rs";
    int found = 0;
    int passed = 0;
    for (const fs::path& dir : suite::sub_folders(folder)) {
        ++found;
        const std::string name = dir.filename().string();
        INFO("case " << dir.string());
        const auto known = smithy_cases().find(name);
        if (known == smithy_cases().end()) {
            FAIL("no parameters for smithy case " << name << ": add them to smithy_cases()");
            continue;
        }
        const SmithyCase& c = known->second;
        const Request input = suite::read_request(dir / "request.txt");
        const std::string expected_canonical = suite::read_file(dir / "header-canonical-request.txt");

        SigningParams params;
        params.credentials = credentials(kAccessKey, kSecretKey);
        params.region = c.region;
        params.service = c.service;
        params.time = suite::time_of(c.time);
        Request request = input;
        auto result = sign(request, params);
        REQUIRE(result);
        CHECK(result->canonical_request == expected_canonical);
        bool case_ok = result->canonical_request == expected_canonical;

        const Request expected_signed = suite::read_request(dir / "header-signed-request.txt");
        if (c.full_stages) {
            // This file alone ends with a newline, unlike the v4 suite's.
            const std::string expected_sts =
                suite::without_trailing_newline(suite::read_file(dir / "header-string-to-sign.txt"));
            CHECK(result->string_to_sign == expected_sts);
            CHECK(suite::comparable(request, false) == suite::comparable(expected_signed, false));
            case_ok = case_ok && result->string_to_sign == expected_sts &&
                      suite::comparable(request, false) == suite::comparable(expected_signed, false);
        } else {
            SigningParams other = params;
            other.credentials = credentials(c.signed_access_key, c.signed_secret);
            other.time = suite::time_of(c.signed_time);
            other.region = c.signed_region;
            other.service = c.signed_service;
            Request again = input;
            auto signed_again = sign(again, other);
            REQUIRE(signed_again);
            CHECK(suite::comparable(again, false) == suite::comparable(expected_signed, false));
            case_ok = case_ok && suite::comparable(again, false) == suite::comparable(expected_signed, false);
        }
        if (case_ok) ++passed;
    }
    report("v4-extra-smithy-rs", passed, found);
    REQUIRE(found > 0);
    CHECK(passed == found);
}

TEST_CASE("signer: S3 API Reference examples, S3 rules, presigned GET and aws-chunked", "[signer][sigv4-suite]") {
    const fs::path path = suite::root() / "s3-doc-examples" / "s3-doc-examples.json";
    const rapidjson::Document doc = read_json(path);
    const rapidjson::Value& creds = doc["credentials"];
    const auto base_params = [&] {
        return SigningParams::s3(credentials(member(creds, "access_key_id"), member(creds, "secret_access_key")),
                                 member(doc, "region"), suite::time_of(member(doc, "timestamp")));
    };
    const auto request_of = [](const rapidjson::Value& c) {
        Request request;
        request.method = member(c, "method");
        request.path = member(c, "path");
        request.query = member(c, "query");
        request.body = member(c, "body");
        request.headers.push_back({"Host", member(c, "host")});
        if (c.HasMember("headers")) {
            for (const auto& header : c["headers"].GetObject()) {
                request.headers.push_back({header.name.GetString(), header.value.GetString()});
            }
        }
        return request;
    };

    int found = 0;
    int passed = 0;
    for (const auto& c : doc["cases"].GetArray()) {
        ++found;
        INFO("case " << member(c, "name"));
        SigningParams params = base_params();
        CHECK(params.service == member(doc, "service"));
        if (c.HasMember("expires_in_seconds")) {
            params.mode = SigningMode::Query;
            params.expires = std::chrono::seconds(c["expires_in_seconds"].GetInt());
            params.payload_hash = std::string(kUnsignedPayload);
        }
        Request request = request_of(c);
        auto result = sign(request, params);
        REQUIRE(result);
        CHECK(result->canonical_request == member(c, "canonical_request"));
        CHECK(result->signature == member(c, "signature"));
        CHECK(result->credential_scope == member(doc, "credential_scope"));
        if (params.mode == SigningMode::Query) {
            CHECK(request.query.find("X-Amz-Signature=" + member(c, "signature")) != std::string::npos);
        }
        if (result->canonical_request == member(c, "canonical_request") &&
            result->signature == member(c, "signature")) {
            ++passed;
        }
    }
    report("s3-doc-examples (requests)", passed, found);
    REQUIRE(found > 0);
    CHECK(passed == found);

    const rapidjson::Value& streaming = doc["streaming_chunked_upload"];
    SigningParams params = base_params();
    params.payload_hash = std::string(kStreamingPayload);
    Request request = request_of(streaming);
    auto result = sign(request, params);
    REQUIRE(result);
    CHECK(result->canonical_request == member(streaming, "canonical_request"));
    CHECK(result->signature == member(streaming, "seed_signature"));

    ChunkSigner chunks(params, result->signature);
    std::uint64_t wire_bytes = 0;
    int chunk_count = 0;
    int chunk_passed = 0;
    for (const auto& chunk : streaming["chunks"].GetArray()) {
        ++chunk_count;
        const std::string data(static_cast<std::size_t>(chunk["size"].GetInt()),
                               member(chunk, "byte").empty() ? '\0' : member(chunk, "byte")[0]);
        const std::string framed = chunks.encode_chunk(data);
        const std::string prefix = [&] {
            std::ostringstream hex;
            hex << std::hex << data.size() << ";chunk-signature=" << member(chunk, "signature") << "\r\n";
            return hex.str();
        }();
        CHECK(framed == prefix + data + "\r\n");
        if (framed == prefix + data + "\r\n") ++chunk_passed;
        wire_bytes += framed.size();
    }
    CHECK(chunk_count == 3);
    CHECK(chunk_passed == chunk_count);
    const std::uint64_t content_length =
        std::stoull(std::string(find_header(request.headers, "Content-Length").value()));
    CHECK(wire_bytes == content_length);
    CHECK(aws_chunked_content_length(66560, 65536) == content_length);
    report("s3-doc-examples (aws-chunked: seed + chunk signatures)", chunk_passed, chunk_count);
}
