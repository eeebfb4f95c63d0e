#include "web/web_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <mutex>

#include "log/log.hpp"
#include "text/display_text.hpp"
#include "web/access_guard.hpp"
#include "web/api_json.hpp"
#include "web/base64.hpp"
#include "web/csrf_guard.hpp"
#include "web/host_header.hpp"
#include "web/host_pages.hpp"
#include "web/html_text.hpp"
#include "web/listen_address.hpp"
#include "web/log_params.hpp"
#include "web/logs_json.hpp"
#include "web/login_rate_limit.hpp"
#include "web/inventory_json.hpp"
#include "web/metrics_json.hpp"
#include "web/metrics_text.hpp"
#include "web/request_gate.hpp"
#include "web/request_params.hpp"
#include "web/silence_json.hpp"
#include "web/tls_context.hpp"
#include "web/web_assets.hpp"

namespace niamd::web {
namespace {

constexpr std::string_view kJson = "application/json; charset=utf-8";
constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::size_t kHistoryRowLimit = 200000;  // per read; more sets "truncated"
constexpr std::size_t kAlertLimitDefault = 500;
constexpr std::size_t kAlertLimitMax = 10000;
constexpr std::int64_t kAlertLookbackDefault = 7 * 86400;
constexpr std::int64_t kHistoryLookbackDefault = 3600;
constexpr std::int64_t kMetricsLookbackDefault = 3600;
constexpr int kKeepAliveSeconds = 2;  // an idle connection is closed after it
constexpr std::size_t kMaxRequestBody = 4096;

constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

std::optional<std::string> param(const httplib::Request& req, const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    return req.get_param_value(name);
}

bool is_api(const httplib::Request& req) {
    return req.path.starts_with("/api/") || req.path == "/metrics" || req.path == "/healthz";
}

void send_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, std::string(kJson));
}

void send_page(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, std::string(kHtml));
}

// A decoded path as it goes in a Location header: unreserved characters and '/' kept.
std::string encode_path(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
    return out;
}

// httplib's request handling, driven by RequestGate with one whole request at a time.
class GatedServer : public httplib::Server {
  public:
    using httplib::Server::process_request;
};

// The gate's counters in the Prometheus text format, after the master's.
std::string gate_metrics(const GateStats& stats) {
    std::string out =
        "# HELP niam_web_connections_closed_total Web connections the server closed before or instead of an answer.\n"
        "# TYPE niam_web_connections_closed_total counter\n";
    const std::pair<const char*, std::uint64_t> reasons[] = {
        {"idle", stats.closed_idle}, {"slow_request", stats.closed_slow},     {"refused_request", stats.refused},
        {"evicted", stats.evicted},  {"write_timeout", stats.write_timeouts}, {"tls_handshake", stats.tls_failed},
    };
    for (const auto& [reason, count] : reasons) {
        out +=
            "niam_web_connections_closed_total{reason=\"" + std::string(reason) + "\"} " + std::to_string(count) + "\n";
    }
    out +=
        "# HELP niam_web_connections_accepted_total Web connections accepted.\n"
        "# TYPE niam_web_connections_accepted_total counter\n"
        "niam_web_connections_accepted_total " +
        std::to_string(stats.accepted) +
        "\n"
        "# HELP niam_web_requests_total Whole requests handed on to be answered.\n"
        "# TYPE niam_web_requests_total counter\n"
        "niam_web_requests_total " +
        std::to_string(stats.requests) +
        "\n"
        "# HELP niam_web_connections_open Web connections open now.\n"
        "# TYPE niam_web_connections_open gauge\n"
        "niam_web_connections_open " +
        std::to_string(stats.open) + "\n";
    return out;
}

