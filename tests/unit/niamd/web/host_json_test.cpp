// The host objects of /api/hosts and /api/hosts/{hostname}: what the host's client said of
// its outbox (drops by kind, backlog), null when it said nothing yet.
#include <catch2/catch.hpp>

#include <string>

#include "web/api_json.hpp"
#include "web_fixtures.hpp"

TEST_CASE("web api: a host's outbox drops by kind and backlog are in its JSON", "[web]") {
    auto snapshot = web_test::sample_snapshot();
    auto& web1 = snapshot->hosts[4];
    REQUIRE(web1.host.key.hostname == "web-1");
    web1.outbox.reported = true;
    web1.outbox.dropped = {12, 3, 0, 250};
    web1.outbox.records = 40;
    web1.outbox.bytes = 5120;
    const std::string shown =
        R"("outbox":{"dropped":{"metric":12,"check":3,"ping":0,"log":250},"records":40,"bytes":5120})";

    const std::string one = niamd::web::host_json(*snapshot, web1, web_test::kNow);
    CAPTURE(one);
    CHECK(one.find(shown) != std::string::npos);
    const std::string all = niamd::web::hosts_json(*snapshot, web_test::kNow);
    CAPTURE(all);
    CHECK(all.find(shown) != std::string::npos);

    // web-2's client said nothing of its outbox (an older client, or the master just started).
    const std::string silent = niamd::web::host_json(*snapshot, snapshot->hosts[5], web_test::kNow);
    CAPTURE(silent);
    CHECK(silent.find(R"("outbox":null)") != std::string::npos);
}
