// Signing key derivation and the bounded, thread-safe cache of derived keys.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "signer/signing_key.hpp"

namespace awsrest {

namespace signer_detail {

SigningKeyCache::Key derive_signing_key(std::string_view secret_access_key, std::string_view day,
                                        std::string_view region, std::string_view service) {
    std::string secret;
    secret.reserve(4 + secret_access_key.size());
    secret += "AWS4";
    secret += secret_access_key;
    crypto::Sha256Digest key = crypto::hmac_sha256(secret, day);
    crypto::cleanse(secret.data(), secret.size());
    key = crypto::hmac_sha256(key, region);
    key = crypto::hmac_sha256(key, service);
    key = crypto::hmac_sha256(key, "aws4_request");
    return key;
}

SigningKeyCache::Key signing_key_for(const Credentials& credentials, std::string_view day, std::string_view region,
                                     std::string_view service, SigningKeyCache* cache) {
    if (cache != nullptr) return cache->signing_key(credentials, day, region, service);
    return derive_signing_key(credentials.secret_access_key, day, region, service);
}

crypto::Sha256Digest signing_mac(const Credentials& credentials, std::string_view day, std::string_view region,
                                 std::string_view service, SigningKeyCache* cache, std::string_view data) {
    if (cache != nullptr) {
        return SigningKeyCacheAccess::mac(*cache, credentials, day, region, service, data);
    }
    SigningKeyCache::Key key = derive_signing_key(credentials.secret_access_key, day, region, service);
    const crypto::Sha256Digest mac = crypto::hmac_sha256(crypto::Bytes(key), data);
    crypto::cleanse(key.data(), key.size());
    return mac;
}

}  // namespace signer_detail

namespace {

// The sizes of the first three parts, then the four parts: no two scopes share an id,
// whatever bytes they hold.
void scope_id(std::string& id, std::string_view day, std::string_view region, std::string_view service,
              std::string_view access_key_id) {
    id.clear();
    for (const std::string_view part : {day, region, service}) {
        const std::uint32_t size = static_cast<std::uint32_t>(std::min<std::size_t>(part.size(), UINT32_MAX));
        id.append(reinterpret_cast<const char*>(&size), sizeof size);
    }
    for (const std::string_view part : {day, region, service, access_key_id}) id += part;
}

}  // namespace

struct SigningKeyCache::Impl {
    struct Entry {
        std::string id;      // scope_id() of day, region, service and access key id
        std::string secret;  // the key was derived from this one; compared in constant time
        Key key;
        crypto::HmacSha256Key prepared;

        bool derived_from(std::string_view secret_access_key) const noexcept {
            return crypto::equal_constant_time(crypto::as_bytes(secret), crypto::as_bytes(secret_access_key));
        }
        void cleanse() {
            crypto::cleanse(key.data(), key.size());
            crypto::cleanse(secret.data(), secret.size());
        }
    };

    explicit Impl(std::size_t limit) : capacity(limit) {}
    ~Impl() {
        for (Entry& entry : recent) entry.cleanse();
    }

    // The entry for these credentials and scope, derived now when missing or when it was
    // derived from another secret; the most recently used one from then on. Called locked.
    const Entry& find_or_derive(const Credentials& credentials, std::string_view day, std::string_view region,
                                std::string_view service, std::unique_lock<std::mutex>& lock);

    const std::size_t capacity;
    std::atomic<std::size_t> derived{0};
    std::mutex mutex;
    std::list<Entry> recent;                                                 // most recently used first
    std::unordered_map<std::string_view, std::list<Entry>::iterator> by_id;  // views into `recent`
};

const SigningKeyCache::Impl::Entry& SigningKeyCache::Impl::find_or_derive(const Credentials& credentials,
                                                                          std::string_view day, std::string_view region,
                                                                          std::string_view service,
                                                                          std::unique_lock<std::mutex>& lock) {
    // The id is built in a per-thread buffer so that a hit allocates nothing.
    thread_local std::string id;
    scope_id(id, day, region, service, credentials.access_key_id);

    // Signing again with the same key, the usual case, needs no map lookup.
    lock.lock();
    if (!recent.empty() && recent.front().id == id && recent.front().derived_from(credentials.secret_access_key)) {
        return recent.front();
    }
    auto found = by_id.find(std::string_view(id));
    if (found != by_id.end() && found->second->derived_from(credentials.secret_access_key)) {
        recent.splice(recent.begin(), recent, found->second);
        return *found->second;
    }
    lock.unlock();

    // Derived unlocked: other threads keep signing meanwhile.
    const Key key = signer_detail::derive_signing_key(credentials.secret_access_key, day, region, service);
    derived.fetch_add(1, std::memory_order_relaxed);
    const crypto::HmacSha256Key prepared(key);

    lock.lock();
    found = by_id.find(std::string_view(id));
    if (found != by_id.end()) {
        // Another secret for the same access key (rotated), or another thread was first.
        Entry& entry = *found->second;
        entry.cleanse();
        entry.secret = credentials.secret_access_key;
        entry.key = key;
        entry.prepared = prepared;
        recent.splice(recent.begin(), recent, found->second);
        return entry;
    }
    if (recent.size() >= capacity) {
        Entry& oldest = recent.back();
        by_id.erase(std::string_view(oldest.id));
        oldest.cleanse();
        recent.pop_back();
    }
    recent.push_front(Entry{id, credentials.secret_access_key, key, prepared});
    by_id.emplace(std::string_view(recent.front().id), recent.begin());
    return recent.front();
}

SigningKeyCache::SigningKeyCache(std::size_t capacity) : impl_(std::make_unique<Impl>(capacity)) {}

SigningKeyCache::~SigningKeyCache() = default;

SigningKeyCache::Key SigningKeyCache::signing_key(const Credentials& credentials, std::string_view day,
                                                  std::string_view region, std::string_view service) {
    if (impl_->capacity == 0) {
        impl_->derived.fetch_add(1, std::memory_order_relaxed);
        return signer_detail::derive_signing_key(credentials.secret_access_key, day, region, service);
    }
    std::unique_lock<std::mutex> lock(impl_->mutex, std::defer_lock);
    return impl_->find_or_derive(credentials, day, region, service, lock).key;
}

crypto::Sha256Digest SigningKeyCacheAccess::mac(SigningKeyCache& cache, const Credentials& credentials,
                                                std::string_view day, std::string_view region, std::string_view service,
                                                std::string_view data) {
    if (cache.impl_->capacity == 0) {
        cache.impl_->derived.fetch_add(1, std::memory_order_relaxed);
        return signer_detail::signing_mac(credentials, day, region, service, nullptr, data);
    }
    std::unique_lock<std::mutex> lock(cache.impl_->mutex, std::defer_lock);
    return cache.impl_->find_or_derive(credentials, day, region, service, lock).prepared.mac(data);
}

std::size_t SigningKeyCache::size() const {
    const std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->recent.size();
}

std::size_t SigningKeyCache::capacity() const { return impl_->capacity; }

std::size_t SigningKeyCacheAccess::derived_count(const SigningKeyCache& cache) {
    return cache.impl_->derived.load(std::memory_order_relaxed);
}

}  // namespace awsrest
