// /api/silences over loopback HTTP: list, add, remove, and the guards of a change
// (authentication when configured, the CSRF token, Origin and Sec-Fetch-Site).
#include <catch2/catch.hpp>

#include <httplib.h>

#include <string>

#include "store/open_store.hpp"
#include "support/scripted_http.hpp"
#include "web/base64.hpp"
#include "web/csrf_guard.hpp"
#include "web/silence_json.hpp"
#include "web/web_server.hpp"
#include "web_fixtures.hpp"

using niamd::web::WebOptions;
using niamd::web::WebServer;

namespace {

class SilenceServer {
  public:
    explicit SilenceServer(WebOptions options = {}) : server_(nullptr) {
        auto store = niamd::store::open_store(std::nullopt, dir_.path());
        if (!store) FAIL(store.error().describe());
        store_ = std::move(store.value());
        options.port = 0;
        server_ = std::make_unique<WebServer>(board_, *store_, clock_, std::move(options));
        const auto started = server_->start();
        if (!started) FAIL(started.error().describe());
    }
    httplib::Client client() const { return httplib::Client("127.0.0.1", server_->port()); }
    int port() const { return server_->port(); }
    niamd::master::SilenceBook& book() { return board_.silences(); }
    std::int64_t now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    }

  private:
    web_test::TempDir dir_;
    std::unique_ptr<niamd::store::HistoryStore> store_;
    niamd::master::SnapshotBoard board_;
    test_support::ManualClock clock_;
    std::unique_ptr<WebServer> server_;
};

// The niam_csrf cookie a page load sets.
std::string csrf_of(httplib::Client& client, const httplib::Headers& headers = {}) {
    const auto page = client.Get("/", headers);
    REQUIRE(page);
    REQUIRE(page->status == 200);
    const std::string cookie = page->get_header_value("Set-Cookie");
    CAPTURE(cookie);
    REQUIRE(cookie.starts_with("niam_csrf="));
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
    CHECK(cookie.find("HttpOnly") == std::string::npos);  // the dashboard's script reads it
    const std::string pair = cookie.substr(0, cookie.find(';'));
    const auto token = niamd::web::cookie_value(pair, "niam_csrf");
    REQUIRE(token);
    CHECK(niamd::web::is_csrf_token(*token));
    return std::string(*token);
}

httplib::Headers with_token(const std::string& token, httplib::Headers headers = {}) {
    headers.emplace("Cookie", "niam_csrf=" + token);
    headers.emplace("X-CSRF-Token", token);
    return headers;
}

constexpr const char* kBody =
    R"({"host":"web1","check":"www.example.org:443","duration_seconds":3600,"comment":"deploy"})";

}  // namespace

TEST_CASE("web silences: add with the CSRF token then list and delete", "[web][silences]") {
    SilenceServer served;
    auto client = served.client();
    const std::string token = csrf_of(client);
    const auto added = client.Post("/api/silences", with_token(token), kBody, "application/json");
    REQUIRE(added);
    CAPTURE(added->body);
    CHECK(added->status == 201);
    CHECK(added->get_header_value("Location") == "/api/silences/1");
    CHECK(added->body.find(R"("id":1,"host":"web1","check":"www.example.org:443")") != std::string::npos);
    CHECK(added->body.find(R"("author":"anonymous")") != std::string::npos);
    CHECK(added->body.find("\"ends\":" + std::to_string(served.now() + 3600)) != std::string::npos);

    const auto listed = client.Get("/api/silences");
    REQUIRE(listed);
    CHECK(listed->status == 200);
    CHECK(listed->body.find(R"("id":1,"host":"web1")") != std::string::npos);
    CHECK(listed->body.find(R"("active":true)") != std::string::npos);
    REQUIRE(served.book().list(served.now()).size() == 1);

    const auto removed = client.Delete("/api/silences/1", with_token(token));
    REQUIRE(removed);
    CHECK(removed->status == 200);
    CHECK(removed->body == R"({"deleted":1})");
    CHECK(served.book().list(served.now()).empty());
    const auto again = client.Delete("/api/silences/1", with_token(token));
    REQUIRE(again);
    CHECK(again->status == 404);
}

TEST_CASE("web silences: a change without the CSRF token or with a wrong one is 403", "[web][silences]") {
    SilenceServer served;
    auto client = served.client();
    const std::string token = csrf_of(client);
    const auto none = client.Post("/api/silences", kBody, "application/json");
    REQUIRE(none);
    CHECK(none->status == 403);
    CHECK(none->body.find("X-CSRF-Token") != std::string::npos);
    const auto cookie_only =
        client.Post("/api/silences", {{"Cookie", "niam_csrf=" + token}}, kBody, "application/json");
    REQUIRE(cookie_only);
    CHECK(cookie_only->status == 403);
    const auto wrong =
        client.Post("/api/silences", {{"Cookie", "niam_csrf=" + token}, {"X-CSRF-Token", "x" + token.substr(1)}}, kBody,
                    "application/json");
    REQUIRE(wrong);
    CHECK(wrong->status == 403);
    const auto remove = client.Delete("/api/silences/1");
    REQUIRE(remove);
    CHECK(remove->status == 403);
    CHECK(served.book().list(served.now()).empty());
}

