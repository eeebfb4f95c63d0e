// Signed queue messages: the wire form, verification, tampering.
#include <catch2/catch.hpp>

#include <string>

#include "protocol/message_signature.hpp"

using niamd::protocol::check_message_signature;
using niamd::protocol::kSignatureLineBytes;
using niamd::protocol::sign_message;
using niamd::protocol::SignatureStatus;

TEST_CASE("signature: no key leaves the body unchanged", "[protocol][signature]") {
    CHECK(sign_message("i-1,web1,PING,1700000000", "") == "i-1,web1,PING,1700000000");
}

TEST_CASE("signature: the wire form is a last line with the HMAC-SHA256 in hex", "[protocol][signature]") {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    const std::string body = "what do ya want for nothing?";
    const std::string signed_body = sign_message(body, "Jefe");
    CHECK(signed_body == body + "\n#hmac-sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(signed_body.size() == body.size() + 78);
}

TEST_CASE("signature: a client signs its send time inside the signed part", "[protocol][signature]") {
    const std::string body = "i-1,web1,PING,1700000000";
    const std::string signed_body = sign_message(body, "s3cret", 1700000002);
    CHECK(signed_body.rfind(body + "\n#sent=1700000002\n#hmac-sha256=", 0) == 0);
    CHECK(signed_body == sign_message(body + "\n#sent=1700000002", "s3cret"));
    CHECK(signed_body.size() <= body.size() + kSignatureLineBytes);
    CHECK(sign_message(body, "s3cret", 999999999999999999).size() <= body.size() + kSignatureLineBytes);
    auto check = check_message_signature(signed_body, "s3cret");
    CHECK(check.status == SignatureStatus::Valid);
    CHECK(check.payload == body);
    REQUIRE(check.sent_at);
    CHECK(*check.sent_at == 1700000002);
    // The send time cannot be changed without the key.
    std::string later = signed_body;
    later.replace(later.find("#sent=1700000002") + 6, 10, "1700000300");
    check = check_message_signature(later, "s3cret");
    CHECK(check.status == SignatureStatus::Forged);
    CHECK_FALSE(check.sent_at);
    // The old form has none; without a key the time is still split off.
    CHECK_FALSE(check_message_signature(sign_message(body, "s3cret"), "s3cret").sent_at);
    check = check_message_signature(signed_body, "");
    CHECK(check.status == SignatureStatus::Unchecked);
    CHECK(check.payload == body);
    CHECK(check.sent_at == 1700000002);
    CHECK(sign_message(body, "", 1700000002) == body);
}

TEST_CASE("signature: a signed message verifies and gives back its body", "[protocol][signature]") {
    const std::string body = "i-1,web1,PING,1700000000\ni-1,web1,HTTP,www,80,1700000000,0";
    const std::string signed_body = sign_message(body, "s3cret");
    const auto check = check_message_signature(signed_body, "s3cret");
    CHECK(check.status == SignatureStatus::Valid);
    CHECK(check.payload == body);
    // A trailing newline or CRLF after the signature line is tolerated.
    CHECK(check_message_signature(signed_body + "\n", "s3cret").status == SignatureStatus::Valid);
    CHECK(check_message_signature(signed_body + "\r\n", "s3cret").status == SignatureStatus::Valid);
}

TEST_CASE("signature: wrong key and changed body and bad hex and moved lines are forged", "[protocol][signature]") {
    const std::string body = "i-1,web1,PING,1700000000";
    const std::string signed_body = sign_message(body, "s3cret");
    CHECK(check_message_signature(signed_body, "other").status == SignatureStatus::Forged);
    std::string changed = signed_body;
    changed[4] = 'X';
    CHECK(check_message_signature(changed, "s3cret").status == SignatureStatus::Forged);
    std::string upper = signed_body;
    for (std::size_t i = upper.size() - 64; i < upper.size(); ++i) {
        if (upper[i] >= 'a' && upper[i] <= 'f') upper[i] = static_cast<char>(upper[i] - 'a' + 'A');
    }
    if (upper != signed_body) CHECK(check_message_signature(upper, "s3cret").status == SignatureStatus::Forged);
    CHECK(check_message_signature(body + "\n#hmac-sha256=abc", "s3cret").status == SignatureStatus::Forged);
    // The signature must be the last line: records after it are not covered.
    CHECK(check_message_signature(signed_body + "\ni-1,web1,PING,1700000001", "s3cret").status ==
          SignatureStatus::Unsigned);
}

TEST_CASE("signature: unsigned and unchecked messages", "[protocol][signature]") {
    const std::string body = "i-1,web1,PING,1700000000";
    auto check = check_message_signature(body, "s3cret");
    CHECK(check.status == SignatureStatus::Unsigned);
    CHECK(check.payload == body);
    const std::string signed_body = sign_message(body, "s3cret");  // payload views into it
    check = check_message_signature(signed_body, "");
    CHECK(check.status == SignatureStatus::Unchecked);
    CHECK(check.payload == body);
    // A signature line alone signs the empty body.
    const std::string signed_empty = sign_message("", "k");
    check = check_message_signature(signed_empty, "k");
    CHECK(check.status == SignatureStatus::Valid);
    CHECK(check.payload.empty());
}
