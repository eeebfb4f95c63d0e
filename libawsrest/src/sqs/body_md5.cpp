#include "sqs/body_md5.hpp"

#include <openssl/evp.h>

#include <new>

#include "core/ascii.hpp"

namespace awsrest::sqs {

std::string md5_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    // EVP_Digest can only fail when OpenSSL runs out of memory.
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr) != 1) throw std::bad_alloc();
    std::string hex;
    ascii::append_lower_hex(hex, digest, length);
    return hex;
}

bool same_md5(std::string_view a, std::string_view b) noexcept { return ascii::iequals(a, b); }

}  // namespace awsrest::sqs
