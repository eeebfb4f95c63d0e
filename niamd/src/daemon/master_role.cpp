#include "daemon/master_role.hpp"

#include "log/log.hpp"

namespace niamd::daemon {

int run_master_role(const Options&, AwsServices&, client::ConfigSource&) {
    log::error("the master role is not built yet");
    return 1;
}

}  // namespace niamd::daemon
