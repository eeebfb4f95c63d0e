#include "docker/engine_watcher.hpp"

#include <algorithm>
#include <functional>
#include <list>

#include <curl/curl.h>

#include "docker/colour_codes.hpp"
#include "docker/engine_client.hpp"
#include "docker/engine_json.hpp"
#include "docker/log_stream.hpp"
#include "docker/log_timestamp.hpp"
#include "log/log.hpp"

namespace niamd::docker {

void advance(Resume& resume, const WatchedItem& item) {
    if (const auto* line = std::get_if<ContainerLine>(&item)) {
        if (line->time_nano <= 0) return;
        LogResume& at = resume.logs[line->container];
        if (line->time_nano == at.time_nano) {
            ++at.lines_at_time;
        } else if (line->time_nano > at.time_nano) {
            at = LogResume{line->time_nano, 1};
        }
        return;
    }
    const auto& event = std::get<ContainerEvent>(item);
    if (event.time_nano >= resume.events_nano) {
        resume.events_nano = event.time_nano;
        resume.last_event_id = event.event.id;
    }
}

namespace {

// Room for the timestamp before a line ("2026-12-03T07:44:42.123456789Z ", or with a zone).
constexpr std::size_t kTimestampRoom = 40;
constexpr std::size_t kMaxErrorBody = 4096;
constexpr char kEventFilter[] = R"({"type":["container","image"]})";

std::int64_t now_nanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// What the streams' callbacks reach: the watcher thread's resume point and the queue.
struct Context {
    Resume& resume;
    std::function<void(WatchedItem)> push;
    std::uint64_t bad_events = 0;
    std::size_t max_line = 0;
    std::vector<std::pair<std::string, std::string>> to_open;  // (id, name) of started containers
};

// One streaming GET on the multi handle: the events or one container's logs.
struct Transfer {
    enum class Kind { Events, Logs } kind = Kind::Events;
    Context* context = nullptr;
    CURL* easy = nullptr;
    std::string container;     // logs: the name
    std::string container_id;  // logs: the id asked for
    LogStream demux{false, 1};
    std::string pending;  // events: the object not ended yet
    bool skipping_long = false;
    std::uint64_t skip_left = 0;  // logs: lines at the resume time still to skip
    long status = -1;
    std::string error_body;
    bool reopen = false;  // the container started again while this stream was still open
};

void take_event_line(Context& context, std::string_view line) {
    if (line.empty()) return;
    EngineEvent parsed = parse_engine_event(line);
    if (!parsed.error.empty()) {
        ++context.bad_events;
        log::debug("docker: an event does not read: " + parsed.error);
        return;
    }
    if (!parsed.event) return;
    Resume& resume = context.resume;
    if (parsed.time_nano < resume.events_nano ||
        (parsed.time_nano == resume.events_nano && parsed.event->id == resume.last_event_id)) {
        return;  // queued before a reconnection or kept before a restart: `since` is inclusive
    }
    if (parsed.event->kind == "docker.start") {
        const std::string name(protocol::field_value(*parsed.event, "container"));
        const std::string id(protocol::field_value(*parsed.event, "container_id"));
        if (!id.empty()) context.to_open.emplace_back(id, name.empty() ? id.substr(0, 12) : name);
    }
    WatchedItem item(ContainerEvent{std::move(*parsed.event), parsed.time_nano});
    advance(resume, item);
    context.push(std::move(item));
}

void take_log_lines(Transfer& transfer, std::vector<StreamLine>& lines) {
    Context& context = *transfer.context;
    for (StreamLine& line : lines) {
        ContainerLine out;
        out.container = transfer.container;
        out.stream = std::string(stream_name(line.stream));
        out.cut_bytes = line.cut_bytes;
        if (const auto stamped = split_log_timestamp(line.text)) {
            out.time_nano = stamped->time_nano;
            const auto resume = context.resume.logs.find(transfer.container);
            if (resume != context.resume.logs.end()) {
                if (stamped->time_nano < resume->second.time_nano) continue;
                if (stamped->time_nano == resume->second.time_nano && transfer.skip_left > 0) {
                    --transfer.skip_left;
                    continue;
                }
            }
            out.text = without_colour_codes(stamped->text);
        } else {
            out.text = without_colour_codes(line.text);
        }
        if (out.text.size() > context.max_line) {
            out.cut_bytes += out.text.size() - context.max_line;
            out.text.resize(context.max_line);
        }
        WatchedItem item(std::move(out));
        advance(context.resume, item);
        context.push(std::move(item));
    }
    lines.clear();
}

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (transfer.status < 0) curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &transfer.status);
    const std::string_view piece(data, bytes);
    if (transfer.status >= 300) {
        transfer.error_body.append(
            piece.substr(0, kMaxErrorBody - std::min(kMaxErrorBody, transfer.error_body.size())));
        return bytes;
    }
    if (transfer.kind == Transfer::Kind::Logs) {
        std::vector<StreamLine> lines;
        transfer.demux.feed(piece, lines);
        take_log_lines(transfer, lines);
        return transfer.demux.failed() ? 0 : bytes;  // an unreadable stream is ended
    }
    // Events: one JSON object per line.
    std::string_view rest = piece;
    while (!rest.empty()) {
        const std::size_t newline = rest.find('\n');
        const std::string_view part = rest.substr(0, newline);
        if (!transfer.skipping_long) {
            if (transfer.pending.size() + part.size() > kMaxEventBytes) {
                transfer.skipping_long = true;
                transfer.pending.clear();
                ++transfer.context->bad_events;
            } else {
                transfer.pending.append(part);
            }
        }
        if (newline == std::string_view::npos) break;
        if (!transfer.skipping_long) take_event_line(*transfer.context, transfer.pending);
        transfer.pending.clear();
        transfer.skipping_long = false;
        rest.remove_prefix(newline + 1);
    }
    return bytes;
}

}  // namespace

