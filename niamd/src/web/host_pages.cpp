#include "web/host_pages.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>

#include "web/api_json.hpp"
#include "web/base64.hpp"
#include "web/json_writer.hpp"
#include "web/request_params.hpp"

namespace niamd::web {
namespace {

constexpr unsigned kEveryState = (1u << std::size(kAllHostStates)) - 1;

char sort_letter(HostSort sort) {
    switch (sort) {
        case HostSort::State: return 's';
        case HostSort::Name: return 'n';
        case HostSort::LastSeen: return 'l';
    }
    return 's';
}

std::optional<HostSort> sort_from_letter(char letter) {
    for (const HostSort sort : {HostSort::State, HostSort::Name, HostSort::LastSeen}) {
        if (sort_letter(sort) == letter) return sort;
    }
    return std::nullopt;
}

std::optional<std::int64_t> signed_number(std::string_view text) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return number;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `needle` is lower case already.
bool contains_folded(std::string_view haystack, std::string_view needle) {
    if (needle.size() > haystack.size()) return false;
    for (std::size_t at = 0; at + needle.size() <= haystack.size(); ++at) {
        std::size_t k = 0;
        while (k < needle.size() && ascii_lower(haystack[at + k]) == needle[k]) ++k;
        if (k == needle.size()) return true;
    }
    return false;
}

awsrest::Error bad(std::string message) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, std::move(message));
}

// The sort key of a row, as a cursor holds it.
HostCursor key_of(const IndexedHost& host, HostSort sort) {
    HostCursor key;
    key.sort = sort;
    key.key = host.view->host.key;
    if (sort == HostSort::State) key.number = state_rank(host.state);
    if (sort == HostSort::LastSeen) key.number = host.view->host.last_ping;
    return key;
}

// Whether the row at `host` sorts after the cursor.
bool after_cursor(const IndexedHost& host, const HostCursor& cursor) {
    std::int64_t number = 0;
    if (cursor.sort == HostSort::State) number = state_rank(host.state);
    if (cursor.sort == HostSort::LastSeen) number = host.view->host.last_ping;
    if (number != cursor.number) return number > cursor.number;
    return host.view->host.key > cursor.key;
}

bool same_check(const store::CheckStateRow& a, const store::CheckStateRow& b) {
    return a.check == b.check && a.status == b.status && a.since == b.since && a.last_time == b.last_time &&
           a.latency_ms == b.latency_ms && a.nagios_code == b.nagios_code && a.output == b.output;
}

bool same_service(const master::ServiceView& a, const master::ServiceView& b) {
    return a.service == b.service && a.registered_at == b.registered_at && a.missing == b.missing;
}

void write_snapshot_head(JsonWriter& out, const HostIndex& index) {
    const auto& snapshot = *index.snapshot;
    out.key("snapshot").value(index.number);
    out.key("now").value(index.now);
    out.key("taken_at").value(snapshot.taken_at);
    out.key("warn_after").value(snapshot.warn_after);
    out.key("purge_after").value(snapshot.purge_after);
    out.key("queue_reachable").value(snapshot.queue_reachable);
}

void write_counts(JsonWriter& out, const HostIndex& index) {
    out.begin_object();
    for (const HostState state : kAllHostStates) {
        out.key(to_string(state)).value(static_cast<std::uint64_t>(index.counts[state_rank(state)]));
    }
    out.end_object();
}

}  // namespace

int state_rank(HostState state) noexcept {
    for (std::size_t i = 0; i < std::size(kAllHostStates); ++i) {
        if (kAllHostStates[i] == state) return static_cast<int>(i);
    }
    return static_cast<int>(std::size(kAllHostStates)) - 1;
}

std::string encode_cursor(const HostCursor& cursor) {
    std::string payload(1, sort_letter(cursor.sort));
    payload += std::to_string(cursor.number) + ":" + std::to_string(cursor.key.hostname.size()) + ":" +
               cursor.key.hostname + cursor.key.instance;
    std::string text = encode_base64(payload);
    while (!text.empty() && text.back() == '=') text.pop_back();
    for (char& c : text) {
        if (c == '+') c = '-';
        if (c == '/') c = '_';
    }
    return text;
}

