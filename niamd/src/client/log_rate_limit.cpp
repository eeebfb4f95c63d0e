#include "client/log_rate_limit.hpp"

namespace niamd::client {

bool LogRateLimit::admit(const std::string& source, std::int64_t now, std::size_t rate) {
    auto it = sources_.find(source);
    if (it == sources_.end()) {
        if (sources_.size() >= kMaxRateSources) return true;
        it = sources_.emplace(source, Source{}).first;
    }
    Source& state = it->second;
    if (state.second != now) {
        state.second = now;
        state.lines = 0;
    }
    if (state.lines < rate) {
        ++state.lines;
        return true;
    }
    if (state.untold == 0) state.since = now;
    ++state.untold;
    ++dropped_;
    return false;
}

std::vector<protocol::Event> LogRateLimit::due_events(std::int64_t now, std::string_view id_prefix) {
    std::vector<protocol::Event> events;
    for (auto it = sources_.begin(); it != sources_.end();) {
        Source& state = it->second;
        const bool may_tell = state.told == kNever || now - state.told >= kRateDropTellSeconds;
        if (state.untold > 0 && may_tell) {
            protocol::Event event;
            event.kind = "log.dropped";
            event.id = std::string(id_prefix) + ":" + it->first + ":" + std::to_string(now);
            event.time = now;
            event.fields = {{"source", it->first},
                            {"dropped", std::to_string(state.untold)},
                            {"since", std::to_string(state.since)}};
            events.push_back(std::move(event));
            state.untold = 0;
            state.told = now;
        }
        const bool quiet = state.untold == 0 && state.second < now &&
                           (state.told == kNever || now - state.told >= kRateDropTellSeconds);
        it = quiet ? sources_.erase(it) : std::next(it);
    }
    return events;
}

}  // namespace niamd::client
