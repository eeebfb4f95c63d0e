// A test case that cannot run here (it needs root, an IPv6 loopback, network namespaces)
// says so with NIAM_SKIP("why") instead of passing with nothing checked. Catch2 2 has no
// skip of its own, so:
//  - run as its own ctest entry (the plain build: one entry per case, with the environment
//    NIAM_SKIP_EXIT_CODE=77 and SKIP_RETURN_CODE 77), the program prints the reason and
//    exits 77, and ctest reports the case as skipped;
//  - run among others in one process (the sanitized build's single entry, or by hand), the
//    case ends there, is left out of the passed count in spirit, and the program's last
//    lines list every skipped case with its reason.
// Put NIAM_SKIP outside any SECTION: it ends the whole case.
#pragma once

#include <string>

namespace niam_test {

// Records (or, under ctest, exits with) a skip of the running case. Returns when it records.
void skip_case(const std::string& test_case, const std::string& why);

}  // namespace niam_test

#define NIAM_SKIP(why)                                                                 \
    do {                                                                               \
        ::niam_test::skip_case(Catch::getResultCapture().getCurrentTestName(), (why)); \
        WARN("skipped: " << (why));                                                    \
        return;                                                                        \
    } while (false)