std::optional<HostCursor> decode_cursor(std::string_view text) {
    if (text.empty() || text.size() > kHostCursorMaxChars || text.size() % 4 == 1) return std::nullopt;
    std::string standard(text);
    for (char& c : standard) {
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
        else if (c == '+' || c == '/' || c == '=') return std::nullopt;  // only the URL-safe form is made
    }
    while (standard.size() % 4 != 0) standard += '=';
    const auto payload = decode_base64(standard);
    if (!payload || payload->empty()) return std::nullopt;
    const auto sort = sort_from_letter(payload->front());
    if (!sort) return std::nullopt;
    const std::string_view rest = std::string_view(*payload).substr(1);
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const auto second = rest.find(':', colon + 1);
    if (second == std::string_view::npos) return std::nullopt;
    const auto number = signed_number(rest.substr(0, colon));
    const auto length = signed_number(rest.substr(colon + 1, second - colon - 1));
    const std::string_view names = rest.substr(second + 1);
    if (!number || !length || *length < 0 || static_cast<std::size_t>(*length) > names.size()) return std::nullopt;
    HostCursor cursor;
    cursor.sort = *sort;
    cursor.number = *number;
    cursor.key.hostname = std::string(names.substr(0, static_cast<std::size_t>(*length)));
    cursor.key.instance = std::string(names.substr(static_cast<std::size_t>(*length)));
    // Canonical only: the text this cursor encodes to, so one position has one cursor.
    if (encode_cursor(cursor) != text) return std::nullopt;
    return cursor;
}