// The login rate limit's counters (login_rate_limit.hpp) and the answers Busy gave.
std::string login_metrics(const LoginLimitStats& stats, std::uint64_t busy) {
    return "# HELP niam_web_login_failures_total Requests whose credentials did not match.\n"
           "# TYPE niam_web_login_failures_total counter\n"
           "niam_web_login_failures_total " +
           std::to_string(stats.failures) +
           "\n"
           "# HELP niam_web_login_refused_total Requests with credentials refused without checking them.\n"
           "# TYPE niam_web_login_refused_total counter\n"
           "niam_web_login_refused_total{reason=\"rate_limited\"} " +
           std::to_string(stats.refused) +
           "\n"
           "niam_web_login_refused_total{reason=\"busy\"} " +
           std::to_string(busy) +
           "\n"
           "# HELP niam_web_login_sources_tracked Source addresses whose failed logins are being counted.\n"
           "# TYPE niam_web_login_sources_tracked gauge\n"
           "niam_web_login_sources_tracked " +
           std::to_string(stats.tracked) +
           "\n"
           "# HELP niam_web_login_sources_evicted_total Sources dropped from the full table while still counted.\n"
           "# TYPE niam_web_login_sources_evicted_total counter\n"
           "niam_web_login_sources_evicted_total " +
           std::to_string(stats.evicted) + "\n";
}

}  // namespace

struct WebServer::Impl {
    Impl(const master::SnapshotBoard& board_, store::HistoryStore& reader_, awsrest::Clock& clock_, WebOptions options_)
        : board(board_),
          reader(reader_),
          clock(clock_),
          options(std::move(options_)),
          host_pages(static_cast<std::uint64_t>(std::max<std::int64_t>(0, now())) * 1000) {}

    const master::SnapshotBoard& board;
    store::HistoryStore& reader;
    std::mutex reader_mutex;
    awsrest::Clock& clock;
    WebOptions options;
    HostPages host_pages;  // /api/hosts and /api/summary (host_pages.hpp)
    AccessGuard guard;
    LoginRateLimiter login_limiter;
    std::atomic<std::uint64_t> login_busy{0};
    GatedServer server;
    std::unique_ptr<TlsContext> tls;  // null: plain HTTP
    std::unique_ptr<RequestGate> gate;
    int port = -1;
    bool started = false;

    const char* scheme() const noexcept { return tls ? "https" : "http"; }

    std::int64_t now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
    }

    void routes();
    awsrest::Result<void> load_tls();
    // What follows name=value in a Set-Cookie: Secure with TLS.
    std::string cookie_attributes() const {
        return std::string("; Path=/; HttpOnly; SameSite=Strict") + (tls ? "; Secure" : "");
    }
    httplib::Server::HandlerResponse admit(const httplib::Request& req, httplib::Response& res);
    // A page's niam_csrf cookie (csrf_guard.hpp): kept when the browser has a good one, else new.
    void csrf_cookie(const httplib::Request& req, httplib::Response& res) const;
    // A POST or DELETE that may go on: true; else answered 403.
    bool admit_change(const httplib::Request& req, httplib::Response& res) const;
    // Who is changing things: the basic-auth user, "token" (access token), or "anonymous" (open).
    std::string author_of(const httplib::Request& req) const;
    void api_silences(httplib::Response& res);
    void add_silence(const httplib::Request& req, httplib::Response& res);
    void remove_silence(const httplib::Request& req, httplib::Response& res);
    void not_found(const httplib::Request& req, httplib::Response& res, const std::string& what);
    const master::HostView* find_host(const master::MasterSnapshot& snapshot, const std::string& hostname,
                                      const std::optional<std::string>& instance) const;
    void serve_page(httplib::Response& res, std::string_view name,
                    const std::vector<std::pair<std::string, std::string>>& values = {});

    void api_hosts(const httplib::Request& req, httplib::Response& res);
    void api_host(const httplib::Request& req, httplib::Response& res);
    void api_alerts(const httplib::Request& req, httplib::Response& res);
    void api_history(const httplib::Request& req, httplib::Response& res);
    void api_metrics(const httplib::Request& req, httplib::Response& res);
    void api_inventory(const httplib::Request& req, httplib::Response& res);
    void api_logs(const httplib::Request& req, httplib::Response& res);
    void api_events(const httplib::Request& req, httplib::Response& res);
    void host_page(const httplib::Request& req, httplib::Response& res);
};

