// ProblemReport: one problem of the client itself (e.g. "config": the fetched config was
// refused), told to the master as PROBLEM records (docs/protocol.md): one with STATUS 1 in
// every cycle while the problem lasts, then one with STATUS 0 when it is over.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "client/client_identity.hpp"
#include "protocol/record.hpp"

namespace niamd::client {

class ProblemReport {
  public:
    explicit ProblemReport(std::string what) : what_(std::move(what)) {}

    // This cycle's record, if any. `problem`: what is wrong now, empty when nothing is;
    // `resolved`: the output of the STATUS 0 record that ends a problem.
    std::optional<protocol::Record> record(const ClientIdentity& identity, std::int64_t time,
                                           const std::string& problem, const std::string& resolved);

  private:
    std::string what_;
    bool open_ = false;
};

}  // namespace niamd::client