awsrest::Result<HostQuery> parse_host_query(const HostQueryText& text) {
    HostQuery query;
    if (text.state) {
        std::string_view rest = *text.state;
        while (true) {
            const auto comma = rest.find(',');
            const auto state = host_state_from_string(rest.substr(0, comma));
            if (!state) {
                return bad(
                    "state: expected one or more (comma-separated) of OK, CHECK_FAILING, MISSING, "
                    "PURGE_SOON, INSTANCE_GONE");
            }
            query.states |= 1u << state_rank(*state);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    if (text.q) {
        if (text.q->size() > kHostSearchMaxChars) {
            return bad("q: at most " + std::to_string(kHostSearchMaxChars) + " characters");
        }
        query.q = *text.q;
        for (char& c : query.q) c = ascii_lower(c);
    }
    if (text.sort) {
        if (*text.sort == "state") query.sort = HostSort::State;
        else if (*text.sort == "name") query.sort = HostSort::Name;
        else if (*text.sort == "last_seen") query.sort = HostSort::LastSeen;
        else return bad("sort: expected state, name or last_seen");
    }
    auto limit = parse_limit(text.limit, kHostPageDefault, kHostPageMax);
    if (!limit) return limit.error();
    query.limit = *limit;
    if (text.cursor) {
        const auto cursor = decode_cursor(*text.cursor);
        if (!cursor) return bad("cursor: not a cursor this server gave; start again without it");
        if (cursor->sort != query.sort) return bad("cursor: made for another sort; start again without it");
        query.after = *cursor;
    }
    if (text.since) {
        const auto number = signed_number(*text.since);
        if (!number || *number < 0) {
            return bad("since: expected a snapshot number from an earlier answer");
        }
        query.since = static_cast<std::uint64_t>(*number);
    }
    return query;
}

const std::vector<std::uint32_t>& HostIndex::by_last_seen() const {
    std::call_once(last_seen_once_, [this] {
        by_last_seen_.resize(hosts.size());
        std::iota(by_last_seen_.begin(), by_last_seen_.end(), 0u);
        // Positions are in name order already: a stable sort on last_ping keeps it for ties.
        std::stable_sort(by_last_seen_.begin(), by_last_seen_.end(), [this](std::uint32_t a, std::uint32_t b) {
            return hosts[a].view->host.last_ping < hosts[b].view->host.last_ping;
        });
    });
    return by_last_seen_;
}

bool same_row(const master::HostView& a, const master::HostView& b) noexcept {
    const store::HostRow& x = a.host;
    const store::HostRow& y = b.host;
    if (x.key != y.key || x.status != y.status || x.first_seen != y.first_seen || x.last_ping != y.last_ping ||
        x.status_since != y.status_since || x.detail != y.detail) {
        return false;
    }
    if (a.outbox.reported != b.outbox.reported || a.outbox.dropped != b.outbox.dropped ||
        a.outbox.records != b.outbox.records || a.outbox.bytes != b.outbox.bytes) {
        return false;
    }
    return std::equal(a.checks.begin(), a.checks.end(), b.checks.begin(), b.checks.end(), same_check) &&
           std::equal(a.services.begin(), a.services.end(), b.services.begin(), b.services.end(), same_service);
}

std::shared_ptr<const HostIndex> HostPages::index(std::shared_ptr<const master::MasterSnapshot> snapshot,
                                                  std::int64_t now) {
    std::lock_guard lock(mutex_);
    if (latest_ && latest_->snapshot == snapshot && latest_->now == now) return latest_;
    auto next = std::make_shared<HostIndex>();
    next->snapshot = std::move(snapshot);
    next->now = now;
    next->number = next_number_++;
    next->first_number = first_number_;
    const master::MasterSnapshot& taken = *next->snapshot;
    next->hosts.reserve(taken.hosts.size());
    const std::vector<IndexedHost>* before = latest_ ? &latest_->hosts : nullptr;
    const bool same_snapshot = latest_ && latest_->snapshot == next->snapshot;
    std::size_t j = 0;
    for (const auto& view : taken.hosts) {
        IndexedHost host{&view, classify(view, now, taken.purge_after), next->number};
        if (before != nullptr) {
            // Both lists are ordered by key: one walk finds the host's earlier row.
            while (j < before->size() && (*before)[j].view->host.key < view.host.key) ++j;
            if (j < before->size() && (*before)[j].view->host.key == view.host.key) {
                const IndexedHost& earlier = (*before)[j];
                if (earlier.state == host.state && (same_snapshot || same_row(*earlier.view, view))) {
                    host.changed_at = earlier.changed_at;
                }
            }
        }
        ++next->counts[state_rank(host.state)];
        next->hosts.push_back(host);
    }
    // Worst state first, each state in name order: a counting sort of the positions.
    std::array<std::size_t, std::size(kAllHostStates)> start{};
    for (std::size_t rank = 1; rank < start.size(); ++rank) start[rank] = start[rank - 1] + next->counts[rank - 1];
    next->by_state.resize(next->hosts.size());
    for (std::uint32_t i = 0; i < next->hosts.size(); ++i) {
        next->by_state[start[state_rank(next->hosts[i].state)]++] = i;
    }
    latest_ = std::move(next);
    return latest_;
}

std::string host_page_json(const HostIndex& index, const HostQuery& query) {
    const unsigned wanted = query.states == 0 ? kEveryState : query.states;
    const auto matches = [&](const IndexedHost& host) {
        if ((wanted & (1u << state_rank(host.state))) == 0) return false;
        if (query.q.empty()) return true;
        return contains_folded(host.view->host.key.hostname, query.q) ||
               contains_folded(host.view->host.key.instance, query.q);
    };
    std::size_t total = 0;
    if (query.q.empty()) {
        for (std::size_t rank = 0; rank < index.counts.size(); ++rank) {
            if (wanted & (1u << rank)) total += index.counts[rank];
        }
    } else {
        total = static_cast<std::size_t>(std::count_if(index.hosts.begin(), index.hosts.end(), matches));
    }

    const std::size_t n = index.hosts.size();
    const std::vector<std::uint32_t>* order = nullptr;  // null: the name order of `hosts`
    if (query.sort == HostSort::State) order = &index.by_state;
    if (query.sort == HostSort::LastSeen) order = &index.by_last_seen();
    const auto at = [&](std::size_t i) -> const IndexedHost& { return index.hosts[order ? (*order)[i] : i]; };
    std::size_t i = 0;
    if (query.after) {
        // Keyset: the first row sorting after the cursor (the order is by the cursor's key).
        std::size_t low = 0, high = n;
        while (low < high) {
            const std::size_t mid = low + (high - low) / 2;
            if (after_cursor(at(mid), *query.after)) high = mid;
            else low = mid + 1;
        }
        i = low;
    }
    std::vector<const IndexedHost*> page;
    bool more = false;
    for (; i < n; ++i) {
        const IndexedHost& host = at(i);
        if (!matches(host)) continue;
        if (page.size() == query.limit) {
            more = true;
            break;
        }
        page.push_back(&host);
    }

    const bool known = query.since && *query.since > index.first_number && *query.since <= index.number;
    JsonWriter out;
    out.begin_object();
    write_snapshot_head(out, index);
    out.key("since");
    if (query.since) out.value(*query.since);
    else out.null();
    out.key("reload").value(query.since.has_value() && !known);
    out.key("counts");
    write_counts(out, index);
    out.key("total").value(static_cast<std::uint64_t>(total));
    out.key("next_cursor");
    if (more) out.value(encode_cursor(key_of(*page.back(), query.sort)));
    else out.null();
    out.key("hosts").begin_array();
    for (const IndexedHost* host : page) {
        out.begin_object();
        if (known && host->changed_at <= *query.since) {
            out.key("hostname").value(host->view->host.key.hostname);
            out.key("instance").value(host->view->host.key.instance);
            out.key("unchanged").value(true);
        } else {
            write_host_fields(out, *index.snapshot, *host->view, index.now);
        }
        out.end_object();
    }
    out.end_array();
    out.end_object();
    return out.text();
}

std::string summary_json(const HostIndex& index) {
    const auto& counters = index.snapshot->counters;
    JsonWriter out;
    out.begin_object();
    write_snapshot_head(out, index);
    out.key("hosts").value(static_cast<std::uint64_t>(index.hosts.size()));
    out.key("states");
    write_counts(out, index);
    out.key("queue").begin_object();
    out.key("reachable").value(index.snapshot->queue_reachable);
    out.key("messages_received").value(counters.messages_received);
    out.key("records_received").value(counters.records_received);
    out.key("duplicate_messages").value(counters.duplicate_messages);
    out.key("receive_errors").value(counters.queue_receive_errors);
    out.end_object();
    out.end_object();
    return out.text();
}

}  // namespace niamd::web
