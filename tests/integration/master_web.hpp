// A web interface on its own reader of a scenario master's SQLite file, as the daemon runs
// it, showing the master's latest snapshot: the scenarios GET their endpoints from it.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "master/master_snapshot.hpp"
#include "master_scenario.hpp"
#include "store/history_store.hpp"
#include "web/web_server.hpp"

namespace scenario {

class MasterWeb {
  public:
    explicit MasterWeb(const MasterScenario& s);  // throws when the store or the server fails
    httplib::Result get(const std::string& path);
    void stop() { web_->stop(); }

  private:
    std::unique_ptr<niamd::store::HistoryStore> reader_;
    niamd::master::SnapshotBoard board_;
    std::unique_ptr<niamd::web::WebServer> web_;
};

}  // namespace scenario