EngineWatcher::EngineWatcher(WatcherSettings settings, Resume resume)
    : settings_(std::move(settings)), resume_(std::move(resume)) {
    ensure_curl_ready();
    multi_ = curl_multi_init();
    thread_ = std::thread([this] { run(); });
}

EngineWatcher::~EngineWatcher() {
    stop_ = true;
    curl_multi_wakeup(static_cast<CURLM*>(multi_));
    thread_.join();
    curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

std::vector<WatchedItem> EngineWatcher::take() {
    std::lock_guard lock(mutex_);
    std::vector<WatchedItem> out;
    out.swap(queue_);
    queued_bytes_ = 0;
    return out;
}

bool EngineWatcher::has_items() const {
    std::lock_guard lock(mutex_);
    return !queue_.empty();
}

std::string EngineWatcher::problem() const {
    std::lock_guard lock(mutex_);
    return problem_;
}

WatcherCounts EngineWatcher::counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
}

void EngineWatcher::push(WatchedItem item) {
    std::lock_guard lock(mutex_);
    const auto* line = std::get_if<ContainerLine>(&item);
    const std::size_t bytes = line != nullptr ? line->text.size() + line->container.size() : 256;
    if (queue_.size() >= settings_.max_queued || queued_bytes_ + bytes > kMaxQueuedBytes) {
        ++counts_.dropped;
        return;
    }
    queued_bytes_ += bytes;
    if (std::holds_alternative<ContainerLine>(item)) {
        ++counts_.lines;
    } else {
        ++counts_.events;
    }
    queue_.push_back(std::move(item));
}

void EngineWatcher::set_problem(std::string problem) {
    std::lock_guard lock(mutex_);
    if (problem != problem_ && !problem.empty()) log::warning("docker: " + problem);
    if (problem.empty() && !problem_.empty()) log::info("docker: following the engine at " + settings_.socket_path);
    problem_ = std::move(problem);
}

