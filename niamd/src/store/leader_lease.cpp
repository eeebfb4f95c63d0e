#include "store/leader_lease.hpp"

#include <array>
#include <chrono>
#include <utility>

namespace niamd::store {

namespace {

constexpr std::string_view kEnsureRow =
    "INSERT IGNORE INTO leader_lease (name, holder, epoch, expires) VALUES (?, '', 0, 0)";
constexpr std::string_view kLockRow = "SELECT holder, epoch, expires FROM leader_lease WHERE name = ? FOR UPDATE";
constexpr std::string_view kWriteRow = "UPDATE leader_lease SET holder = ?, epoch = ?, expires = ? WHERE name = ?";
constexpr std::string_view kExpireRow =
    "UPDATE leader_lease SET expires = 0 WHERE name = ? AND holder = ? AND epoch = ?";

}  // namespace

LeaderLease::LeaderLease(std::unique_ptr<SqlConnection> connection, std::string name, std::string holder,
                         const awsrest::Clock& clock)
    : connection_(std::move(connection)), name_(std::move(name)), holder_(std::move(holder)), clock_(clock) {}

awsrest::Result<LeaseState> LeaderLease::acquire_in_transaction(std::int64_t length_seconds) {
    SqlConnection& db = *connection_;
    const std::array<SqlParam, 1> name{std::string_view(name_)};
    // The row locked first (exclusive), created only when missing: an INSERT IGNORE first would
    // take a shared lock to upgrade, a deadlock against a leader's commit waiting for the row.
    auto rows = db.query(kLockRow, name);
    if (!rows) return std::move(rows).error();
    if (rows->empty()) {
        if (auto ensured = db.execute(kEnsureRow, name); !ensured) return std::move(ensured).error();
        rows = db.query(kLockRow, name);
        if (!rows) return std::move(rows).error();
    }
    if (rows->size() != 1) {
        return awsrest::make_error(awsrest::ErrorKind::Parse,
                                   db.source() + ": leader_lease has no row '" + name_ + "'");
    }
    LeaseState state;
    state.holder = rows->front().text(0);
    state.epoch = rows->front().integer(1);
    state.expires = rows->front().integer(2);
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    const bool ours = epoch_ != 0 && state.holder == holder_ && state.epoch == epoch_;
    if (!ours && state.expires > now) return state;  // another holds it
    const std::int64_t epoch = ours ? state.epoch : state.epoch + 1;
    const std::int64_t expires = now + length_seconds;
    const std::array<SqlParam, 4> values{std::string_view(holder_), epoch, expires, std::string_view(name_)};
    if (auto written = db.execute(kWriteRow, values); !written) return std::move(written).error();
    return LeaseState{true, holder_, epoch, expires};
}

awsrest::Result<LeaseState> LeaderLease::acquire(std::int64_t length_seconds) {
    if (connection_->lost()) {
        if (auto again = connection_->reconnect(); !again) return std::move(again).error();
    }
    if (auto begun = connection_->begin(); !begun) return std::move(begun).error();
    auto state = acquire_in_transaction(length_seconds);
    if (!state) {
        connection_->rollback();
        return state;
    }
    if (auto committed = connection_->commit(); !committed) {
        if (!connection_->lost()) connection_->rollback();
        return std::move(committed).error();
    }
    epoch_ = state->held ? state->epoch : 0;
    return state;
}

awsrest::Result<void> LeaderLease::release() {
    if (epoch_ == 0) return {};
    if (connection_->lost()) {
        if (auto again = connection_->reconnect(); !again) return std::move(again).error();
    }
    const std::array<SqlParam, 3> key{std::string_view(name_), std::string_view(holder_), epoch_};
    auto done = connection_->execute(kExpireRow, key);
    if (!done) return std::move(done).error();
    epoch_ = 0;
    return {};
}

}  // namespace niamd::store
