// The web interface over HTTPS: a real WebServer with a test CA's certificate on an ephemeral
// loopback port, a real TLS client (tests/support/tls_probe.hpp) verifying it. Certificates
// are made at the ManualClock's time and verified at it, so nothing depends on today's date.
#include <catch2/catch.hpp>

#include <openssl/ssl.h>

#include <csignal>
#include <string>

#include "log/log.hpp"
#include "raw_client.hpp"
#include "store/open_store.hpp"
#include "support/scripted_http.hpp"
#include "support/test_certificates.hpp"
#include "support/tls_probe.hpp"
#include "web/tls_context.hpp"
#include "web/web_server.hpp"
#include "web_fixtures.hpp"

using niam_test::TlsProbeOptions;
using niamd::web::TlsContext;
using niamd::web::WebOptions;
using niamd::web::WebServer;
using namespace std::chrono_literals;

namespace {

const std::string kHealthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A CA and a leaf for 127.0.0.1 signed by it, written into `dir` as NAME-ca.pem,
// NAME-chain.pem (leaf, then the CA as an intermediate would be) and NAME.key (mode 0600).
struct CertificatePair {
    std::string ca_file, chain_file, key_file, key_pem;
};

CertificatePair write_pair(const web_test::TempDir& dir, const std::string& name, long valid_until_days = 90) {
    niam_test::CertificateSpec ca_spec;
    ca_spec.common_name = "niam web test CA " + name;
    ca_spec.is_ca = true;
    const auto ca = niam_test::make_certificate(ca_spec, nullptr, web_test::kNow);
    niam_test::CertificateSpec leaf_spec;
    leaf_spec.common_name = "niam web " + name;
    leaf_spec.ip_addresses = {"127.0.0.1"};
    leaf_spec.valid_from_days = valid_until_days < 0 ? valid_until_days - 30 : -1;
    leaf_spec.valid_until_days = valid_until_days;
    const auto leaf = niam_test::make_certificate(leaf_spec, &ca, web_test::kNow);
    CertificatePair pair;
    pair.ca_file = dir.write(name + "-ca.pem", ca.certificate_pem(), 0644).string();
    pair.chain_file = dir.write(name + "-chain.pem", niam_test::chain_pem({&leaf, &ca}), 0644).string();
    pair.key_pem = leaf.key_pem();
    pair.key_file = dir.write(name + ".key", pair.key_pem, 0600).string();
    return pair;
}

TlsProbeOptions verified_by(const CertificatePair& pair, int version = 0) {
    TlsProbeOptions options;
    options.ca_file = pair.ca_file;
    options.min_version = version;
    options.max_version = version;
    options.verify_time = web_test::kNow;
    return options;
}

// What the log says while `run` runs (warnings and up).
template <class Run>
std::string logged_during(Run run) {
    std::FILE* captured = std::tmpfile();
    REQUIRE(captured != nullptr);
    const bool debug = niamd::log::enabled(niamd::log::Level::Debug);
    const bool info = niamd::log::enabled(niamd::log::Level::Info);
    niamd::log::to_stream(captured);
    niamd::log::set_level(niamd::log::Level::Info);
    run();
    niamd::log::set_level(debug ? niamd::log::Level::Debug : info ? niamd::log::Level::Info : niamd::log::Level::Error);
    niamd::log::to_stream(stderr);
    std::rewind(captured);
    std::string logged;
    for (int c = std::fgetc(captured); c != EOF; c = std::fgetc(captured)) logged += static_cast<char>(c);
    std::fclose(captured);
    return logged;
}

// An HTTPS WebServer with the sample snapshot (no history: these tests read /healthz and /).
class ServedTls {
  public:
    explicit ServedTls(WebOptions options) {
        std::signal(SIGPIPE, SIG_IGN);  // as the daemon (signals.cpp): OpenSSL writes with write()
        auto store = niamd::store::open_store(std::nullopt, dir_.path());
        if (!store) FAIL(store.error().describe());
        store_ = std::move(store.value());
        board_.publish(web_test::sample_snapshot());
        options.port = 0;
        server_ = std::make_unique<WebServer>(board_, *store_, clock_, std::move(options));
        started_ = server_->start();
    }
    awsrest::Result<void>& started() { return started_; }
    int port() const { return server_->port(); }
    WebServer& server() { return *server_; }

