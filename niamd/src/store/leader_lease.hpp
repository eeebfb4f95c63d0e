// LeaderLease: which of several masters on one MariaDB is the leader (docs/master.md, "Two
// masters"). One row of leader_lease per lease name holds the holder, an epoch and an
// expiry (Unix seconds of the holders' clocks, which must agree within a second or two).
// acquire() takes the row when it is expired (epoch + 1) or renews it when it is ours, in
// one transaction that locks the row (SELECT ... FOR UPDATE); release() expires it at once.
// The store's writes are fenced with the epoch (HistoryStore::fence_writes): a leader whose
// lease another master took can write nothing, whatever it believes.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <awsrest/clock.hpp>
#include <awsrest/result.hpp>

#include "config/host_config.hpp"
#include "store/sql_connection.hpp"

namespace niamd::store {

inline constexpr std::string_view kMasterLeaseName = "master";
// A lease lasts kLeaseSeconds (--lease-seconds) and is renewed every third of that: a leader
// that dies is replaced within 4/3 of it (20 s). A leader acts only until a fifth of the length
// before its lease's end as its own steady clock counts it from the request.
inline constexpr std::int64_t kLeaseSeconds = 15;
inline constexpr std::int64_t kMinLeaseSeconds = 3;
inline constexpr std::int64_t kMaxLeaseSeconds = 60;

struct LeaseState {
    bool held = false;         // true: this holder has the lease until `expires`
    std::string holder;        // who holds it (this one when held; may be empty: never taken)
    std::int64_t epoch = 0;    // raised by one at every take-over
    std::int64_t expires = 0;  // Unix seconds
};

class LeaderLease {
  public:
    // `holder` names this master (unique among the masters: host name and pid). The clock
    // gives the times written; it must outlive the lease.
    LeaderLease(std::unique_ptr<SqlConnection> connection, std::string name, std::string holder,
                const awsrest::Clock& clock);

    // Renews the lease when this holder has it (same epoch), else takes it when it has expired
    // (epoch + 1); either way it then lasts `length_seconds` from now. Otherwise nothing is
    // written and the state says who holds it.
    awsrest::Result<LeaseState> acquire(std::int64_t length_seconds);
    // Expires the lease now when this holder has it, so that another takes over at once.
    awsrest::Result<void> release();
    // Forgets the lease held (after a failed renewal): the next acquire() takes it anew.
    void forget() noexcept { epoch_ = 0; }

    const std::string& holder() const noexcept { return holder_; }
    std::int64_t epoch() const noexcept { return epoch_; }  // 0 when not held

  private:
    awsrest::Result<LeaseState> acquire_in_transaction(std::int64_t length_seconds);

    std::unique_ptr<SqlConnection> connection_;
    std::string name_;
    std::string holder_;
    const awsrest::Clock& clock_;
    std::int64_t epoch_ = 0;
};

// The lease on the MariaDB that `database` names (its schema migrated). Errors never hold
// the password.
awsrest::Result<std::unique_ptr<LeaderLease>> open_mariadb_lease(const config::DatabaseConfig& database,
                                                                 std::string holder, const awsrest::Clock& clock);

}  // namespace niamd::store
