// The host list at fleet size: /api/hosts a page at a time (filtered, sorted, with a keyset
// cursor and `since` a snapshot number) and /api/summary (docs/api.md).
//
//   HostPages pages(first_number);                       // one per web server
//   auto index = pages.index(board.latest(), now);       // shared while (snapshot, now) hold
//   auto query = parse_host_query(texts);                // 400 on error
//   std::string body = host_page_json(*index, *query);
//
// An index numbers what it shows: a new number whenever the snapshot or the second changes.
// Each host carries the number at which its row (every field but seen_ago and purge_in, which
// follow from now) last changed, found by comparing the new snapshot with the one indexed
// before, so `since=N` answers unchanged rows with a stub, at the cost of the page only.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <awsrest/result.hpp>

#include "master/master_snapshot.hpp"
#include "web/host_state.hpp"

namespace niamd::web {

inline constexpr std::size_t kHostPageDefault = 200;
inline constexpr std::size_t kHostPageMax = 1000;
inline constexpr std::size_t kHostSearchMaxChars = 256;
inline constexpr std::size_t kHostCursorMaxChars = 2048;

enum class HostSort {
    State,     // worst state first (PURGE_SOON, MISSING, INSTANCE_GONE, CHECK_FAILING, OK), then by name
    Name,      // hostname, then instance
    LastSeen,  // oldest heartbeat first, then by name
};

// Where a page starts: after the row with this sort key.
struct HostCursor {
    HostSort sort = HostSort::State;
    std::int64_t number = 0;  // State: the state's rank; LastSeen: last_ping; Name: 0
    store::HostKey key;
};

struct HostQuery {
    unsigned states = 0;  // bit (1 << rank) per state wanted; 0: every state
    std::string q;        // ASCII case-insensitive substring of hostname or instance; empty: all
    HostSort sort = HostSort::State;
    std::size_t limit = kHostPageDefault;
    std::optional<HostCursor> after;
    std::optional<std::uint64_t> since;  // a snapshot number from an earlier answer
};

// The query parameters as sent (absent: nullopt).
struct HostQueryText {
    std::optional<std::string> state{}, q{}, sort{}, limit{}, cursor{}, since{};
};

// Strict: an error's message names the parameter (answered 400).
awsrest::Result<HostQuery> parse_host_query(const HostQueryText& text);

// The opaque cursor text (URL-safe base64) and back; nullopt for text this never made.
std::string encode_cursor(const HostCursor& cursor);
std::optional<HostCursor> decode_cursor(std::string_view text);

int state_rank(HostState state) noexcept;  // its place in kAllHostStates

struct IndexedHost {
    const master::HostView* view = nullptr;
    HostState state = HostState::Ok;
    std::uint64_t changed_at = 0;  // the index number at which its row last changed
};

struct HostIndex {
    std::shared_ptr<const master::MasterSnapshot> snapshot;
    std::int64_t now = 0;
    std::uint64_t number = 0;
    std::uint64_t first_number = 0;       // `since` must be above it (this server numbers from first_number + 1)
    std::vector<IndexedHost> hosts;       // in the snapshot's order (hostname, instance)
    std::vector<std::uint32_t> by_state;  // positions in `hosts`, worst state first, then by name
    std::array<std::size_t, std::size(kAllHostStates)> counts{};  // by rank

    // Positions ordered by (last_ping, hostname, instance): built on first use.
    const std::vector<std::uint32_t>& by_last_seen() const;

  private:
    mutable std::once_flag last_seen_once_;
    mutable std::vector<std::uint32_t> by_last_seen_;
};

// Builds indexes and keeps the latest; thread-safe.
class HostPages {
  public:
    // Numbers start after `first_number`; give a value above any an earlier run gave (e.g.
    // the start time in seconds times 1000), so a client's `since` from before a restart
    // is never taken for one of this run.
    explicit HostPages(std::uint64_t first_number) : next_number_(first_number + 1), first_number_(first_number) {}

    std::shared_ptr<const HostIndex> index(std::shared_ptr<const master::MasterSnapshot> snapshot, std::int64_t now);

  private:
    std::mutex mutex_;
    std::shared_ptr<const HostIndex> latest_;
    std::uint64_t next_number_;
    std::uint64_t first_number_;
};

// Whether the rows /api/hosts shows for a and b are the same (but seen_ago and purge_in).
bool same_row(const master::HostView& a, const master::HostView& b) noexcept;

// GET /api/hosts
std::string host_page_json(const HostIndex& index, const HostQuery& query);

// GET /api/summary
std::string summary_json(const HostIndex& index);

}  // namespace niamd::web
