#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include "follow/file_identity.hpp"
#include "follow_files.hpp"
#include "support/temp_dir.hpp"

using namespace niamd::follow;

namespace {

struct Fd {
    int fd;
    explicit Fd(const std::filesystem::path& path) : fd(::open(path.c_str(), O_RDONLY)) { REQUIRE(fd >= 0); }
    ~Fd() { ::close(fd); }
};

}  // namespace

TEST_CASE("follow: an identity is the inode and a fingerprint of the first bytes, growing to 1 KiB", "[follow]") {
    test_support::TempDir dir("niam-identity");
    const auto path = dir.write("a.log", "hello\n");
    Fd fd(path);
    auto identity = identity_of(fd.fd);
    REQUIRE(identity);
    CHECK(identity->fingerprint_bytes == 6);
    CHECK(identity->fingerprint == fnv1a("hello\n", 6));
    follow_test::append(path, std::string(2000, 'z'));
    CHECK(still_same(fd.fd, *identity));
    CHECK(identity->fingerprint_bytes == kFingerprintBytes);
    const std::string head = "hello\n" + std::string(kFingerprintBytes - 6, 'z');
    CHECK(identity->fingerprint == fnv1a(head.data(), head.size()));
    CHECK(still_same(fd.fd, *identity));
}

TEST_CASE("follow: content written anew in the same inode is not the same file", "[follow]") {
    test_support::TempDir dir("niam-identity");
    const auto path = dir.write("a.log", "first content\n");
    Fd fd(path);
    auto identity = identity_of(fd.fd);
    REQUIRE(identity);
    std::filesystem::resize_file(path, 0);
    auto truncated = *identity;
    CHECK_FALSE(still_same(fd.fd, truncated));  // shorter than the fingerprint
    follow_test::append(path, "other content, longer\n");
    auto rewritten = *identity;
    CHECK_FALSE(still_same(fd.fd, rewritten));  // same inode, other first bytes
    auto moved = *identity;
    moved.inode += 1;
    CHECK_FALSE(still_same(fd.fd, moved));
}
