// SeenMessages: SQS message ids applied in the last `window` seconds, so that a message
// delivered again (its delete was lost, or the master stopped before deleting it) is
// recognised and not counted twice. Records are idempotent on their own (an old PING or
// result changes nothing), so the window only needs to cover the visibility timeout.
//
// Bounded: at most kMaxSeenMessages ids; past that the oldest is forgotten before its window
// ends, and counted (forgotten()). An id takes 24 bytes and a few table slots (about 32 bytes
// in all, 8 MiB at the bound): a UUID, which is what SQS gives, is kept as its own 16 bytes,
// any other id as the first 16 bytes of its SHA-256. Memory grows with the ids held, from 32 KiB.
// The bound covers 79 s of a 100,000-host fleet at INTERVAL 30 (3,333 messages/s), well past
// SQS's default visibility timeout of 30 s, after which a message whose delete was lost comes
// back; 13 min at 10,000 hosts, the whole hour up to about 2,000. A redelivery missed past
// it only counts its message again: its records change nothing twice (PINGs and results are
// idempotent, lines and samples are stored once).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace niamd::master {

inline constexpr std::int64_t kSeenMessagesWindow = 3600;              // seconds
inline constexpr std::size_t kMaxSeenMessages = std::size_t{1} << 18;  // 262,144 ids

class SeenMessages {
  public:
    enum class Seen { New, Applied, LeftForDeadLetters };

    // At most `capacity` ids (rounded up to a power of two, at least 1,024).
    explicit SeenMessages(std::size_t capacity = kMaxSeenMessages);

    // What was known of `id`; records it (as `left`) when new.
    Seen insert(std::string_view id, std::int64_t now, bool left_for_dead_letters = false);
    void mark_left(std::string_view id);
    bool contains(std::string_view id) const { return find(key_of(id)) != kNone; }
    // Forgets ids seen before `before`.
    void expire(std::int64_t before);
    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return max_; }
    // Ids forgotten before their window ended because kMaxSeenMessages were held.
    std::uint64_t forgotten() const noexcept { return forgotten_; }

    // The 16 bytes an id is kept as.
    struct Key {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        friend bool operator==(const Key&, const Key&) = default;
    };
    static Key key_of(std::string_view id);

  private:
    struct Entry {
        Key key;
        std::int64_t stamp = 0;  // seen at * 2, + 1 when left for the dead-letter queue
    };
    static constexpr std::uint32_t kNone = 0xffffffff;

    std::uint32_t find(const Key& key) const;  // its ring slot, or kNone
    std::size_t home(const Key& key) const noexcept;
    void grow();
    void forget_oldest();
    void rebuild_table();

    std::size_t max_;
    std::vector<Entry> ring_;           // oldest at head_, size_ of them, wrapping
    std::vector<std::uint32_t> table_;  // open addressing, twice the ring: ring slot + 1, 0 = empty
    std::size_t head_ = 0;
    std::size_t size_ = 0;
    std::uint64_t forgotten_ = 0;
};

}  // namespace niamd::master