  private:
    web_test::TempDir dir_;
    std::unique_ptr<niamd::store::HistoryStore> store_;
    niamd::master::SnapshotBoard board_;
    test_support::ManualClock clock_;
    std::unique_ptr<WebServer> server_;
    awsrest::Result<void> started_;
};

WebOptions with_tls(const CertificatePair& pair) {
    WebOptions options;
    options.tls_certificate = pair.chain_file;
    options.tls_key = pair.key_file;
    return options;
}

}  // namespace

TEST_CASE("web tls: TLS 1.2 and 1.3 verified against the CA, the chain served, HSTS on every answer", "[web]") {
    web_test::TempDir dir;
    const auto pair = write_pair(dir, "first");
    ServedTls served(with_tls(pair));
    REQUIRE(served.started());
    CHECK(std::string(served.server().scheme()) == "https");

    for (const int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
        const auto answer = niam_test::tls_request(served.port(), kHealthz, verified_by(pair, version));
        INFO(answer.error);
        REQUIRE(answer.connected);
        CHECK(answer.protocol == (version == TLS1_2_VERSION ? "TLSv1.2" : "TLSv1.3"));
        CHECK(answer.fingerprint == niam_test::pem_fingerprint(pair.chain_file));
        CHECK_THAT(answer.response, Catch::StartsWith("HTTP/1.1 200 OK\r\n"));
        CHECK(contains(answer.response, "\r\nStrict-Transport-Security: max-age=31536000\r\n"));
        CHECK(contains(answer.response, "\"status\":\"ok\""));
    }
    // A 404 and a refusal of the gate's own (a body past its bound) carry HSTS too.
    const auto missing = niam_test::tls_request(
        served.port(), "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", verified_by(pair));
    CHECK_THAT(missing.response, Catch::StartsWith("HTTP/1.1 404"));
    CHECK(contains(missing.response, "Strict-Transport-Security: max-age=31536000"));
    const auto refused = niam_test::tls_request(
        served.port(), "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999\r\n\r\n", verified_by(pair));
    CHECK_THAT(refused.response, Catch::StartsWith("HTTP/1.1 413"));
    CHECK(contains(refused.response, "Strict-Transport-Security: max-age=31536000"));

    // Another CA's client does not trust it: the verification is real.
    const auto other = write_pair(dir, "other");
    const auto untrusted = niam_test::tls_request(served.port(), kHealthz, verified_by(other));
    CHECK_FALSE(untrusted.connected);
    CHECK(contains(untrusted.error, "certificate verify failed"));
}

TEST_CASE("web tls: TLS 1.1 and plain HTTP are refused, and counted", "[web]") {
    web_test::TempDir dir;
    const auto pair = write_pair(dir, "first");
    ServedTls served(with_tls(pair));
    REQUIRE(served.started());

    auto legacy = verified_by(pair, TLS1_1_VERSION);
    legacy.allow_legacy = true;  // the client may offer TLS 1.1: the server is what refuses it
    const auto old = niam_test::tls_request(served.port(), kHealthz, legacy);
    CHECK_FALSE(old.connected);
    CHECK(contains(old.error, "alert protocol version"));

    web_test::RawClient plain(served.port());
    REQUIRE(plain.send(kHealthz));
    const std::string answer = plain.read(2000ms);
    CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 400 Bad Request\r\n"));
    CHECK(contains(answer, "this port speaks HTTPS: use https://"));
    CHECK_FALSE(contains(answer, "\"status\":\"ok\""));
    CHECK(plain.closed());

    const auto metrics = niam_test::tls_request(
        served.port(), "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", verified_by(pair));
    CHECK(contains(metrics.response, "niam_web_connections_closed_total{reason=\"tls_handshake\"} 2\n"));
}