httplib::Server::HandlerResponse WebServer::Impl::admit(const httplib::Request& req, httplib::Response& res) {
    if (!guard.required() && !host_header_allowed(req.get_header_value("Host"), options.allowed_hosts)) {
        // Open, so anyone who can reach it may read it: a browser only when the page is ours.
        res.status = 403;
        res.set_content(error_json("Host not served: this interface answers loopback names and --web-host names only"),
                        std::string(kJson));
        return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path == "/healthz" || !guard.required()) return httplib::Server::HandlerResponse::Unhandled;
    const std::optional<std::string> token = param(req, "token");
    PresentedCredentials presented;
    const std::string authorization = req.get_header_value("Authorization");
    const std::string cookie = req.get_header_value("Cookie");
    presented.authorization = authorization;
    presented.cookie = cookie;
    if (token) presented.token = *token;
    const std::string source = login_source(req.remote_addr);
    if (presents_credentials(presented)) {
        if (const auto wait = login_limiter.refusal(source, clock.now())) {
            // Too many failures from this source: refused without checking (no slow hash run).
            res.status = 429;
            res.set_header("Retry-After", std::to_string(wait->count()));
            send_json(res, 429, error_json("too many failed logins from this address; retry later"));
            return httplib::Server::HandlerResponse::Handled;
        }
    }
    const AccessVerdict verdict = guard.check(presented);
    if (verdict == AccessVerdict::Busy) {
        ++login_busy;
        res.set_header("Retry-After", "1");
        send_json(res, 503, error_json("busy checking other logins; retry later"));
        return httplib::Server::HandlerResponse::Handled;
    }
    if (verdict != AccessVerdict::Allowed) {
        if (verdict == AccessVerdict::WrongCredentials) login_limiter.record_failure(source, clock.now());
        res.status = 401;
        res.set_header("WWW-Authenticate", std::string(guard.challenge()));
        if (is_api(req)) {
            res.set_content(error_json("authentication required"), std::string(kJson));
        } else {
            res.set_content("<!doctype html><title>niam</title><p>Authentication required.</p>", std::string(kHtml));
        }
        return httplib::Server::HandlerResponse::Handled;
    }
    // A page opened with a valid ?token=: keep the token in a cookie and drop it from the URL.
    if (token && guard.token_matches(*token) && !is_api(req) && req.method == "GET") {
        res.set_header("Set-Cookie", std::string(kTokenCookie) + "=" + *token + cookie_attributes());
        // One leading '/' only: "//elsewhere" would leave this server.
        std::string_view path = req.path;
        while (!path.empty() && path.front() == '/') path.remove_prefix(1);
        std::string location = "/" + encode_path(path);
        char separator = '?';
        for (const auto& [name, value] : req.params) {
            if (name == "token") continue;
            location += separator + httplib::detail::encode_query_param(name) + "=" +
                        httplib::detail::encode_query_param(value);
            separator = '&';
        }
        res.set_redirect(location, 303);
        return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
}

void WebServer::Impl::csrf_cookie(const httplib::Request& req, httplib::Response& res) const {
    const std::string cookie = req.get_header_value("Cookie");
    const auto current = cookie_value(cookie, kCsrfCookie);
    if (current && is_csrf_token(*current)) return;
    // Not HttpOnly: the dashboard's script reads it to send it back as X-CSRF-Token.
    res.set_header("Set-Cookie", std::string(kCsrfCookie) + "=" + new_csrf_token() + "; Path=/; SameSite=Strict" +
                                     (tls ? "; Secure" : ""));
}

bool WebServer::Impl::admit_change(const httplib::Request& req, httplib::Response& res) const {
    const std::string host = req.get_header_value("Host");
    const std::string origin = req.get_header_value("Origin");
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    const std::string cookie = req.get_header_value("Cookie");
    const std::string token = req.get_header_value(std::string(kCsrfHeader).c_str());
    const CsrfVerdict verdict = check_state_change({scheme(), host, origin, site, cookie, token});
    if (verdict == CsrfVerdict::Allowed) return true;
    log::info("web: " + req.method + " " + req.path + " refused: " + std::string(describe(verdict)));
    send_json(res, 403, error_json(std::string(describe(verdict))));
    return false;
}

std::string WebServer::Impl::author_of(const httplib::Request& req) const {
    if (!guard.required()) return "anonymous";
    const std::string authorization = req.get_header_value("Authorization");
    if (authorization.size() > 6 && (authorization.starts_with("Basic ") || authorization.starts_with("basic "))) {
        if (const auto pair = decode_base64(authorization.substr(6))) {
            const std::string user = pair->substr(0, pair->find(':'));
            if (!user.empty() && guard.user_matches(user, pair->substr(std::min(pair->size(), user.size() + 1))) ==
                                     std::optional<bool>(true)) {
                return text::log_safe(user).substr(0, master::kMaxSilenceAuthorBytes);
            }
        }
    }
    return "token";
}

void WebServer::Impl::api_silences(httplib::Response& res) {
    const std::int64_t t = now();
    send_json(res, 200, silences_json(board.silences().list(t), t));
}

void WebServer::Impl::add_silence(const httplib::Request& req, httplib::Response& res) {
    if (!admit_change(req, res)) return;
    const std::string type = req.get_header_value("Content-Type");
    if (!type.starts_with("application/json")) {
        return send_json(res, 415, error_json("Content-Type must be application/json"));
    }
    auto request = parse_silence_request(req.body);
    if (!request) return send_json(res, 400, error_json(request.error().message));
    const std::int64_t t = now();
    auto added = board.silences().add(silence_of(*request, author_of(req), t), t);
    if (auto* why = std::get_if<std::string>(&added)) {
        return send_json(res, why->starts_with("too many") ? 409 : 400, error_json(*why));
    }
    const auto& silence = std::get<store::SilenceRow>(added);
    log::info("web: silence " + std::to_string(silence.id) + " of " + text::log_safe(silence.host) +
              (silence.check.empty() ? "" : " " + text::log_safe(silence.check)) + " until " +
              std::to_string(silence.ends) + " by " + silence.author);
    res.set_header("Location", "/api/silences/" + std::to_string(silence.id));
    send_json(res, 201, silence_json(silence, t));
}

void WebServer::Impl::remove_silence(const httplib::Request& req, httplib::Response& res) {
    if (!admit_change(req, res)) return;
    const std::string text = req.matches[1];
    std::int64_t id = 0;
    if (text.size() > 18) return not_found(req, res, "no such silence");
    for (const char c : text) id = id * 10 + (c - '0');
    if (!board.silences().remove(id)) return not_found(req, res, "no such silence");
    log::info("web: silence " + std::to_string(id) + " removed by " + author_of(req));
    send_json(res, 200, "{\"deleted\":" + std::to_string(id) + "}");
}

void WebServer::Impl::not_found(const httplib::Request& req, httplib::Response& res, const std::string& what) {
    if (is_api(req)) {
        send_json(res, 404, error_json(what));
        return;
    }
    const Asset* page = find_asset("not_found.html");
    send_page(res, 404, page ? fill_page(page->body, {{"what", what}}) : html_escape(what));
}

const master::HostView* WebServer::Impl::find_host(const master::MasterSnapshot& snapshot, const std::string& hostname,
                                                   const std::optional<std::string>& instance) const {
    const master::HostView* found = nullptr;
    for (const auto& host : snapshot.hosts) {
        if (host.host.key.hostname != hostname) continue;
        if (instance) {
            if (host.host.key.instance == *instance) return &host;
        } else if (!found || host.host.last_ping > found->host.last_ping) {
            found = &host;
        }
    }
    return found;
}

void WebServer::Impl::serve_page(httplib::Response& res, std::string_view name,
                                 const std::vector<std::pair<std::string, std::string>>& values) {
    const Asset* page = find_asset(name);
    if (!page) {
        send_page(res, 500, "<!doctype html><title>niam</title><p>Page missing from this build.</p>");
        return;
    }
    send_page(res, 200, fill_page(page->body, values));
}

void WebServer::Impl::api_hosts(const httplib::Request& req, httplib::Response& res) {
    auto query = parse_host_query({param(req, "state"), param(req, "q"), param(req, "sort"), param(req, "limit"),
                                   param(req, "cursor"), param(req, "since")});
    if (!query) return send_json(res, 400, error_json(query.error().message));
    send_json(res, 200, host_page_json(*host_pages.index(board.latest(), now()), *query));
}

void WebServer::Impl::api_host(const httplib::Request& req, httplib::Response& res) {
    const auto snapshot = board.latest();
    const std::string hostname = req.matches[1];
    const master::HostView* host = find_host(*snapshot, hostname, param(req, "instance"));
    if (!host) {
        not_found(req, res, "unknown host: " + hostname);
        return;
    }
    send_json(res, 200, host_json(*snapshot, *host, now()));
}

void WebServer::Impl::api_alerts(const httplib::Request& req, httplib::Response& res) {
    const std::int64_t at = now();
    const auto since = parse_since(param(req, "since"), at, kAlertLookbackDefault);
    if (!since) return send_json(res, 400, error_json(since.error().message));
    const auto limit = parse_limit(param(req, "limit"), kAlertLimitDefault, kAlertLimitMax);
    if (!limit) return send_json(res, 400, error_json(limit.error().message));
    auto alerts = [&] {
        std::lock_guard lock(reader_mutex);
        return reader.alerts_since(*since, *limit);
    }();
    if (!alerts) {
        log::warning("web: reading alerts failed: " + alerts.error().describe());
        return send_json(res, 503, error_json("history store unavailable"));
    }
    send_json(res, 200, alerts_json(*alerts, *since, at));
}

void WebServer::Impl::api_history(const httplib::Request& req, httplib::Response& res) {
    const std::int64_t at = now();
    const auto hostname = param(req, "host");
    if (!hostname || hostname->empty()) return send_json(res, 400, error_json("host: required"));
    const auto since = parse_since(param(req, "since"), at, kHistoryLookbackDefault);
    if (!since) return send_json(res, 400, error_json(since.error().message));
    const std::string check = param(req, "check").value_or("");

    const auto snapshot = board.latest();
    const master::HostView* host = find_host(*snapshot, *hostname, param(req, "instance"));
    if (!host) return not_found(req, res, "unknown host: " + *hostname);

    HistoryRows rows;
    awsrest::Result<void> read;
    {
        std::lock_guard lock(reader_mutex);
        // From PURGE_AFTER earlier: the heartbeat before the window tells the state at its start.
        auto beats = reader.heartbeats(host->host.key, *since - snapshot->purge_after, kHistoryRowLimit);
        auto results = beats ? reader.check_history(*hostname, check, *since, kHistoryRowLimit)
                             : awsrest::Result<std::vector<store::CheckResultRow>>(beats.error());
        if (!beats) {
            read = beats.error();
        } else if (!results) {
            read = results.error();
        } else {
            rows.truncated = beats->size() >= kHistoryRowLimit || results->size() >= kHistoryRowLimit;
            rows.heartbeats = std::move(beats.value());
            rows.results = std::move(results.value());
        }
    }
    if (!read) {
        log::warning("web: reading history failed: " + read.error().describe());
        return send_json(res, 503, error_json("history store unavailable"));
    }
    send_json(res, 200, history_json(*snapshot, *host, rows, check, *since, at));
}

void WebServer::Impl::api_metrics(const httplib::Request& req, httplib::Response& res) {
    const std::int64_t at = now();
    const auto hostname = param(req, "host");
    if (!hostname || hostname->empty()) return send_json(res, 400, error_json("host: required"));
    const auto name = param(req, "name");
    std::vector<std::string> tag_values;
    for (std::size_t i = 0; i < req.get_param_value_count("tag"); ++i)
        tag_values.push_back(req.get_param_value("tag", i));
    if (!name && (!tag_values.empty() || req.has_param("since") || req.has_param("until"))) {
        return send_json(res, 400, error_json("name: required with tag, since or until"));
    }
    if (name && name->empty()) return send_json(res, 400, error_json("name: must not be empty"));
    const auto tags = parse_tag_params(tag_values);
    if (!tags) return send_json(res, 400, error_json(tags.error().message));
    const auto since = parse_since(param(req, "since"), at, kMetricsLookbackDefault);
    if (!since) return send_json(res, 400, error_json(since.error().message));
    const auto until_text = param(req, "until");
    auto until = parse_since(until_text, at, 0);
    if (!until) {
        std::string message = until.error().message;
        if (message.starts_with("since")) message.replace(0, 5, "until");
        return send_json(res, 400, error_json(message));
    }
    if (*since > *until) return send_json(res, 400, error_json("since: later than until"));

    const auto snapshot = board.latest();
    const master::HostView* host = find_host(*snapshot, *hostname, param(req, "instance"));
    if (!host) return not_found(req, res, "unknown host: " + *hostname);
    const store::HostKey& key = host->host.key;

    std::lock_guard lock(reader_mutex);
    auto series = reader.metric_series(key);
    if (!series) {
        log::warning("web: reading metric series failed: " + series.error().describe());
        return send_json(res, 503, error_json("history store unavailable"));
    }
    if (!name) return send_json(res, 200, latest_metrics_json(key, *series));
    const store::MetricSeriesRow* found = find_series(*series, *name, *tags);
    if (!found) return not_found(req, res, "unknown metric series of " + *hostname + ": " + *name);
    auto points = reader.metric_points(key, found->name, found->tags, *since, *until, store::kMaxMetricPoints);
    if (!points) {
        log::warning("web: reading metric points failed: " + points.error().describe());
        return send_json(res, 503, error_json("history store unavailable"));
    }
    if (!*points) return not_found(req, res, "unknown metric series of " + *hostname + ": " + *name);
    send_json(res, 200, metric_points_json(key, *found, **points, *since, *until));
}

void WebServer::Impl::api_inventory(const httplib::Request& req, httplib::Response& res) {
    const auto hostname = param(req, "host");
    if (!hostname || hostname->empty()) return send_json(res, 400, error_json("host: required"));
    const auto snapshot = board.latest();
    const master::HostView* host = find_host(*snapshot, *hostname, param(req, "instance"));
    if (!host) return not_found(req, res, "unknown host: " + *hostname);
    const store::HostKey& key = host->host.key;
    awsrest::Result<std::optional<store::StoredInventory>> stored = std::optional<store::StoredInventory>{};
    {
        std::lock_guard lock(reader_mutex);
        stored = reader.inventory(key);
    }
    if (!stored) {
        log::warning("web: reading the inventory failed: " + stored.error().describe());
        return send_json(res, 503, error_json("history store unavailable"));
    }
    send_json(res, 200, inventory_json(key, *stored));
}

static LogParams log_params(const httplib::Request& req) {
    LogParams params;
    params.host = param(req, "host");
    params.instance = param(req, "instance");
    params.source = param(req, "source");
    params.q = param(req, "q");
    params.since = param(req, "since");
    params.until = param(req, "until");
    params.limit = param(req, "limit");
    params.before = param(req, "before");
    params.kind = param(req, "kind");
    return params;
}

void WebServer::Impl::api_logs(const httplib::Request& req, httplib::Response& res) {
    auto request = parse_log_params(log_params(req), now());
    if (!request) return send_json(res, 400, error_json(request.error().message));
    const auto snapshot = board.latest();
    const master::HostView* host = find_host(*snapshot, request->query.hostname, request->instance);
    if (!host) return not_found(req, res, "unknown host: " + request->query.hostname);
    request->query.instance = host->host.key.instance;
    awsrest::Result<store::LogPage> page = store::LogPage{};
    {
        std::lock_guard lock(reader_mutex);
        page = reader.log_lines(request->query);
    }
    if (!page) {
        if (page.error().message.starts_with("q: ")) return send_json(res, 400, error_json(page.error().message));
        log::warning("web: reading log lines failed: " + page.error().describe());
        return send_json(res, 503, error_json("history store unavailable"));
    }
    send_json(res, 200, logs_json(host->host.key, *page));
}

void WebServer::Impl::api_events(const httplib::Request& req, httplib::Response& res) {
    auto request = parse_event_params(log_params(req), now());
    if (!request) return send_json(res, 400, error_json(request.error().message));
    const auto snapshot = board.latest();
    const master::HostView* host = find_host(*snapshot, request->query.hostname, request->instance);
    if (!host) return not_found(req, res, "unknown host: " + request->query.hostname);
    request->query.instance = host->host.key.instance;
    awsrest::Result<std::vector<store::EventRow>> events = std::vector<store::EventRow>{};
    {
        std::lock_guard lock(reader_mutex);
        events = reader.events(request->query);
    }
    if (!events) {
        log::warning("web: reading events failed: " + events.error().describe());
        return send_json(res, 503, error_json("history store unavailable"));
    }
    send_json(res, 200, events_json(host->host.key, *events));
}

void WebServer::Impl::host_page(const httplib::Request& req, httplib::Response& res) {
    const auto snapshot = board.latest();
    const std::string hostname = req.matches[1];
    const master::HostView* host = find_host(*snapshot, hostname, param(req, "instance"));
    if (!host) return not_found(req, res, "unknown host: " + hostname);
    // data-hostname keeps the name for the API calls; what is read shows hidden controls.
    serve_page(res, "host.html",
               {{"hostname", hostname},
                {"instance", host->host.key.instance},
                {"hostname_shown", text::log_safe(hostname)},
                {"instance_shown", text::log_safe(host->host.key.instance)}});
}

void WebServer::Impl::routes() {
    using httplib::Request;
    using httplib::Response;
    httplib::Headers headers = {
        {"Content-Security-Policy", kContentSecurityPolicy},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
    };
    if (tls) headers.emplace("Strict-Transport-Security", "max-age=31536000");  // HSTS: a year
    server.set_default_headers(std::move(headers));
    server.set_pre_routing_handler([this](const Request& req, Response& res) { return admit(req, res); });
    server.set_logger([](const Request& req, const Response& res) {
        // The path only: a query may hold ?token=.
        log::debug("web: " + req.method + " " + req.path + " " + std::to_string(res.status));
    });

    const auto page = [this](std::string_view name) {
        return [this, name](const Request& req, Response& res) {
            csrf_cookie(req, res);
            serve_page(res, name);
        };
    };
    server.Get("/", page("dashboard.html"));
    server.Get("/alerts", page("alerts.html"));
    server.Get("/logs", page("logs.html"));
    server.Get("/events", page("events.html"));
    server.Get("/silences", page("silences.html"));
    server.Get(R"(/hosts/(.+))", [this](const Request& req, Response& res) {
        csrf_cookie(req, res);
        host_page(req, res);
    });
    server.Get(R"(/assets/([A-Za-z0-9_.-]+))", [this](const Request& req, Response& res) {
        const Asset* asset = find_asset(std::string(req.matches[1]));
        if (!asset || asset->name.ends_with(".html")) return not_found(req, res, "no such file");
        res.set_content(std::string(asset->body), std::string(content_type_for(asset->name)));
    });

    server.Get("/api/hosts", [this](const Request& req, Response& res) { api_hosts(req, res); });
    server.Get("/api/summary", [this](const Request&, Response& res) {
        send_json(res, 200, summary_json(*host_pages.index(board.latest(), now())));
    });
    server.Get(R"(/api/hosts/(.+))", [this](const Request& req, Response& res) { api_host(req, res); });
    server.Get("/api/alerts", [this](const Request& req, Response& res) { api_alerts(req, res); });
    server.Get("/api/history", [this](const Request& req, Response& res) { api_history(req, res); });
    server.Get("/api/metrics", [this](const Request& req, Response& res) { api_metrics(req, res); });
    server.Get("/api/inventory", [this](const Request& req, Response& res) { api_inventory(req, res); });
    server.Get("/api/logs", [this](const Request& req, Response& res) { api_logs(req, res); });
    server.Get("/api/events", [this](const Request& req, Response& res) { api_events(req, res); });
    server.Get("/api/silences", [this](const Request&, Response& res) { api_silences(res); });
    server.Post("/api/silences", [this](const Request& req, Response& res) { add_silence(req, res); });
    server.Delete(R"(/api/silences/([0-9]{1,18}))",
                  [this](const Request& req, Response& res) { remove_silence(req, res); });
    server.Get("/healthz", [this](const Request&, Response& res) {
        const auto snapshot = board.latest();
        send_json(res, 200,
                  "{\"status\":\"ok\",\"now\":" + std::to_string(now()) +
                      ",\"taken_at\":" + std::to_string(snapshot->taken_at) + "}");
    });
    server.Get("/metrics", [this](const Request&, Response& res) {
        res.set_content(metrics_text(*board.latest(), now()) + gate_metrics(gate->stats()) +
                            login_metrics(login_limiter.stats(), login_busy.load()),
                        std::string(kMetricsContentType));
    });

    server.Get(R"(.*)", [this](const Request& req, Response& res) { not_found(req, res, "no such page"); });
    const auto not_allowed = [](const Request&, Response& res) {
        res.set_header("Allow", "GET, HEAD");
        send_json(res, 405, error_json("method not allowed"));
    };
    server.Post(R"(.*)", not_allowed);
    server.Put(R"(.*)", not_allowed);
    server.Patch(R"(.*)", not_allowed);
    server.Delete(R"(.*)", not_allowed);
    server.Options(R"(.*)", not_allowed);
}

WebServer::WebServer(const master::SnapshotBoard& board, store::HistoryStore& reader, awsrest::Clock& clock,
                     WebOptions options)
    : impl_(std::make_unique<Impl>(board, reader, clock, std::move(options))) {}

WebServer::~WebServer() { stop(); }

awsrest::Result<void> WebServer::start() {
    Impl& self = *impl_;
    const std::string where = self.options.address + ":" + std::to_string(self.options.port);
    if (self.started) return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "web: already started");
    if (self.options.port < 0 || self.options.port > 65535) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "web: port out of range in " + where);
    }
    if (auto names = check_web_host_names(self.options.allowed_hosts); !names) {
        return awsrest::make_error(names.error().kind, "web: " + names.error().message);
    }
    auto guard = AccessGuard::create(self.options.access_token, self.options.basic_auth_file);
    if (!guard) return awsrest::make_error(guard.error().kind, "web: " + guard.error().message);
    self.guard = std::move(guard.value());
    if (!is_loopback(self.options.address) && !self.guard.required()) {
        return awsrest::make_error(
            awsrest::ErrorKind::InvalidArgument,
            "web: listening on " + self.options.address + " (not loopback) needs an access token or a basic-auth file");
    }

    if (auto loaded = self.load_tls(); !loaded) return loaded;

    self.routes();
    self.server.set_keep_alive_timeout(kKeepAliveSeconds);  // what the Keep-Alive header says
    self.server.set_payload_max_length(kMaxRequestBody);
    GateBounds bounds;
    bounds.idle_timeout = std::chrono::seconds(kKeepAliveSeconds);
    bounds.request.max_body_bytes = kMaxRequestBody;
    self.gate = std::make_unique<RequestGate>(
        [&self](httplib::Stream& stream, bool close, bool& closed) {
            return self.server.process_request(stream, close, closed, {});
        },
        bounds, self.tls.get());
    auto bound = self.gate->start(self.options.address, self.options.port);
    if (!bound) {
        self.gate.reset();
        return awsrest::make_error(awsrest::ErrorKind::Network,
                                   "web: cannot listen on " + where + ": " + bound.error().message);
    }
    self.port = *bound;
    self.started = true;
    if (!self.tls && !is_loopback(self.options.address)) {
        log::warning(
            "web interface on " + self.options.address + ":" + std::to_string(self.port) +
            " without TLS: passwords and tokens cross the network in clear; give --web-tls-cert/--web-tls-key");
    }
    log::info(std::string("web: serving on ") + self.scheme() + "://" +
              (self.options.address.find(':') != std::string::npos ? "[" + self.options.address + "]"
                                                                   : self.options.address) +
              ":" + std::to_string(self.port) + "/" + (self.guard.required() ? " (access control on)" : ""));
    return {};
}

