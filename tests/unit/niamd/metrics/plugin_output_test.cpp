#include <catch2/catch.hpp>

#include <string>

#include "metrics/plugin_output.hpp"

using niamd::metrics::parse_plugin_output;

TEST_CASE("plugin output: single line with perfdata (Nagios plugin guidelines example)") {
    const auto r = parse_plugin_output(0, "DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n");
    CHECK(r.code == 0);
    CHECK(r.output == "DISK OK - free space: / 3326 MB (56%);");
    CHECK(r.perfdata == "/=2643MB;5948;5958;0;5968");
    CHECK(r.long_output.empty());
}

TEST_CASE("plugin output: multi-line output with perfdata on first and later lines (guidelines example)") {
    const auto r = parse_plugin_output(1,
                                       "DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n"
                                       "/ 15272 MB (77%);\n"
                                       "/boot 68 MB (69%);\n"
                                       "/home 69357 MB (27%);\n"
                                       "/var/log 819 MB (84%); | /boot=68MB;88;93;0;98\n"
                                       "/home=69357MB;253404;253409;0;253414 \n"
                                       "/var/log=818MB;970;975;0;980\n");
    CHECK(r.code == 1);
    CHECK(r.output == "DISK OK - free space: / 3326 MB (56%);");
    CHECK(r.long_output == "/ 15272 MB (77%);\n/boot 68 MB (69%);\n/home 69357 MB (27%);\n/var/log 819 MB (84%);");
    CHECK(r.perfdata ==
          "/=2643MB;5948;5958;0;5968 /boot=68MB;88;93;0;98 /home=69357MB;253404;253409;0;253414 "
          "/var/log=818MB;970;975;0;980");
}

TEST_CASE("plugin output: long output without perfdata, CRLF line ends") {
    const auto r = parse_plugin_output(2, "PROCS CRITICAL: 412 processes\r\n\r\nhttpd 300\r\nsshd 2\r\n\r\n");
    CHECK(r.code == 2);
    CHECK(r.output == "PROCS CRITICAL: 412 processes");
    CHECK(r.perfdata.empty());
    CHECK(r.long_output == "httpd 300\nsshd 2");
}

TEST_CASE("plugin output: exit codes 0-3 are kept, others become UNKNOWN with a note") {
    CHECK(parse_plugin_output(3, "UNKNOWN - no such host").output == "UNKNOWN - no such host");
    CHECK(parse_plugin_output(3, "x").code == 3);

    const auto high = parse_plugin_output(127, "sh: check_foo: not found\n");
    CHECK(high.code == 3);
    CHECK(high.output == "(plugin exited with code 127, not 0-3) sh: check_foo: not found");

    const auto killed = parse_plugin_output(-9, "");
    CHECK(killed.code == 3);
    CHECK(killed.output == "(plugin killed by signal 9) (no output)");

    const auto lowest = parse_plugin_output(-2147483647 - 1, "");
    CHECK(lowest.output == "(plugin killed by signal 2147483648) (no output)");
}

TEST_CASE("plugin output: empty or blank stdout gives '(no output)'") {
    for (const char* text : {"", "\n", "   \t \n", " | a=1"}) {
        const auto r = parse_plugin_output(0, text);
        CHECK(r.code == 0);
        CHECK(r.output == "(no output)");
    }
    CHECK(parse_plugin_output(0, " | a=1").perfdata == "a=1");
}

TEST_CASE("plugin output: control characters and invalid UTF-8 are replaced, valid UTF-8 kept") {
    const auto r = parse_plugin_output(0,
                                       "OK\ttemp \x1b[31m21\xc2\xb0"
                                       "C \xff end|t=21\x07;30\nline\x01two\n");
    CHECK(r.output ==
          "OK temp ?[31m21\xc2\xb0"
          "C ? end");
    CHECK(r.perfdata == "t=21?;30");
    CHECK(r.long_output == "line?two");
    CHECK(parse_plugin_output(0, std::string("a\0b", 3)).output == "a?b");
    // Overlong encoding and a UTF-16 surrogate are not valid UTF-8.
    CHECK(parse_plugin_output(0, "\xc0\xaf \xed\xa0\x80").output == "?? ???");
}

TEST_CASE("plugin output: output, perfdata and long output are bounded") {
    const auto r = parse_plugin_output(
        0, std::string(10000, 'x') + "|" + std::string(20000, 'p') + " a=1\n" + std::string(30000, 'l') + "\n");
    CHECK(r.output.size() == niamd::metrics::kMaxPluginOutputBytes);
    CHECK(r.output.substr(r.output.size() - 3) == "...");
    CHECK(r.perfdata.empty());  // one 20000-byte metric cannot be cut in half
    CHECK(r.long_output.size() == niamd::metrics::kMaxPluginLongOutputBytes);

    std::string metrics;
    for (int i = 0; i < 2000; ++i) metrics += "metric" + std::to_string(i) + "=1 ";
    const auto p = parse_plugin_output(0, "OK|" + metrics);
    CHECK(p.perfdata.size() <= niamd::metrics::kMaxPluginPerfdataBytes);
    CHECK(p.perfdata.substr(p.perfdata.size() - 2) == "=1");  // ends on a whole metric

    // A multibyte character is never split by the cut.
    std::string accents;
    for (int i = 0; i < 3000; ++i) accents += "\xc3\xa9";
    const auto u = parse_plugin_output(0, accents);
    CHECK(u.output.size() <= niamd::metrics::kMaxPluginOutputBytes);
    CHECK(u.output.substr(u.output.size() - 5) == "\xc3\xa9...");
}

TEST_CASE("plugin output: status names") {
    CHECK(niamd::metrics::plugin_status_name(0) == "OK");
    CHECK(niamd::metrics::plugin_status_name(1) == "WARNING");
    CHECK(niamd::metrics::plugin_status_name(2) == "CRITICAL");
    CHECK(niamd::metrics::plugin_status_name(3) == "UNKNOWN");
    CHECK(niamd::metrics::plugin_status_name(42) == "UNKNOWN");
}
