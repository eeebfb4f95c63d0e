// The derived signing key and its bounded, thread-safe cache.
#include <catch2/catch.hpp>

#include <awsrest/signer.hpp>

#include <thread>
#include <vector>

#include "crypto/digest.hpp"
#include "signer/signing_key.hpp"

using namespace awsrest;

namespace {

Credentials example_credentials(std::string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") {
    Credentials credentials;
    credentials.access_key_id = "AKIDEXAMPLE";
    credentials.secret_access_key = std::move(secret);
    return credentials;
}

std::string hex(const SigningKeyCache::Key& key) { return crypto::to_hex(key); }

// From the AWS General Reference, "Examples of how to derive a signing key for Signature
// Version 4": secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam.
constexpr const char* kDocumentedIamKey = "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d";

}  // namespace

TEST_CASE("signer: the derived signing key is the documented one", "[signer][key-cache]") {
    SigningKeyCache cache;
    CHECK(hex(cache.signing_key(example_credentials(), "20120215", "us-east-1", "iam")) == kDocumentedIamKey);
    SigningKeyCache no_cache(0);
    CHECK(hex(no_cache.signing_key(example_credentials(), "20120215", "us-east-1", "iam")) == kDocumentedIamKey);
}

TEST_CASE("signer: a cached key is reused, not derived again", "[signer][key-cache]") {
    SigningKeyCache cache(4);
    const auto first = cache.signing_key(example_credentials(), "20120215", "us-east-1", "iam");
    const auto again = cache.signing_key(example_credentials(), "20120215", "us-east-1", "iam");
    CHECK(first == again);
    CHECK(SigningKeyCacheAccess::derived_count(cache) == 1);
    CHECK(cache.size() == 1);

    // Each part of the scope, and the access key, make another key.
    Credentials other_access_key = example_credentials();
    other_access_key.access_key_id = "AKIDOTHER";
    CHECK(cache.signing_key(example_credentials(), "20120216", "us-east-1", "iam") != first);
    CHECK(cache.signing_key(example_credentials(), "20120215", "us-west-2", "iam") != first);
    CHECK(cache.signing_key(example_credentials(), "20120215", "us-east-1", "sqs") != first);
    CHECK(hex(cache.signing_key(other_access_key, "20120215", "us-east-1", "iam")) == kDocumentedIamKey);
    CHECK(SigningKeyCacheAccess::derived_count(cache) == 5);
}

TEST_CASE("signer: the cache is bounded and drops the least recently used key", "[signer][key-cache]") {
    SigningKeyCache cache(2);
    CHECK(cache.capacity() == 2);
    const Credentials credentials = example_credentials();
    cache.signing_key(credentials, "20150830", "us-east-1", "a");  // A
    cache.signing_key(credentials, "20150830", "us-east-1", "b");  // B
    cache.signing_key(credentials, "20150830", "us-east-1", "a");  // A again: B is now the oldest
    CHECK(SigningKeyCacheAccess::derived_count(cache) == 2);
    cache.signing_key(credentials, "20150830", "us-east-1", "c");  // C: B goes
    CHECK(cache.size() == 2);
    CHECK(SigningKeyCacheAccess::derived_count(cache) == 3);
    cache.signing_key(credentials, "20150830", "us-east-1", "a");  // still there
    CHECK(SigningKeyCacheAccess::derived_count(cache) == 3);
    cache.signing_key(credentials, "20150830", "us-east-1", "b");  // was dropped
    CHECK(SigningKeyCacheAccess::derived_count(cache) == 4);
    CHECK(cache.size() == 2);
}

TEST_CASE("signer: a key derived from another secret is never handed out", "[signer][key-cache]") {
    SigningKeyCache cache;
    const auto original = cache.signing_key(example_credentials(), "20120215", "us-east-1", "iam");
    const auto rotated =
        cache.signing_key(example_credentials("rotatedSecretKeyEXAMPLE"), "20120215", "us-east-1", "iam");
    CHECK(original != rotated);
    SigningKeyCache fresh;
    CHECK(rotated == fresh.signing_key(example_credentials("rotatedSecretKeyEXAMPLE"), "20120215", "us-east-1", "iam"));
    // Back to the first secret: derived again, and right.
    CHECK(hex(cache.signing_key(example_credentials(), "20120215", "us-east-1", "iam")) == kDocumentedIamKey);
    CHECK(SigningKeyCacheAccess::derived_count(cache) == 3);
    CHECK(cache.size() == 1);
}

TEST_CASE("signer: scope parts cannot be shifted into one another", "[signer][key-cache]") {
    SigningKeyCache cache;
    const auto a = cache.signing_key(example_credentials(), "20120215", std::string("us-east-1\0x", 11), "iam");
    const auto b = cache.signing_key(example_credentials(), "20120215", "us-east-1", std::string("x\0iam", 5));
    CHECK(a != b);
    CHECK(SigningKeyCacheAccess::derived_count(cache) == 2);
}

TEST_CASE("signer: capacity 0 caches nothing", "[signer][key-cache]") {
    SigningKeyCache cache(0);
    cache.signing_key(example_credentials(), "20120215", "us-east-1", "iam");
    cache.signing_key(example_credentials(), "20120215", "us-east-1", "iam");
    CHECK(cache.size() == 0);
    CHECK(SigningKeyCacheAccess::derived_count(cache) == 2);
}

TEST_CASE("signer: the cache is shared safely between threads", "[signer][key-cache]") {
    SigningKeyCache cache(2);
    const char* services[] = {"iam", "sqs", "sns"};
    std::vector<std::string> expected;
    for (const char* service : services) {
        SigningKeyCache reference(0);
        expected.push_back(hex(reference.signing_key(example_credentials(), "20120215", "us-east-1", service)));
    }
    std::vector<int> wrong(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 300; ++i) {
                const int s = (i + t) % 3;
                if (hex(cache.signing_key(example_credentials(), "20120215", "us-east-1", services[s])) !=
                    expected[s]) {
                    ++wrong[t];
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (const int count : wrong) CHECK(count == 0);
    CHECK(cache.size() <= 2);
}