int WebServer::port() const noexcept { return impl_->port; }

const char* WebServer::scheme() const noexcept { return impl_->scheme(); }

awsrest::Result<void> WebServer::Impl::load_tls() {
    if (options.tls_certificate.empty() != options.tls_key.empty()) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "web: a TLS certificate and key go together (--web-tls-cert and --web-tls-key)");
    }
    if (options.tls_certificate.empty()) return {};
    auto loaded = TlsContext::load({options.tls_certificate, options.tls_key}, now());
    if (!loaded) return awsrest::make_error(loaded.error().kind, "web: " + loaded.error().message);
    tls = std::move(loaded).value();
    for (const auto& warning : tls->warnings()) log::warning("web: " + warning);
    log::info("web: TLS certificate " + tls->describe());
    return {};
}

awsrest::Result<std::vector<std::string>> WebServer::reload_tls() {
    if (!impl_->tls) return std::vector<std::string>{};
    if (auto reloaded = impl_->tls->reload(impl_->now()); !reloaded) return std::move(reloaded).error();
    std::vector<std::string> loaded = {impl_->tls->describe()};
    for (auto& warning : impl_->tls->warnings()) loaded.push_back(std::move(warning));
    return loaded;
}

void WebServer::stop() {
    if (impl_->gate) impl_->gate->stop();
}

}  // namespace niamd::web
