#include "master_web.hpp"

#include <stdexcept>

#include "store/open_store.hpp"

namespace scenario {

MasterWeb::MasterWeb(const MasterScenario& s) {
    auto reader = niamd::store::open_store(std::nullopt, s.dir);
    if (!reader) throw std::runtime_error("the master's store: " + reader.error().describe());
    reader_ = std::move(reader.value());
    board_.publish(s.snapshot());
    niamd::web::WebOptions options;
    options.port = 0;
    web_ = std::make_unique<niamd::web::WebServer>(board_, *reader_, awsrest::system_clock(), options);
    if (auto started = web_->start(); !started)
        throw std::runtime_error("the web server: " + started.error().describe());
}

httplib::Result MasterWeb::get(const std::string& path) {
    httplib::Client client("127.0.0.1", web_->port());
    return client.Get(path);
}

}  // namespace scenario
