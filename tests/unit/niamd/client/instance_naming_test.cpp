// INSTANCE_ID off EC2: serial, command (a real program, no shell, with a timeout), and the
// failures that keep NOT-AWS.
#include <catch2/catch.hpp>

#include "client/instance_naming.hpp"
#include "niamd/children_account.hpp"
#include "config/config_parser.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using niamd::client::instance_id_off_ec2;
using niamd::client::instance_number_of;
using niamd::config::InstanceIdConfig;

namespace {

InstanceIdConfig statement(const std::string& text) {
    const auto parsed = niamd::config::parse_config(text, "conf/web1");
    REQUIRE(parsed.problems.empty());
    return parsed.config.instance_id;
}

}  // namespace

TEST_CASE("instance id: without the statement a host off EC2 stays NOT-AWS") {
    const auto named = instance_id_off_ec2({}, "NOT-AWS", 5s);
    CHECK(named.instance == "NOT-AWS");
    CHECK(named.problem.empty());
}

TEST_CASE("instance id: serial names the host prefix-serial") {
    CHECK(instance_id_off_ec2(statement("INSTANCE_ID dc1 serial 4711\n"), "NOT-AWS", 5s).instance == "dc1-4711");
}

TEST_CASE("instance id: on EC2 the statement is ignored") {
    CHECK(instance_id_off_ec2(statement("INSTANCE_ID dc1 serial 4711\n"), "i-0123456789abcdef0", 5s).instance ==
          "i-0123456789abcdef0");
}

TEST_CASE("instance id: command runs without a shell and its first line is the number") {
    test_support::TempDir dir("niam-instance");
    test_support::give_to_children(dir);  // root: the command runs as nobody
    // No shell: 'A*' reaches the program as written, not expanded.
    const auto tag = dir.write("asset-tag", "#!/bin/sh\n[ \"$1\" = 'A*' ] && echo '  77 '\necho second line\n", 0700);
    auto named = instance_id_off_ec2(statement("INSTANCE_ID rack command " + tag.string() + " A*\n"), "NOT-AWS", 5s);
    CHECK(named.problem.empty());
    CHECK(named.instance == "rack-77");
}

TEST_CASE("instance id: a command named without a slash is looked for in the plugin PATH") {
    const auto named = instance_id_off_ec2(statement("INSTANCE_ID lab command echo 12\n"), "NOT-AWS", 5s);
    CHECK(named.instance == "lab-12");
}

TEST_CASE("instance id: serial wins over command") {
    const auto both = statement("INSTANCE_ID dc1 command /bin/false\nINSTANCE_ID dc1 serial 9\n");
    CHECK(instance_id_off_ec2(both, "NOT-AWS", 5s).instance == "dc1-9");
}

TEST_CASE("instance id: a failing command keeps NOT-AWS with a clear problem") {
    test_support::TempDir dir("niam-instance");
    test_support::give_to_children(dir);  // root: the command runs as nobody
    const auto fails = dir.write("fails", "#!/bin/sh\necho 5\nexit 2\n", 0700);
    const auto unsafe = dir.write("unsafe", "#!/bin/sh\necho 'a;b'\n", 0700);
    const auto empty = dir.write("empty", "#!/bin/sh\nexit 0\n", 0700);
    const auto slow = dir.write("slow", "#!/bin/sh\nsleep 30\necho 1\n", 0700);

    auto named = instance_id_off_ec2(statement("INSTANCE_ID x command " + fails.string() + "\n"), "NOT-AWS", 5s);
    CHECK(named.instance == "NOT-AWS");
    CHECK(named.problem ==
          "INSTANCE_ID: command '" + fails.string() + "' exited with code 2; the instance id stays NOT-AWS");

    named = instance_id_off_ec2(statement("INSTANCE_ID x command " + unsafe.string() + "\n"), "NOT-AWS", 5s);
    CHECK(named.instance == "NOT-AWS");
    CHECK(named.problem.find("printed no usable id") != std::string::npos);

    named = instance_id_off_ec2(statement("INSTANCE_ID x command " + empty.string() + "\n"), "NOT-AWS", 5s);
    CHECK(named.instance == "NOT-AWS");

    const auto start = std::chrono::steady_clock::now();
    named = instance_id_off_ec2(statement("INSTANCE_ID x command " + slow.string() + "\n"), "NOT-AWS", 1s);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    CHECK(named.instance == "NOT-AWS");
    CHECK(named.problem.find("timed out after 1 s and was killed") != std::string::npos);

    named = instance_id_off_ec2(statement("INSTANCE_ID x command /nonexistent/tag\n"), "NOT-AWS", 1s);
    CHECK(named.instance == "NOT-AWS");
    CHECK(named.problem ==
          "INSTANCE_ID: command '/nonexistent/tag' not found in /nonexistent; the instance id stays NOT-AWS");
}

TEST_CASE("instance id: the number a command prints is bounded and made of safe characters") {
    CHECK(instance_number_of("42\n") == "42");
    CHECK(instance_number_of(" \tab-1.2_3 \r\nmore") == "ab-1.2_3");
    CHECK(instance_number_of("").empty());
    CHECK(instance_number_of("\n42\n").empty());
    CHECK(instance_number_of("a b").empty());
    CHECK(instance_number_of("a,b").empty());
    CHECK(instance_number_of("..").empty());
    CHECK(instance_number_of(std::string(128, '7')) == std::string(128, '7'));
    CHECK(instance_number_of(std::string(129, '7')).empty());
}
