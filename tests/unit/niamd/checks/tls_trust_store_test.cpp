// The TLS checks' trust stores: read once per ca_file and shared, read again when the file
// changes, and a file that cannot be read is an error each time (never kept).
#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "checks/tls_trust_store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificates.hpp"

using niamd::checks::load_trust_store;

namespace {

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int objects_in(X509_STORE* store) { return sk_X509_OBJECT_num(X509_STORE_get0_objects(store)); }

}  // namespace

TEST_CASE("tls trust store: a ca_file is read once and shared until it changes", "[checks]") {
    test_support::TempDir dir("niam-trust");
    std::filesystem::create_directories(dir.path() / "a");
    std::filesystem::create_directories(dir.path() / "b");
    const auto first = niam_test::write_server_certificates((dir.path() / "a").string(), "a.test", std::time(nullptr));
    const auto second = niam_test::write_server_certificates((dir.path() / "b").string(), "b.test", std::time(nullptr));
    const std::string ca_file = (dir.path() / "ca.pem").string();
    niam_test::write_text_file(ca_file, read_all(first.ca_file));

    std::string error;
    const auto one = load_trust_store(ca_file, error);
    const auto again = load_trust_store(ca_file, error);
    REQUIRE(one);
    REQUIRE(again);
    CHECK(one.get() == again.get());  // the same store, not read twice
    CHECK(objects_in(one.get()) == 1);

    // A renewed file (another CA added) is read at the next call.
    niam_test::write_text_file(ca_file, read_all(first.ca_file) + read_all(second.ca_file));
    const auto renewed = load_trust_store(ca_file, error);
    REQUIRE(renewed);
    CHECK(objects_in(renewed.get()) == 2);
    CHECK(objects_in(one.get()) == 1);  // what a running check holds stays whole

    // A file that went bad is an error, and a good one after it is read again.
    niam_test::write_text_file(ca_file, "not a certificate");
    error.clear();
    CHECK_FALSE(load_trust_store(ca_file, error));
    CHECK_THAT(error, Catch::StartsWith("cannot read ca_file " + ca_file));
    niam_test::write_text_file(ca_file, read_all(second.ca_file));
    const auto back = load_trust_store(ca_file, error);
    REQUIRE(back);
    CHECK(objects_in(back.get()) == 1);

    error.clear();
    CHECK_FALSE(load_trust_store((dir.path() / "missing.pem").string(), error));
    CHECK_THAT(error, Catch::StartsWith("cannot read ca_file "));
}
