// Where the watcher and the DOCKER source resume: the rule both apply to each item.
#include <catch2/catch.hpp>

#include <string>

#include "docker/engine_watcher.hpp"

using namespace niamd::docker;

namespace {

WatchedItem line_at(const std::string& container, std::int64_t time_nano) {
    ContainerLine line;
    line.container = container;
    line.stream = "stdout";
    line.text = "x";
    line.time_nano = time_nano;
    return line;
}

}  // namespace

TEST_CASE("docker resume: lines at one timestamp are counted and a newer one starts again") {
    Resume resume;
    advance(resume, line_at("web", 100));
    CHECK(resume.logs["web"] == LogResume{100, 1});
    advance(resume, line_at("web", 100));
    advance(resume, line_at("web", 100));
    CHECK(resume.logs["web"] == LogResume{100, 3});
    advance(resume, line_at("web", 250));
    CHECK(resume.logs["web"] == LogResume{250, 1});
    advance(resume, line_at("web", 200));  // older: not a resume point
    CHECK(resume.logs["web"] == LogResume{250, 1});
    advance(resume, line_at("web", 0));  // no timestamp: not a resume point
    CHECK(resume.logs["web"] == LogResume{250, 1});
    advance(resume, line_at("db", 90));
    CHECK(resume.logs["db"] == LogResume{90, 1});
    CHECK(resume.events_nano == 0);
}

TEST_CASE("docker resume: an event moves the events' time and id forward only") {
    Resume resume;
    ContainerEvent event;
    event.event.kind = "docker.start";
    event.event.id = "docker:500:c0ffee:start";
    event.time_nano = 500;
    advance(resume, event);
    CHECK(resume.events_nano == 500);
    CHECK(resume.last_event_id == "docker:500:c0ffee:start");
    ContainerEvent older = event;
    older.event.id = "docker:400:c0ffee:create";
    older.time_nano = 400;
    advance(resume, older);
    CHECK(resume.events_nano == 500);
    CHECK(resume.last_event_id == "docker:500:c0ffee:start");
    CHECK(resume.logs.empty());
}
