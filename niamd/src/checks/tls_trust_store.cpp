#include "checks/tls_trust_store.hpp"

#include <openssl/err.h>

#include <sys/stat.h>

#include <cstdint>
#include <map>
#include <mutex>

namespace niamd::checks {

namespace {

TrustStore read_trust_store(const std::string& ca_file, std::string& error) {
    TrustStore store(X509_STORE_new());
    if (!store) {
        error = "cannot create a trust store";
        return nullptr;
    }
    ERR_clear_error();
    const int loaded = ca_file.empty() ? X509_STORE_set_default_paths(store.get())
                                       : X509_STORE_load_file(store.get(), ca_file.c_str());
    if (loaded != 1) {
        char reason[256];
        ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
        error = ca_file.empty() ? std::string("cannot load the system CA store: ") + reason
                                : "cannot read ca_file " + ca_file + ": " + reason;
        ERR_clear_error();
        return nullptr;
    }
    return store;
}

// What a ca_file was when it was read: a change of any of these reads it again.
struct FileStamp {
    bool exists = false;
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

FileStamp stamp_of(const std::string& path) {
    FileStamp stamp;
    struct stat info {};
    if (path.empty() || ::stat(path.c_str(), &info) != 0) return stamp;
    stamp.exists = true;
    stamp.device = info.st_dev;
    stamp.inode = info.st_ino;
    stamp.size = info.st_size;
    stamp.mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
    return stamp;
}

struct CachedStore {
    FileStamp stamp;
    TrustStore store;
};

std::mutex g_cache_mutex;
std::map<std::string, CachedStore> g_cache;  // ca_file ("" = the system's) → its store

}  // namespace

TrustStore load_trust_store(const std::string& ca_file, std::string& error) {
    const FileStamp stamp = stamp_of(ca_file);
    std::lock_guard lock(g_cache_mutex);
    auto found = g_cache.find(ca_file);
    if (found == g_cache.end() || !(found->second.stamp == stamp)) {
        if (found != g_cache.end()) g_cache.erase(found);
        TrustStore store = read_trust_store(ca_file, error);
        if (!store) return nullptr;  // not kept: the next check tries again
        if (g_cache.size() >= kMaxCachedTrustStores) g_cache.clear();
        found = g_cache.emplace(ca_file, CachedStore{stamp, std::move(store)}).first;
    }
    X509_STORE_up_ref(found->second.store.get());
    return TrustStore(found->second.store.get());
}

}  // namespace niamd::checks