TEST_CASE("web silences: a cross-site form post is refused", "[web][silences]") {
    SilenceServer served;
    auto client = served.client();
    const std::string token = csrf_of(client);
    // What a page of http://evil.example makes a browser send: a form, its Origin, cross-site.
    const auto form =
        client.Post("/api/silences", {{"Origin", "http://evil.example"}, {"Sec-Fetch-Site", "cross-site"}},
                    "host=*&duration_seconds=86400", "application/x-www-form-urlencoded");
    REQUIRE(form);
    CHECK(form->status == 403);
    // Even with the cookie and the header, another Origin or a cross-site fetch is refused.
    const auto origin =
        client.Post("/api/silences", with_token(token, {{"Origin", "http://evil.example"}}), kBody, "application/json");
    REQUIRE(origin);
    CHECK(origin->status == 403);
    CHECK(origin->body.find("Origin") != std::string::npos);
    const auto site =
        client.Post("/api/silences", with_token(token, {{"Sec-Fetch-Site", "same-site"}}), kBody, "application/json");
    REQUIRE(site);
    CHECK(site->status == 403);
    CHECK(served.book().list(served.now()).empty());
    // The server's own origin is fine.
    const std::string own = "http://127.0.0.1:" + std::to_string(served.port());
    const auto same =
        client.Post("/api/silences", with_token(token, {{"Origin", own}, {"Sec-Fetch-Site", "same-origin"}}), kBody,
                    "application/json");
    REQUIRE(same);
    CHECK(same->status == 201);
    // A form body with a good token is still not JSON: 415.
    const auto typed = client.Post("/api/silences", with_token(token), "host=*", "application/x-www-form-urlencoded");
    REQUIRE(typed);
    CHECK(typed->status == 415);
}

TEST_CASE("web silences: with basic auth a change needs a user who is its author", "[web][silences]") {
    web_test::TempDir users_dir;
    WebOptions options;
    options.basic_auth_file = users_dir.write("web.users", "alice:wonder land\n");
    SilenceServer served(options);
    auto client = served.client();
    const auto anonymous =
        client.Post("/api/silences", with_token("0123456789abcdef0123456789abcdef"), kBody, "application/json");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
    const httplib::Headers alice{{"Authorization", "Basic " + niamd::web::encode_base64("alice:wonder land")}};
    const std::string token = csrf_of(client, alice);
    const auto added = client.Post("/api/silences", with_token(token, alice), kBody, "application/json");
    REQUIRE(added);
    CHECK(added->status == 201);
    CHECK(added->body.find(R"("author":"alice")") != std::string::npos);
    const auto listed = client.Get("/api/silences");
    REQUIRE(listed);
    CHECK(listed->status == 401);
}

TEST_CASE("web silences: bad bodies are 400 with a reason", "[web][silences]") {
    SilenceServer served;
    auto client = served.client();
    const std::string token = csrf_of(client);
    for (const char* body :
         {"", "[]", "{", R"({"check":"x","duration_seconds":60})", R"({"host":"web1"})",
          R"({"host":"web1","duration_seconds":60,"ends":99999999999})", R"({"host":"web1","duration_seconds":"60"})",
          R"({"host":"web1","duration_seconds":0})", R"({"host":"web1","duration_seconds":60,"colour":"red"})",
          R"({"host":"web1","host":"web2","duration_seconds":60})", R"({"host":"web1","ends":"yesterday"})",
          R"({"host":"web1","ends":1000})", R"({"host":"web 1","duration_seconds":60})"}) {
        CAPTURE(body);
        const auto res = client.Post("/api/silences", with_token(token), body, "application/json");
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(res->body.starts_with(R"({"error":")"));
    }
    CHECK(served.book().list(served.now()).empty());
}

TEST_CASE("web silences: the request parser reads ends as Unix seconds or ISO-8601", "[web][silences]") {
    const auto iso = niamd::web::parse_silence_request(R"({"host":"*","ends":"2026-12-07T18:00:00Z"})");
    REQUIRE(iso);
    CHECK(iso->ends == 1796666400);
    const auto unix_time = niamd::web::parse_silence_request(R"({"host":"*","ends":1796666400,"check":null})");
    REQUIRE(unix_time);
    CHECK(unix_time->ends == 1796666400);
    CHECK(unix_time->check.empty());
    const auto row = niamd::web::silence_of(*iso, "bob", 1796600000);
    CHECK(row.starts == 1796600000);
    CHECK(row.ends == 1796666400);
    CHECK(row.author == "bob");
}
