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

constexpr std::array<std::pair<AlertKind, std::string_view>, 22> kAlertKindNames{{
    {AlertKind::Missing, "MISSING"},
    {AlertKind::Recovered, "RECOVERED"},
    {AlertKind::Purged, "PURGED"},
    {AlertKind::CheckFailed, "CHECK_FAILED"},
    {AlertKind::CheckOk, "CHECK_OK"},
    {AlertKind::InstanceGone, "INSTANCE_GONE"},
    {AlertKind::NoAgent, "NO_AGENT"},
    {AlertKind::QueueUnreachable, "QUEUE_UNREACHABLE"},
    {AlertKind::QueueOk, "QUEUE_OK"},
    {AlertKind::HostsRefused, "HOSTS_REFUSED"},
    {AlertKind::StoreUnavailable, "STORE_UNAVAILABLE"},
    {AlertKind::MetricWarning, "METRIC_WARNING"},
    {AlertKind::MetricCritical, "METRIC_CRITICAL"},
    {AlertKind::MetricOk, "METRIC_OK"},
    {AlertKind::ServiceMissing, "SERVICE_MISSING"},
    {AlertKind::ServiceRemoved, "SERVICE_REMOVED"},
    {AlertKind::Flapping, "FLAPPING"},
    {AlertKind::Stable, "STABLE"},
    {AlertKind::LogAlert, "LOG_ALERT"},
    {AlertKind::ContainerAlert, "CONTAINER_ALERT"},
    {AlertKind::SshAlert, "SSH_ALERT"},
    {AlertKind::RuleCleared, "RULE_CLEARED"},
}};

constexpr std::array<std::pair<Delivery, std::string_view>, 4> kDeliveryNames{{
    {Delivery::Pending, "pending"},
    {Delivery::Sent, "sent"},
    {Delivery::Folded, "folded"},
    {Delivery::Suppressed, "suppressed"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) noexcept {
    for (const auto& [candidate, name] : names) {
        if (candidate == value) return name;
    }
    return names[0].second;
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                             std::string_view text) noexcept {
    for (const auto& [value, name] : names) {
        if (name == text) return value;
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(HostStatus status) noexcept { return name_of(kHostStatusNames, status); }

std::optional<HostStatus> host_status_from_string(std::string_view text) noexcept {
    return value_of(kHostStatusNames, text);
}

std::string_view to_string(AlertKind kind) noexcept { return name_of(kAlertKindNames, kind); }

std::optional<AlertKind> alert_kind_from_string(std::string_view text) noexcept {
    return value_of(kAlertKindNames, text);
}

std::string_view to_string(Delivery delivery) noexcept { return name_of(kDeliveryNames, delivery); }

std::optional<Delivery> delivery_from_string(std::string_view text) noexcept { return value_of(kDeliveryNames, text); }

bool Batch::empty() const noexcept {
    return message_ids.empty() && heartbeats.empty() && results.empty() && hosts.empty() && forgotten_hosts.empty() &&
           forgotten_checks.empty() && check_states.empty() && alerts.empty() && samples.empty() &&
           inventories.empty() && registrations.empty() && log_lines.empty() && events.empty() && silences.empty() &&
           forgotten_silences.empty();
}

}  // namespace niamd::store
