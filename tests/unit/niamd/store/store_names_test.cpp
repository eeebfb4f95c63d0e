#include <catch2/catch.hpp>

#include "store/history_store.hpp"

using namespace niamd::store;

TEST_CASE("store names: every host status, alert kind and delivery round-trips", "[store]") {
    for (auto status : {HostStatus::Ok, HostStatus::Missing, HostStatus::InstanceGone, HostStatus::Purged}) {
        CHECK(host_status_from_string(to_string(status)) == status);
    }
    for (auto kind : {AlertKind::Missing, AlertKind::Recovered, AlertKind::Purged, AlertKind::CheckFailed,
                      AlertKind::CheckOk, AlertKind::InstanceGone, AlertKind::NoAgent, AlertKind::QueueUnreachable,
                      AlertKind::QueueOk, AlertKind::HostsRefused, AlertKind::StoreUnavailable,
                      AlertKind::MetricWarning, AlertKind::MetricCritical, AlertKind::MetricOk}) {
        CHECK(alert_kind_from_string(to_string(kind)) == kind);
    }
    for (auto delivery : {Delivery::Pending, Delivery::Sent}) {
        CHECK(delivery_from_string(to_string(delivery)) == delivery);
    }
}

TEST_CASE("store names: the stored spellings", "[store]") {
    CHECK(to_string(HostStatus::InstanceGone) == "INSTANCE_GONE");
    CHECK(to_string(AlertKind::CheckFailed) == "CHECK_FAILED");
    CHECK(to_string(AlertKind::QueueUnreachable) == "QUEUE_UNREACHABLE");
    CHECK(to_string(AlertKind::MetricWarning) == "METRIC_WARNING");
    CHECK(to_string(AlertKind::MetricCritical) == "METRIC_CRITICAL");
    CHECK(to_string(AlertKind::MetricOk) == "METRIC_OK");
    CHECK(to_string(Delivery::Pending) == "pending");
    CHECK(to_string(Delivery::Sent) == "sent");
}

TEST_CASE("store names: unknown or differently cased text is no value", "[store]") {
    CHECK_FALSE(host_status_from_string("ok").has_value());
    CHECK_FALSE(host_status_from_string("").has_value());
    CHECK_FALSE(alert_kind_from_string("MISSING ").has_value());
    CHECK_FALSE(alert_kind_from_string("check_failed").has_value());
    CHECK_FALSE(delivery_from_string("SENT").has_value());
}

TEST_CASE("store batch: empty until any list has a row", "[store]") {
    Batch batch;
    CHECK(batch.empty());
    batch.message_ids.push_back("m");
    CHECK_FALSE(batch.empty());
    batch = Batch{};
    batch.check_states.emplace_back();
    CHECK_FALSE(batch.empty());
    batch = Batch{};
    batch.alerts.emplace_back();
    CHECK_FALSE(batch.empty());
}
