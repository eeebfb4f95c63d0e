// SigV4 signing key derivation and use. Private.
#pragma once

#include <string_view>

#include "awsrest/signer.hpp"
#include "crypto/digest.hpp"

namespace awsrest {

namespace signer_detail {

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request")
SigningKeyCache::Key derive_signing_key(std::string_view secret_access_key, std::string_view day,
                                        std::string_view region, std::string_view service);

// The signing key from the cache when there is one, else freshly derived.
SigningKeyCache::Key signing_key_for(const Credentials& credentials, std::string_view day, std::string_view region,
                                     std::string_view service, SigningKeyCache* cache);

// HMAC-SHA256 of `data` with the signing key (the cache's prepared key when there is one).
crypto::Sha256Digest signing_mac(const Credentials& credentials, std::string_view day, std::string_view region,
                                 std::string_view service, SigningKeyCache* cache, std::string_view data);

}  // namespace signer_detail

struct SigningKeyCacheAccess {
    // HMAC-SHA256 of `data` with the cached key's prepared state. It runs under the cache's
    // lock (about 0.15 us): cheaper than copying the keyed state out and cleansing the copy.
    static crypto::Sha256Digest mac(SigningKeyCache& cache, const Credentials& credentials, std::string_view day,
                                    std::string_view region, std::string_view service, std::string_view data);
    // How many keys the cache has derived so far: a hit derives none.
    static std::size_t derived_count(const SigningKeyCache& cache);
};

}  // namespace awsrest
