// What the DOCKER source keeps on disk to resume (its text form), and the source without DOCKER.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "client/config_source.hpp"
#include "client/docker_source.hpp"

using namespace niamd::client;

TEST_CASE("docker state: the resume point and the seqs read back as written") {
    DockerState state;
    state.resume.events_nano = 1796283882123456789LL;
    state.resume.last_event_id = "docker:1796283882123456789:c0ffee:die";
    state.resume.logs["web-1"] = niamd::docker::LogResume{1796283882000000001LL, 2};
    state.resume.logs["db"] = niamd::docker::LogResume{1796283881000000000LL, 1};
    state.seqs["web-1"] = 41;
    state.seqs["db"] = 7;
    state.seqs["tty-app"] = 3;  // lines without a timestamp: a seq and no resume point
    const auto back = docker_state_of(docker_state_text(state));
    REQUIRE(back.has_value());
    CHECK(*back == state);
    const auto empty = docker_state_of(docker_state_text(DockerState{}));
    REQUIRE(empty.has_value());
    CHECK(*empty == DockerState{});
}

TEST_CASE("docker state: a file that does not read is refused whole") {
    for (const char* bad :
         {"", "something else\n", "niamd-docker-state 1\nevents x -\n", "niamd-docker-state 1\nlog web 5 1\n",
          "niamd-docker-state 1\nlog web -5 1 2\n", "niamd-docker-state 1\nmore 1 2\n"}) {
        INFO(bad);
        CHECK_FALSE(docker_state_of(bad).has_value());
    }
}

TEST_CASE("docker source: without a DOCKER statement it never runs and starts no watcher") {
    const auto folder = std::filesystem::temp_directory_path() / ("niam-docker-unit-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    { std::ofstream(folder / "niam.conf") << "INTERVAL 30\n"; }
    ConfigSource config(nullptr, "", "web1", folder, folder / "niam.conf");
    config.refresh();
    DockerSource source(ClientIdentity{"NOT-AWS", "web1"}, config, folder / "docker.state");
    CHECK(source.next_due(1000) == Source::kNever);
    CHECK(source.collect(1000).empty());
    CHECK(source.watcher_counts().connections == 0);
    CHECK_FALSE(std::filesystem::exists(folder / "docker.state"));
    std::filesystem::remove_all(folder);
}