void EngineWatcher::run() {
    auto* multi = static_cast<CURLM*>(multi_);
    Context context{resume_, [this](WatchedItem item) { push(std::move(item)); }, 0, settings_.max_line, {}};
    std::list<Transfer> transfers;
    std::string api;  // the negotiated version, "1.47"
    const EngineClient client(settings_.socket_path, std::chrono::seconds(5));
    auto backoff = settings_.first_backoff;

    auto remove = [&](Transfer& transfer) {
        curl_multi_remove_handle(multi, transfer.easy);
        curl_easy_cleanup(transfer.easy);
        transfers.remove_if([&transfer](const Transfer& t) { return &t == &transfer; });
    };
    auto drop_all = [&] {
        while (!transfers.empty()) remove(transfers.front());
        context.to_open.clear();
    };
    auto start = [&](Transfer::Kind kind, const std::string& path, std::string id, std::string name, bool tty,
                     std::uint64_t skip) {
        Transfer& transfer = transfers.emplace_back();
        transfer.kind = kind;
        transfer.context = &context;
        transfer.container = std::move(name);
        transfer.container_id = std::move(id);
        transfer.demux = LogStream(tty, settings_.max_line + kTimestampRoom);
        transfer.skip_left = skip;
        transfer.easy = curl_easy_init();
        const std::string url = engine_url(versioned(api, path));
        curl_easy_setopt(transfer.easy, CURLOPT_UNIX_SOCKET_PATH, settings_.socket_path.c_str());
        curl_easy_setopt(transfer.easy, CURLOPT_URL, url.c_str());
        curl_easy_setopt(transfer.easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(transfer.easy, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
        curl_easy_setopt(transfer.easy, CURLOPT_WRITEFUNCTION, &on_data);
        curl_easy_setopt(transfer.easy, CURLOPT_WRITEDATA, &transfer);
        curl_easy_setopt(transfer.easy, CURLOPT_PRIVATE, &transfer);
        curl_multi_add_handle(multi, transfer.easy);
    };
    auto find_logs = [&](const std::string& name) -> Transfer* {
        for (auto& transfer : transfers) {
            if (transfer.kind == Transfer::Kind::Logs && transfer.container == name) return &transfer;
        }
        return nullptr;
    };
    // first_sight: found running at connection: a container never seen gives its last lines only.
    auto open_logs = [&](const std::string& id, const std::string& name, bool first_sight) {
        if (Transfer* open = find_logs(name)) {
            open->reopen = true;
            return;
        }
        if (transfers.size() > kMaxLogStreams) {
            log::warning("docker: " + std::to_string(kMaxLogStreams) + " containers followed already; not " + name);
            return;
        }
        const EngineAnswer answer = client.get(versioned(api, "/containers/" + url_encode(id) + "/json"));
        std::string error;
        const auto detail =
            answer.error.empty() && answer.status == 200 ? parse_container_detail(answer.body, error) : std::nullopt;
        if (!detail) {
            log::warning("docker: container " + name + ": GET /containers/" + id +
                         "/json: " + (error.empty() ? describe(answer) : error));
            return;
        }
        std::string path = "/containers/" + url_encode(detail->id) + "/logs?follow=1&stdout=1&stderr=1&timestamps=1";
        std::uint64_t skip = 0;
        const auto resume = resume_.logs.find(detail->name);
        if (resume != resume_.logs.end()) {
            path += "&since=" + engine_time(resume->second.time_nano);
            skip = resume->second.lines_at_time;
        } else if (first_sight) {
            path += "&tail=" + std::to_string(kFirstSightTailLines);
        }
        start(Transfer::Kind::Logs, path, detail->id, detail->name, detail->tty, skip);
    };
    auto connect = [&]() -> bool {
        const EngineAnswer version = client.get("/version");
        if (!version.error.empty() || version.status != 200) {
            set_problem("cannot reach the engine at " + settings_.socket_path + ": GET /version: " + describe(version));
            return false;
        }
        const Negotiated negotiated = negotiate_api_version(version.body);
        if (!negotiated.version) {
            set_problem("the engine at " + settings_.socket_path + " cannot be used: " + negotiated.error);
            return false;
        }
        api = negotiated.version->text();
        if (resume_.events_nano == 0) resume_.events_nano = now_nanos();
        start(Transfer::Kind::Events,
              "/events?since=" + engine_time(resume_.events_nano) + "&filters=" + url_encode(kEventFilter), {}, {},
              false, 0);
        const EngineAnswer list = client.get(versioned(api, "/containers/json"));
        std::string error;
        const auto containers =
            list.error.empty() && list.status == 200 ? parse_container_list(list.body, error) : std::nullopt;
        if (!containers) {
            set_problem("the engine at " + settings_.socket_path + " (API " + api +
                        "): GET /containers/json: " + (error.empty() ? describe(list) : error));
            drop_all();
            return false;
        }
        for (const auto& container : *containers) {
            if (container.state.empty() || container.state == "running") open_logs(container.id, container.name, true);
        }
        {
            std::lock_guard lock(mutex_);
            ++counts_.connections;
        }
        set_problem("");
        return true;
    };
    auto count_bad = [&] {
        std::lock_guard lock(mutex_);
        counts_.bad_events += context.bad_events;
        context.bad_events = 0;
    };

    while (!stop_) {
        if (!connect()) {
            curl_multi_poll(multi, nullptr, 0, static_cast<int>(backoff.count()), nullptr);
            backoff = std::min(backoff * 2, settings_.max_backoff);
            continue;
        }
        backoff = settings_.first_backoff;
        bool connected = true;
        while (connected && !stop_) {
            int running = 0;
            curl_multi_perform(multi, &running);
            int left = 0;
            while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
                if (message->msg != CURLMSG_DONE) continue;
                Transfer* transfer = nullptr;
                curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&transfer));
                const CURLcode code = message->data.result;
                if (transfer->kind == Transfer::Kind::Events) {
                    const std::string why = transfer->status >= 300
                                                ? "HTTP " + std::to_string(transfer->status) + ": " +
                                                      engine_error_message(transfer->error_body)
                                            : code == CURLE_OK ? std::string("the stream ended")
                                                               : std::string(curl_easy_strerror(code));
                    set_problem("the engine at " + settings_.socket_path + " ended its event stream (" + why +
                                "); reconnecting");
                    connected = false;
                    break;
                }
                if (transfer->status >= 300) {
                    log::warning("docker: logs of " + transfer->container + ": HTTP " +
                                 std::to_string(transfer->status) + ": " + engine_error_message(transfer->error_body));
                } else if (transfer->demux.failed()) {
                    log::warning("docker: logs of " + transfer->container + ": " + transfer->demux.error());
                } else {
                    std::vector<StreamLine> last;  // a last piece without its '\n'
                    transfer->demux.finish(last);
                    take_log_lines(*transfer, last);
                }
                const bool reopen = transfer->reopen;
                const std::string id = transfer->container_id;
                const std::string name = transfer->container;
                remove(*transfer);
                if (reopen) open_logs(id, name, false);
            }
            count_bad();
            if (!connected) break;
            auto to_open = std::move(context.to_open);
            context.to_open.clear();
            for (const auto& started : to_open) open_logs(started.first, started.second, false);
            curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
        }
        drop_all();
        if (!stop_) curl_multi_poll(multi, nullptr, 0, static_cast<int>(backoff.count()), nullptr);
    }
    drop_all();
}

}  // namespace niamd::docker