TEST_CASE("web tls: the token cookie is Secure with TLS, not without, HSTS only with TLS", "[web]") {
    const std::string token = "a-token-of-some-length-42";
    web_test::TempDir dir;
    const auto pair = write_pair(dir, "first");
    WebOptions options = with_tls(pair);
    options.access_token = token;
    ServedTls served(options);
    REQUIRE(served.started());
    const auto visit = niam_test::tls_request(
        served.port(), "GET /?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        verified_by(pair));
    CHECK_THAT(visit.response, Catch::StartsWith("HTTP/1.1 303"));
    CHECK(contains(visit.response,
                   "\r\nSet-Cookie: niam_token=" + token + "; Path=/; HttpOnly; SameSite=Strict; Secure\r\n"));

    WebOptions plain_options;
    plain_options.access_token = token;
    ServedTls plain(plain_options);
    REQUIRE(plain.started());
    CHECK(std::string(plain.server().scheme()) == "http");
    web_test::RawClient client(plain.port());
    REQUIRE(client.send("GET /?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    const std::string answer = client.read(2000ms);
    CHECK(contains(answer, "\r\nSet-Cookie: niam_token=" + token + "; Path=/; HttpOnly; SameSite=Strict\r\n"));
    CHECK_FALSE(contains(answer, "Strict-Transport-Security"));
    CHECK(plain.server().reload_tls().ok());  // without TLS: nothing to reload
}

TEST_CASE("web tls: a reload serves the new pair to new connections, a bad new pair keeps the old", "[web]") {
    web_test::TempDir dir;
    const auto first = write_pair(dir, "first");
    ServedTls served(with_tls(first));
    REQUIRE(served.started());
    const std::string first_print = niam_test::pem_fingerprint(first.chain_file);
    REQUIRE(niam_test::tls_request(served.port(), kHealthz, verified_by(first)).fingerprint == first_print);

    // Files replaced in place (as certbot's hook would), then reloaded.
    const auto second = write_pair(dir, "second");
    std::filesystem::copy_file(second.chain_file, first.chain_file, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(second.key_file, first.key_file, std::filesystem::copy_options::overwrite_existing);
    const auto reloaded = served.server().reload_tls();
    REQUIRE(reloaded.ok());
    CHECK_THAT(reloaded->front(), Catch::StartsWith("CN=niam web second, SHA-256 "));
    const std::string second_print = niam_test::pem_fingerprint(second.chain_file);
    REQUIRE(second_print != first_print);
    const auto after = niam_test::tls_request(served.port(), kHealthz, verified_by(second));
    INFO(after.error);
    CHECK(after.connected);
    CHECK(after.fingerprint == second_print);

    // A key of another certificate: refused, naming the file; the second pair still serves.
    const auto third = write_pair(dir, "third");
    std::filesystem::copy_file(third.key_file, first.key_file, std::filesystem::copy_options::overwrite_existing);
    const auto refused = served.server().reload_tls();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message ==
          "web TLS key file " + first.key_file + ": does not match the certificate in " + first.chain_file);
    CHECK_FALSE(contains(refused.error().message, third.key_pem.substr(30, 40)));
    CHECK(niam_test::tls_request(served.port(), kHealthz, verified_by(second)).fingerprint == second_print);

    // An emptied certificate file: the same.
    std::filesystem::copy_file(second.key_file, first.key_file, std::filesystem::copy_options::overwrite_existing);
    dir.write("first-chain.pem", "", 0644);
    const auto empty = served.server().reload_tls();
    REQUIRE_FALSE(empty.ok());
    CHECK_THAT(empty.error().message,
               Catch::StartsWith("web TLS certificate file " + first.chain_file + ": no PEM certificate"));
    CHECK(niam_test::tls_request(served.port(), kHealthz, verified_by(second)).fingerprint == second_print);
}

TEST_CASE("web tls: bad files stop the start with the file named and no key shown", "[web]") {
    web_test::TempDir dir;
    const auto pair = write_pair(dir, "first");
    const auto other = write_pair(dir, "other");
    struct Row {
        std::string name;
        std::string certificate, key;
        std::string message;
    };
    const std::string garbage_key =
        dir.write("garbage.key", "-----BEGIN PRIVATE KEY-----\nnot-a-key-at-all\n", 0600).string();
    const std::string open_key = dir.write("open.key", pair.key_pem, 0640).string();
    const std::vector<Row> rows = {
        {"missing certificate", (dir.path() / "none.pem").string(), pair.key_file,
         "web: web TLS certificate file " + (dir.path() / "none.pem").string() + ": cannot be read"},
        {"missing key", pair.chain_file, (dir.path() / "none.key").string(),
         "web: web TLS key file " + (dir.path() / "none.key").string() + ": cannot be read"},
        {"key of another certificate", pair.chain_file, other.key_file,
         "web: web TLS key file " + other.key_file + ": does not match the certificate in " + pair.chain_file},
        {"key readable by the group", pair.chain_file, open_key,
         "web: web TLS key file " + open_key + ": refused: mode 0640 lets group or others in; chmod 600 " + open_key},
        {"not a key", pair.chain_file, garbage_key,
         "web: web TLS key file " + garbage_key + ": no PEM private key without a passphrase in it"},
        {"a key as the certificate", pair.key_file, pair.key_file,
         "web: web TLS certificate file " + pair.key_file + ": no PEM certificate in it"},
        {"a certificate without its key", pair.chain_file, "",
         "web: a TLS certificate and key go together (--web-tls-cert and --web-tls-key)"},
    };
    for (const auto& row : rows) {
        SECTION(row.name) {
            WebOptions options;
            options.tls_certificate = row.certificate;
            options.tls_key = row.key;
            ServedTls served(options);
            REQUIRE_FALSE(served.started().ok());
            CHECK_THAT(served.started().error().message, Catch::StartsWith(row.message));
            CHECK(served.port() == -1);
            for (const auto* key : {&pair.key_pem, &other.key_pem}) {
                CHECK_FALSE(contains(served.started().error().message, key->substr(30, 40)));
            }
        }
    }
}

TEST_CASE("web tls: an expired certificate is served with a warning, off loopback without TLS warns", "[web]") {
    web_test::TempDir dir;
    const auto expired = write_pair(dir, "expired", -1);
    std::unique_ptr<ServedTls> served;
    const std::string logged = logged_during([&] { served = std::make_unique<ServedTls>(with_tls(expired)); });
    REQUIRE(served->started());
    CHECK(contains(logged, "WARN web: web TLS certificate file " + expired.chain_file + ": expired on "));
    CHECK(contains(logged, "INFO web: TLS certificate CN=niam web expired, SHA-256 "));
    CHECK_FALSE(contains(logged, "without TLS"));
    CHECK_FALSE(contains(logged, expired.key_pem.substr(30, 40)));

    const auto loaded = TlsContext::load({expired.chain_file, expired.key_file}, web_test::kNow - 10 * 86400);
    REQUIRE(loaded.ok());
    CHECK((*loaded)->warnings().empty());  // valid at that time
    const auto early = TlsContext::load({expired.chain_file, expired.key_file}, web_test::kNow - 90 * 86400);
    REQUIRE(early.ok());
    REQUIRE((*early)->warnings().size() == 1);
    CHECK_THAT((*early)->warnings()[0], Catch::Contains(": not valid before "));

    WebOptions open;
    open.address = "0.0.0.0";
    open.access_token = "a-token-of-some-length-42";
    std::unique_ptr<ServedTls> plain;
    const std::string warned = logged_during([&] { plain = std::make_unique<ServedTls>(open); });
    REQUIRE(plain->started());
    CHECK(contains(warned, "WARN web interface on 0.0.0.0:" + std::to_string(plain->port()) +
                               " without TLS: passwords and tokens cross the network in "
                               "clear; give --web-tls-cert/--web-tls-key"));
    open.tls_certificate = expired.chain_file;
    open.tls_key = expired.key_file;
    std::unique_ptr<ServedTls> secured;
    const std::string quiet = logged_during([&] { secured = std::make_unique<ServedTls>(open); });
    REQUIRE(secured->started());
    CHECK_FALSE(contains(quiet, "without TLS"));
}
