#include "client/problem_report.hpp"

namespace niamd::client {

std::optional<protocol::Record> ProblemReport::record(const ClientIdentity& identity, std::int64_t time,
                                                      const std::string& problem, const std::string& resolved) {
    if (problem.empty() && !open_) return std::nullopt;
    open_ = !problem.empty();
    protocol::Record record;
    record.instance = identity.instance;
    record.hostname = identity.hostname;
    record.kind = protocol::RecordKind::Problem;
    record.target = what_;
    record.time = time;
    record.status = open_ ? 1 : 0;
    record.output = open_ ? problem : resolved;
    return record;
}

}  // namespace niamd::client
