// Placeholder until branch wt/store lands (its store_names.cpp replaces this file).
#include "store/history_store.hpp"

#include <array>
#include <utility>

namespace niamd::store {
namespace {

constexpr std::array<std::pair<HostStatus, std::string_view>, 4> kHostStatusNames{{
    {HostStatus::Ok, "OK"},
    {HostStatus::Missing, "MISSING"},
    {HostStatus::InstanceGone, "INSTANCE_GONE"},
    {HostStatus::Purged, "PURGED"},
}};

constexpr std::array<std::pair<AlertKind, std::string_view>, 9> kAlertKindNames{{
    {AlertKind::Missing, "MISSING"},
    {AlertKind::Recovered, "RECOVERED"},
    {AlertKind::Purged, "PURGED"},
    {AlertKind::CheckFailed, "CHECK_FAILED"},
    {AlertKind::CheckOk, "CHECK_OK"},
    {AlertKind::InstanceGone, "INSTANCE_GONE"},
    {AlertKind::NoAgent, "NO_AGENT"},
    {AlertKind::QueueUnreachable, "QUEUE_UNREACHABLE"},
    {AlertKind::QueueOk, "QUEUE_OK"},
}};

}  // namespace

std::string_view to_string(HostStatus status) noexcept {
    for (const auto& [value, name] : kHostStatusNames) if (value == status) return name;
    return "OK";
}
std::optional<HostStatus> host_status_from_string(std::string_view text) noexcept {
    for (const auto& [value, name] : kHostStatusNames) if (name == text) return value;
    return std::nullopt;
}
std::string_view to_string(AlertKind kind) noexcept {
    for (const auto& [value, name] : kAlertKindNames) if (value == kind) return name;
    return "MISSING";
}
std::optional<AlertKind> alert_kind_from_string(std::string_view text) noexcept {
    for (const auto& [value, name] : kAlertKindNames) if (name == text) return value;
    return std::nullopt;
}
std::string_view to_string(Delivery delivery) noexcept { return delivery == Delivery::Sent ? "sent" : "pending"; }
bool Batch::empty() const noexcept {
    return message_ids.empty() && heartbeats.empty() && results.empty() && hosts.empty() &&
           forgotten_hosts.empty() && check_states.empty() && alerts.empty();
}

}  // namespace niamd::store
