// The Engine API's answers: version negotiation, containers, events into the EVENT vocabulary.
#include <catch2/catch.hpp>

#include <string>

#include "docker/engine_json.hpp"

using namespace niamd::docker;
using niamd::protocol::field_value;

TEST_CASE("docker version: the version asked for is the lower of the engine's and ours") {
    struct Row {
        const char* name;
        const char* body;
        const char* expected;
    };
    const Row rows[] = {
        {"engine 29 (min 1.44)", R"({"Version":"29.0.0","ApiVersion":"1.52","MinAPIVersion":"1.44"})", "1.47"},
        {"engine 27", R"({"Version":"27.3.1","ApiVersion":"1.47","MinAPIVersion":"1.24"})", "1.47"},
        {"engine 20.10", R"({"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12"})", "1.41"},
        {"no MinAPIVersion", R"({"Version":"1.13.1","ApiVersion":"1.26"})", "1.26"},
        {"minor 9 below 10", R"({"ApiVersion":"1.9","MinAPIVersion":"1.9"})", nullptr},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        const auto negotiated = negotiate_api_version(row.body);
        if (row.expected == nullptr) {
            CHECK_FALSE(negotiated.version.has_value());
            CHECK(negotiated.error.find("1.9 at most") != std::string::npos);
            continue;
        }
        REQUIRE(negotiated.version.has_value());
        CHECK(negotiated.version->text() == row.expected);
    }
}

TEST_CASE("docker version: an engine that needs a newer API than ours is a clear error") {
    const auto negotiated = negotiate_api_version(R"({"Version":"31.0.0","ApiVersion":"1.60","MinAPIVersion":"1.50"})");
    CHECK_FALSE(negotiated.version.has_value());
    CHECK(negotiated.error == "the engine (31.0.0) needs API version 1.50 or newer; this niamd speaks up to 1.47");
    for (const char* bad : {"", "[]", "{}", R"({"ApiVersion":"one"})", R"({"ApiVersion":"1.47","MinAPIVersion":"x"})",
                            R"({"ApiVersion":"1.47.2"})"}) {
        INFO(bad);
        const auto refused = negotiate_api_version(bad);
        CHECK_FALSE(refused.version.has_value());
        CHECK(refused.error.rfind("GET /version: ", 0) == 0);
    }
}

TEST_CASE("docker answers: error bodies, the container list and a container's Tty") {
    CHECK(engine_error_message(R"({"message":"No such container: web"})") == "No such container: web");
    CHECK(engine_error_message("page not found") == "page not found");
    std::string error;
    const auto list = parse_container_list(
        R"([{"Id":"abc123","Names":["/web-1"],"Image":"nginx","State":"running"},{"Names":["/no-id"]},)"
        R"({"Id":"def456789012345","Image":"redis","State":"exited"}])",
        error);
    REQUIRE(list.has_value());
    REQUIRE(list->size() == 2);
    CHECK((*list)[0].name == "web-1");
    CHECK((*list)[0].state == "running");
    CHECK((*list)[1].name == "def456789012");
    CHECK_FALSE(parse_container_list(R"({"Id":"x"})", error).has_value());
    CHECK(error == "not a list of containers");
    const auto tty = parse_container_detail(
        R"({"Id":"abc","Name":"/web","Config":{"Tty":true,"Image":"nginx"},"State":{"Running":true}})", error);
    REQUIRE(tty.has_value());
    CHECK(tty->tty);
    CHECK(tty->running);
    CHECK(tty->name == "web");
    const auto plain = parse_container_detail(R"({"Id":"abc","Name":"/web","Config":{"Tty":false}})", error);
    REQUIRE(plain.has_value());
    CHECK_FALSE(plain->tty);
    CHECK_FALSE(parse_container_detail(R"({"Name":"/web"})", error).has_value());
}

namespace {

std::string container_event(const std::string& action, const std::string& extra = "") {
    return R"({"status":")" + action + R"(","id":"c0ffee","Type":"container","Action":")" + action +
           R"(","Actor":{"ID":"c0ffee","Attributes":{"image":"nginx:1.27","name":"web-1")" + extra +
           R"(}},"scope":"local","time":1796283882,"timeNano":1796283882123456789})";
}

}  // namespace

TEST_CASE("docker events: container actions become docker.* events with their fields") {
    const auto die = parse_engine_event(container_event("die", R"(,"exitCode":"137")"));
    REQUIRE(die.error.empty());
    REQUIRE(die.event.has_value());
    CHECK(die.event->kind == "docker.die");
    CHECK(die.event->id == "docker:1796283882123456789:c0ffee:die");
    CHECK(die.event->time == 1796283882);
    CHECK(die.time_nano == 1796283882123456789LL);
    CHECK(field_value(*die.event, "container") == "web-1");
    CHECK(field_value(*die.event, "container_id") == "c0ffee");
    CHECK(field_value(*die.event, "image") == "nginx:1.27");
    CHECK(field_value(*die.event, "exit_code") == "137");
    const auto kill = parse_engine_event(container_event("kill", R"(,"signal":"9")"));
    REQUIRE(kill.event.has_value());
    CHECK(field_value(*kill.event, "signal") == "9");
    const auto health = parse_engine_event(container_event("health_status: unhealthy"));
    REQUIRE(health.event.has_value());
    CHECK(health.event->kind == "docker.health_status");
    CHECK(field_value(*health.event, "health") == "unhealthy");
    for (const char* action : {"create", "start", "restart", "stop", "oom", "destroy"}) {
        INFO(action);
        const auto parsed = parse_engine_event(container_event(action));
        REQUIRE(parsed.event.has_value());
        CHECK(parsed.event->kind == std::string("docker.") + action);
        CHECK(field_value(*parsed.event, "exit_code").empty());
    }
}

TEST_CASE("docker events: an image pull is docker.pull and other events are not ours") {
    const auto pull = parse_engine_event(
        R"({"Type":"image","Action":"pull","Actor":{"ID":"redis:7","Attributes":{"name":"redis"}},"time":1796283882})");
    REQUIRE(pull.event.has_value());
    CHECK(pull.event->kind == "docker.pull");
    CHECK(field_value(*pull.event, "image") == "redis:7");
    CHECK(pull.time_nano == 1796283882000000000LL);
    for (const std::string& other :
         {container_event("exec_start: sh -c true"), container_event("attach"),
          std::string(R"({"Type":"network","Action":"connect","Actor":{"ID":"n"},"time":1})")}) {
        INFO(other);
        const auto parsed = parse_engine_event(other);
        CHECK(parsed.error.empty());
        CHECK_FALSE(parsed.event.has_value());
    }
}

TEST_CASE("docker events: what does not read is an error, never an event") {
    for (const char* bad : {"", "{", "[]", R"({"Type":"container","Action":"die","Actor":{"ID":"x"}})",
                            R"({"Type":"container","Action":"die","time":5})",
                            R"({"Type":"container","Action":"die","Actor":"x","timeNano":5})"}) {
        INFO(bad);
        const auto parsed = parse_engine_event(bad);
        CHECK_FALSE(parsed.error.empty());
        CHECK_FALSE(parsed.event.has_value());
    }
}
