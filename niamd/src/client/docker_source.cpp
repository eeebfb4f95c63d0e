#include "client/docker_source.hpp"

#include <algorithm>
#include <charconv>

#include "files/atomic_file.hpp"
#include "docker/log_stream.hpp"
#include "log/log.hpp"
#include "metrics/sample.hpp"
#include "protocol/log_record.hpp"

namespace niamd::client {
namespace {

constexpr std::string_view kStateHeader = "niamd-docker-state 1";
constexpr std::size_t kMaxStateBytes = 1024 * 1024;

template <typename Number>
bool read_number(std::string_view text, Number& value) {
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    return result.ec == std::errc{} && result.ptr == text.data() + text.size();
}

std::vector<std::string_view> words_of(std::string_view line) {
    std::vector<std::string_view> words;
    while (!line.empty()) {
        const std::size_t space = line.find(' ');
        words.push_back(line.substr(0, space));
        if (space == std::string_view::npos) break;
        line.remove_prefix(space + 1);
    }
    return words;
}

// Forgets the containers whose last line is oldest, past kMaxKeptContainers.
void bound(DockerState& state) {
    while (state.resume.logs.size() > kMaxKeptContainers) {
        auto oldest =
            std::min_element(state.resume.logs.begin(), state.resume.logs.end(),
                             [](const auto& a, const auto& b) { return a.second.time_nano < b.second.time_nano; });
        state.seqs.erase(oldest->first);
        state.resume.logs.erase(oldest);
    }
}

}  // namespace

std::string docker_state_text(const DockerState& state) {
    std::string text(kStateHeader);
    text += "\nevents " + std::to_string(state.resume.events_nano) + " " +
            (state.resume.last_event_id.empty() ? "-" : state.resume.last_event_id) + "\n";
    for (const auto& [name, at] : state.resume.logs) {
        const auto seq = state.seqs.find(name);
        text += "log " + name + " " + std::to_string(at.time_nano) + " " + std::to_string(at.lines_at_time) + " " +
                std::to_string(seq == state.seqs.end() ? 0 : seq->second) + "\n";
    }
    // A container whose lines had no timestamp has a seq and no resume point.
    for (const auto& [name, seq] : state.seqs) {
        if (state.resume.logs.count(name) == 0) text += "seq " + name + " " + std::to_string(seq) + "\n";
    }
    return text;
}

std::optional<DockerState> docker_state_of(std::string_view text) {
    DockerState state;
    bool header = false;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        if (line.empty()) continue;
        if (!header) {
            if (line != kStateHeader) return std::nullopt;
            header = true;
            continue;
        }
        const auto words = words_of(line);
        if (words[0] == "events" && words.size() == 3) {
            if (!read_number(words[1], state.resume.events_nano) || state.resume.events_nano < 0) return std::nullopt;
            state.resume.last_event_id = words[2] == "-" ? std::string() : std::string(words[2]);
        } else if (words[0] == "log" && words.size() == 5 && !words[1].empty()) {
            docker::LogResume at;
            std::uint64_t seq = 0;
            if (!read_number(words[2], at.time_nano) || !read_number(words[3], at.lines_at_time) ||
                !read_number(words[4], seq) || at.time_nano < 0) {
                return std::nullopt;
            }
            state.resume.logs[std::string(words[1])] = at;
            state.seqs[std::string(words[1])] = seq;
        } else if (words[0] == "seq" && words.size() == 3 && !words[1].empty()) {
            std::uint64_t seq = 0;
            if (!read_number(words[2], seq)) return std::nullopt;
            state.seqs[std::string(words[1])] = seq;
        } else {
            return std::nullopt;
        }
    }
    if (!header) return std::nullopt;
    return state;
}

DockerSource::DockerSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_file,
                           std::chrono::milliseconds first_backoff, std::size_t max_queued)
    : identity_(std::move(identity)),
      config_(config),
      state_file_(std::move(state_file)),
      first_backoff_(first_backoff),
      max_queued_(max_queued) {
    std::error_code ec;
    if (std::filesystem::exists(state_file_, ec)) {
        const auto text = files::read_small_file(state_file_, kMaxStateBytes);
        const auto state = text ? docker_state_of(*text) : std::nullopt;
        if (state) {
            kept_ = *state;
        } else {
            log::warning("docker: " + state_file_.string() +
                         " does not read; following the engine from now (container logs: their last lines)");
        }
    }
    pending_ = kept_;
}

DockerSource::~DockerSource() = default;

std::int64_t DockerSource::next_due(std::int64_t now) const {
    const auto& docker = config_.config().docker;
    if (!docker) return watcher_ ? now : kNever;  // removed by a reload: stop the watcher at once
    if (!watcher_ || docker->socket != socket_ || watcher_->has_items()) return now;
    return now + 1;
}

