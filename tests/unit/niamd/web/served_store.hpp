// A started WebServer over a real SQLite store, showing web_test::sample_snapshot(): the
// [web] API tests fill the store with what they need (`fill`, before the server starts)
// and GET their endpoint over loopback.
#pragma once

#include <catch2/catch.hpp>

#include <httplib.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/open_store.hpp"
#include "support/scripted_http.hpp"
#include "web/web_server.hpp"
#include "web_fixtures.hpp"

namespace web_test {

class ServedStore {
  public:
    explicit ServedStore(const std::function<void(niamd::store::HistoryStore&)>& fill)
        : store_(open()), server_(board_, *store_, clock_, options()) {
        board_.publish(sample_snapshot());
        fill(*store_);
        if (auto started = server_.start(); !started) FAIL(started.error().describe());
    }
    httplib::Result get(const std::string& path) {
        httplib::Client client("127.0.0.1", server_.port());
        return client.Get(path);
    }

  private:
    static niamd::web::WebOptions options() {
        niamd::web::WebOptions options;
        options.port = 0;
        return options;
    }
    std::unique_ptr<niamd::store::HistoryStore> open() {
        auto store = niamd::store::open_store(std::nullopt, dir_.path());
        if (!store) throw std::runtime_error(store.error().describe());
        return std::move(store.value());
    }
    TempDir dir_;
    std::unique_ptr<niamd::store::HistoryStore> store_;
    niamd::master::SnapshotBoard board_;
    test_support::ManualClock clock_;
    niamd::web::WebServer server_;
};

// Commits `batch` into `store`, failing the test on an error.
inline void commit(niamd::store::HistoryStore& store, niamd::store::Batch& batch) {
    if (auto committed = store.commit(batch); !committed) FAIL(committed.error().describe());
}

}  // namespace web_test
