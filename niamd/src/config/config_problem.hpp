// ConfigProblem: one line of a host config that was not applied (or applied with a warning).
#pragma once

#include <string>

namespace niamd::config {

struct ConfigProblem {
    std::string source;   // where the text came from, e.g. "conf/web1"
    int line = 0;         // 1-based; 0 when the problem concerns the whole text
    std::string message;  // never holds a password or key

    // "conf/web1:7: PING needs 'PING target PORT port'" (or "conf/web1: ..." for line 0)
    std::string describe() const;
};

}  // namespace niamd::config