docker::WatcherCounts DockerSource::watcher_counts() const {
    return watcher_ ? watcher_->counts() : docker::WatcherCounts{};
}

std::vector<protocol::Record> DockerSource::collect(std::int64_t now) {
    std::vector<protocol::Record> records;
    const auto& docker = config_.config().docker;
    if (!docker) {
        watcher_.reset();
        socket_.clear();
        return records;
    }
    const auto& config = config_.config();
    if (!watcher_ || docker->socket != socket_ || config.log_max_line != max_line_) {
        // A new socket or LOG_MAX_LINE: what was queued for the old watcher is dropped unsent
        // and read again from the kept resume point.
        watcher_.reset();
        pending_ = kept_;
        socket_ = docker->socket;
        max_line_ = config.log_max_line;
        docker::WatcherSettings settings;
        settings.socket_path = socket_;
        settings.max_line = max_line_;
        settings.first_backoff = first_backoff_;
        settings.max_queued = max_queued_;
        watcher_ = std::make_unique<docker::EngineWatcher>(settings, kept_.resume);
        dropped_told_ = 0;
    }
    for (auto& item : watcher_->take()) {
        if (auto* line = std::get_if<docker::ContainerLine>(&item)) {
            protocol::LogLine out;
            out.source = "docker:" + line->container;
            if (!rate_.admit(out.source, now, config.log_rate)) {  // over LOG_RATE: dropped, counted
                ++counts_.over_rate;
                docker::advance(pending_.resume, item);
                pending_changed_ = true;
                continue;
            }
            // A container new to niamd numbers its lines from now × 1,000,000: above any number a
            // lost or evicted state can have given the same source before (docs/niamd.md).
            auto [seq, fresh] = pending_.seqs.try_emplace(line->container, 0);
            if (fresh) seq->second = protocol::first_seq_at(now) - 1;
            out.seq = ++seq->second;
            out.time = line->time_nano > 0 ? line->time_nano / 1'000'000'000 : now;
            out.line = line->text;
            out.stream = line->stream;
            out.cut_bytes = line->cut_bytes;
            records.push_back(protocol::log_record(identity_.instance, identity_.hostname, out));
            ++counts_.lines;
        } else {
            records.push_back(protocol::event_record(identity_.instance, identity_.hostname,
                                                     std::get<docker::ContainerEvent>(item).event));
            ++counts_.events;
        }
        docker::advance(pending_.resume, item);
        pending_changed_ = true;
    }
    bound(pending_);
    if (const std::uint64_t dropped = watcher_->counts().dropped; dropped > dropped_told_) {
        protocol::Event event;
        event.kind = "log.dropped";
        event.id = "docker:dropped:" + std::to_string(now) + ":" + std::to_string(dropped);
        event.time = now;
        event.fields.push_back(metrics::Tag{"source", "docker"});
        event.fields.push_back(metrics::Tag{"lines", std::to_string(dropped - dropped_told_)});
        log::warning("docker: " + std::to_string(dropped - dropped_told_) +
                     " log line(s) or event(s) dropped: the queue for the client's loop was full");
        records.push_back(protocol::event_record(identity_.instance, identity_.hostname, event));
        dropped_told_ = dropped;
    }
    for (auto& event : rate_.due_events(now, "docker:rate")) {
        log::warning("docker: " + std::string(protocol::field_value(event, "dropped")) + " line(s) of " +
                     std::string(protocol::field_value(event, "source")) + " over LOG_RATE " +
                     std::to_string(config.log_rate) + "/s dropped since " +
                     std::string(protocol::field_value(event, "since")));
        records.push_back(protocol::event_record(identity_.instance, identity_.hostname, event));
    }
    // The engine's trouble: told when it changes and every INTERVAL while it lasts.
    const std::string problem = watcher_->problem();
    const bool changed = problem != last_problem_;
    if (changed || (!problem.empty() && now - last_problem_sent_ >= config_.config().interval)) {
        if (problem != "not connected yet") {
            if (auto record = problem_.record(identity_, now, problem, "following the engine at " + socket_)) {
                records.push_back(std::move(*record));
            }
            last_problem_sent_ = now;
            last_problem_ = problem;
        }
    }
    return records;
}

void DockerSource::kept(bool ok) {
    if (!pending_changed_) return;
    pending_changed_ = false;
    if (!ok) {
        ++counts_.unkept;
        return;  // those lines are lost (the outbox could not write); counted
    }
    kept_ = pending_;
    if (auto written = files::write_file_atomically(state_file_, docker_state_text(kept_), 0600); !written) {
        log::error("docker: cannot keep the resume point in " + state_file_.string() + ": " + written.error().message);
    }
}

}  // namespace niamd::client
