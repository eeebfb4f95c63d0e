// ScriptSync over a scripted S3: the scripts mirrored into STATE_DIR/scripts. Run by a niamd
// that stays root, they are given to the group of the account its children run as (0750,
// the state dir 0710): that child can run them, and read nothing else of the state dir.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include <awsrest/aws_client.hpp>
#include <awsrest/s3.hpp>

#include "client/script_sync.hpp"
#include "process/account.hpp"
#include "process/child_process.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace {

struct S3 {
    test_support::ScriptedHttp http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;
    awsrest::AwsClient client{http, credentials, clock, nullptr,
                              awsrest::RetryPolicy{1, std::chrono::milliseconds{1}, std::chrono::milliseconds{1}}};
    awsrest::S3Client s3{client, {awsrest::Endpoint{"http", "127.0.0.1", 4566, ""}, "us-east-1", "s3"}};

    // One listing of scripts/check_ids, then its body.
    void script(const std::string& body) {
        http.respond(200,
                     "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>scripts/check_ids</Key>"
                     "<ETag>\"e1\"</ETag><Size>" +
                         std::to_string(body.size()) + "</Size></Contents></ListBucketResult>")
            .respond(200, body, {{"ETag", "\"e1\""}});
    }
};

struct Mode {
    mode_t mode;
    gid_t group;
};
Mode mode_of(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return {info.st_mode & 07777, info.st_gid};
}

const std::string kScript = "#!/bin/sh\necho \"OK - $(id -u)\"\n";

}  // namespace

TEST_CASE("script sync: the daemon's own scripts are 0700 and nothing is opened to a group", "[client][scripts]") {
    test_support::TempDir state("niam-script-sync");
    S3 s3;
    s3.script(kScript);
    const auto before = mode_of(state.path());
    niamd::client::ScriptSync sync(s3.s3, "b", state.path() / "scripts");
    const auto report = sync.sync();
    CHECK(report.downloaded == 1);
    CHECK_FALSE(report.failed);
    CHECK(mode_of(state.path() / "scripts").mode == 0700);
    CHECK(mode_of(state.path() / "scripts" / "check_ids").mode == 0700);
    CHECK(mode_of(state.path()).mode == before.mode);  // the state dir is left alone
}

TEST_CASE("script sync: with a children's group the scripts are 0750 in it and the state dir 0710",
          "[client][scripts]") {
    test_support::TempDir state("niam-script-sync");
    // Root: the account its children run as (nobody); else a group of this user's own.
    const auto children = niamd::process::child_account();
    const gid_t group = children ? children->gid : ::getegid();
    S3 s3;
    s3.script(kScript);
    niamd::client::ScriptSync sync(s3.s3, "b", state.path() / "scripts", group);
    REQUIRE(sync.sync().downloaded == 1);
    const auto scripts = mode_of(state.path() / "scripts");
    const auto script = mode_of(state.path() / "scripts" / "check_ids");
    const auto state_dir = mode_of(state.path());
    CHECK(scripts.mode == 0750);
    CHECK(scripts.group == group);
    CHECK(script.mode == 0750);
    CHECK(script.group == group);
    CHECK(state_dir.mode == 0710);
    CHECK(state_dir.group == group);
    CHECK(mode_of(state.path() / "scripts" / ".etags").mode == 0600);  // the sync's own bookkeeping stays private

    if (!children) return;  // not root: the children are this user
    // As root, the child (nobody) runs the mirrored script: /tmp and the state dir let it pass.
    const auto run = niamd::process::run_child({state.path() / "scripts" / "check_ids", {}, 4096}, 5000ms);
    REQUIRE(run.ending == niamd::process::ChildEnding::Exited);
    CHECK(run.exit_code == 0);
    CHECK(run.stdout_text == "OK - " + std::to_string(children->uid) + "\n");
}

TEST_CASE("script sync: a script synced before niamd was root is given to the group too", "[client][scripts]") {
    test_support::TempDir state("niam-script-sync");
    const auto children = niamd::process::child_account();
    const gid_t group = children ? children->gid : ::getegid();
    S3 s3;
    s3.script(kScript);
    niamd::client::ScriptSync(s3.s3, "b", state.path() / "scripts").sync();
    REQUIRE(mode_of(state.path() / "scripts" / "check_ids").mode == 0700);
    // Unchanged in S3 (same ETag): not fetched again, but opened to the group.
    s3.http.respond(200,
                    "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>scripts/check_ids</Key>"
                    "<ETag>\"e1\"</ETag><Size>10</Size></Contents></ListBucketResult>");
    const auto report = niamd::client::ScriptSync(s3.s3, "b", state.path() / "scripts", group).sync();
    CHECK(report.unchanged == 1);
    CHECK(mode_of(state.path() / "scripts" / "check_ids").mode == 0750);
    CHECK(mode_of(state.path() / "scripts" / "check_ids").group == group);
}

TEST_CASE("script sync: a folder above the state dir that the children's group cannot pass is named",
          "[client][scripts]") {
    test_support::TempDir top("niam-script-sync");
    const auto children = niamd::process::child_account();
    const gid_t group = children ? children->gid : ::getegid();
    const auto state = top.path() / "logs" / "state";
    std::filesystem::create_directories(state);
    REQUIRE(::chmod(top.path().c_str(), 0711) == 0);  // mkdtemp's 0700 would block every case
    S3 s3;
    s3.script(kScript);
    niamd::client::ScriptSync sync(s3.s3, "b", state / "scripts", group);

    SECTION("0700: neither the group nor others may pass") {
        REQUIRE(::chmod((top.path() / "logs").c_str(), 0700) == 0);
        const auto report = sync.sync();
        REQUIRE(report.children_blocked_at.has_value());
        CHECK(*report.children_blocked_at == top.path() / "logs");
    }
    SECTION("0711: others may pass") {
        REQUIRE(::chmod((top.path() / "logs").c_str(), 0711) == 0);
        CHECK_FALSE(sync.sync().children_blocked_at.has_value());
    }
    SECTION("0710 in the children's group: the group may pass") {
        REQUIRE(::chown((top.path() / "logs").c_str(), static_cast<uid_t>(-1), group) == 0);
        REQUIRE(::chmod((top.path() / "logs").c_str(), 0710) == 0);
        CHECK_FALSE(sync.sync().children_blocked_at.has_value());
    }
}
