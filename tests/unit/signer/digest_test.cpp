// SHA-256 (FIPS 180-2 examples) and HMAC-SHA256 (RFC 4231 test cases) over libcrypto.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "crypto/digest.hpp"

using namespace awsrest::crypto;

TEST_CASE("crypto: SHA-256 of the FIPS 180-2 examples", "[signer][crypto]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(to_hex(sha256("abc")) == sha256_hex("abc"));
}

TEST_CASE("crypto: HMAC-SHA256 of the RFC 4231 test cases", "[signer][crypto]") {
    struct Case {
        const char* name;
        std::string key;
        std::string data;
        const char* mac;
    };
    const std::vector<Case> cases = {
        {"1: 20-byte key", std::string(20, '\x0b'), "Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {"2: short key", "Jefe", "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {"3: 50 bytes of 0xdd", std::string(20, '\xaa'), std::string(50, '\xdd'),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {"6: key longer than a block", std::string(131, '\xaa'),
         "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {"7: key and data longer than a block", std::string(131, '\xaa'),
         "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be "
         "hashed before being used by the HMAC algorithm.",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    for (const Case& c : cases) {
        INFO("RFC 4231 test case " << c.name);
        CHECK(to_hex(hmac_sha256(c.key, c.data)) == c.mac);
        const HmacSha256Key prepared(as_bytes(c.key));
        CHECK(to_hex(prepared.mac(c.data)) == c.mac);
        CHECK(to_hex(prepared.mac(c.data)) == c.mac);  // the prepared state is not used up
        const HmacSha256Key copy = prepared;
        CHECK(to_hex(copy.mac(c.data)) == c.mac);
    }
}

TEST_CASE("crypto: hex and constant-time comparison", "[signer][crypto]") {
    const std::uint8_t bytes[] = {0x00, 0x0f, 0xa5, 0xff};
    CHECK(to_hex(bytes) == "000fa5ff");
    std::string out = "x";
    append_hex(out, bytes);
    CHECK(out == "x000fa5ff");
    CHECK(equal_constant_time(as_bytes("same secret value here"), as_bytes("same secret value here")));
    CHECK_FALSE(equal_constant_time(as_bytes("same secret value here"), as_bytes("same secret value herE")));
    CHECK_FALSE(equal_constant_time(as_bytes("Same"), as_bytes("same")));
    CHECK_FALSE(equal_constant_time(as_bytes("short"), as_bytes("shorter")));
    CHECK(equal_constant_time(as_bytes(""), as_bytes("")));
}
