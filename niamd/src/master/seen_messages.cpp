#include "master/seen_messages.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "text/ascii_case.hpp"

namespace niamd::master {

namespace {

constexpr std::size_t kFirstCapacity = 1024;

// 8-4-4-4-12 hex digits; false for anything else.
bool parse_uuid(std::string_view id, std::array<unsigned char, 16>& bytes) noexcept {
    if (id.size() != 36) return false;
    std::size_t out = 0;
    int pending = -1;
    for (std::size_t i = 0; i < id.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (id[i] != '-') return false;
            continue;
        }
        const int value = text::hex_digit_value(id[i]);
        if (value < 0) return false;
        if (pending < 0) {
            pending = value;
        } else {
            bytes[out++] = static_cast<unsigned char>(pending << 4 | value);
            pending = -1;
        }
    }
    return out == bytes.size();
}

std::uint64_t load64(const unsigned char* bytes) noexcept {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = value << 8 | bytes[i];
    return value;
}

std::uint64_t mix(std::uint64_t x) noexcept {  // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

}  // namespace

SeenMessages::Key SeenMessages::key_of(std::string_view id) {
    std::array<unsigned char, 16> bytes{};
    if (!parse_uuid(id, bytes)) {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int length = 0;
        if (EVP_Digest(id.data(), id.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 || length < 16) {
            // Not expected; the bytes of the id then, which still tell most ids apart.
            std::memcpy(bytes.data(), id.data(), std::min(id.size(), bytes.size()));
        } else {
            std::memcpy(bytes.data(), digest.data(), bytes.size());
        }
    }
    return Key{load64(bytes.data()), load64(bytes.data() + 8)};
}

SeenMessages::SeenMessages(std::size_t capacity)
    : max_(std::bit_ceil(std::max(capacity, kFirstCapacity))),
      ring_(std::min(max_, kFirstCapacity)),
      table_(ring_.size() * 2, 0) {}

std::size_t SeenMessages::home(const Key& key) const noexcept {
    return static_cast<std::size_t>(mix(key.high ^ mix(key.low))) & (table_.size() - 1);
}

std::uint32_t SeenMessages::find(const Key& key) const {
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = home(key);; i = (i + 1) & mask) {
        const std::uint32_t slot = table_[i];
        if (slot == 0) return kNone;
        if (ring_[slot - 1].key == key) return slot - 1;
    }
}

SeenMessages::Seen SeenMessages::insert(std::string_view id, std::int64_t now, bool left_for_dead_letters) {
    const Key key = key_of(id);
    if (const std::uint32_t slot = find(key); slot != kNone) {
        return (ring_[slot].stamp & 1) != 0 ? Seen::LeftForDeadLetters : Seen::Applied;
    }
    if (size_ == ring_.size()) {
        if (ring_.size() < max_) {
            grow();
        } else {
            forget_oldest();
            ++forgotten_;
        }
    }
    const std::size_t slot = (head_ + size_) & (ring_.size() - 1);
    ring_[slot] = Entry{key, now * 2 + (left_for_dead_letters ? 1 : 0)};
    ++size_;
    const std::size_t mask = table_.size() - 1;
    std::size_t i = home(key);
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = static_cast<std::uint32_t>(slot + 1);
    return Seen::New;
}

void SeenMessages::mark_left(std::string_view id) {
    if (const std::uint32_t slot = find(key_of(id)); slot != kNone) ring_[slot].stamp |= 1;
}

void SeenMessages::expire(std::int64_t before) {
    while (size_ > 0 && (ring_[head_].stamp >> 1) < before) forget_oldest();
}

void SeenMessages::forget_oldest() {
    // Take the head's slot out of the table, then shift back what probed past it.
    const std::size_t mask = table_.size() - 1;
    const auto wanted = static_cast<std::uint32_t>(head_ + 1);
    std::size_t hole = home(ring_[head_].key);
    while (table_[hole] != wanted) hole = (hole + 1) & mask;
    for (std::size_t next = (hole + 1) & mask; table_[next] != 0; next = (next + 1) & mask) {
        const std::size_t want = home(ring_[table_[next] - 1].key);
        // The entry at `next` may move back to `hole` unless its home lies after the hole
        // (cyclically, in (hole, next]).
        const bool stays = hole <= next ? (want > hole && want <= next) : (want > hole || want <= next);
        if (stays) continue;
        table_[hole] = table_[next];
        hole = next;
    }
    table_[hole] = 0;
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
}

void SeenMessages::grow() {
    std::vector<Entry> ring(ring_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) ring[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_ = std::move(ring);
    head_ = 0;
    rebuild_table();
}

void SeenMessages::rebuild_table() {
    table_.assign(ring_.size() * 2, 0);
    const std::size_t mask = table_.size() - 1;
    for (std::size_t n = 0; n < size_; ++n) {
        const std::size_t slot = (head_ + n) & (ring_.size() - 1);
        std::size_t i = home(ring_[slot].key);
        while (table_[i] != 0) i = (i + 1) & mask;
        table_[i] = static_cast<std::uint32_t>(slot + 1);
    }
}

}  // namespace niamd::master
