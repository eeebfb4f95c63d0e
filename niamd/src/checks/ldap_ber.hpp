// The few LDAP messages the ldap check sends and reads, in hand-written BER (RFC 4511):
// BindRequest (simple), a base-scope SearchRequest of the root DSE, the StartTLS extended
// request and UnbindRequest; and a reader of the server's answers (BindResponse,
// SearchResultEntry/Done, ExtendedResponse). The reader takes outside input: every length is
// bounded and checked against what is there, and bad input is an error naming what was wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace niamd::checks {

inline constexpr std::size_t kMaxLdapMessageBytes = 256 * 1024;
inline constexpr std::size_t kMaxLdapAttributes = 64;
inline constexpr std::size_t kMaxLdapValues = 64;

inline constexpr std::uint8_t kLdapBindResponse = 0x61;
inline constexpr std::uint8_t kLdapSearchResultEntry = 0x64;
inline constexpr std::uint8_t kLdapSearchResultDone = 0x65;
inline constexpr std::uint8_t kLdapExtendedResponse = 0x78;
inline constexpr std::string_view kLdapStartTlsOid = "1.3.6.1.4.1.1466.20037";

std::string ldap_bind_request(int message_id, std::string_view name, std::string_view password);
std::string ldap_root_dse_search(int message_id, const std::vector<std::string>& attributes);
std::string ldap_start_tls_request(int message_id);
std::string ldap_unbind_request(int message_id);

struct LdapAttribute {
    std::string type;
    std::vector<std::string> values;
};

struct LdapMessage {
    long message_id = 0;
    std::uint8_t operation = 0;  // the protocolOp's tag, e.g. kLdapBindResponse
    // LDAPResult (responses and Done):
    long result_code = -1;
    std::string matched_dn;
    std::string diagnostic;
    // SearchResultEntry:
    std::string object_name;
    std::vector<LdapAttribute> attributes;
};

// How many bytes the first LDAPMessage in `bytes` takes: 0 while it is incomplete, -1 with
// `error` set when the bytes cannot be an LDAPMessage (or it is over kMaxLdapMessageBytes).
long ldap_message_size(std::string_view bytes, std::string& error);
// Parses one complete LDAPMessage (exactly `bytes`); false with `error` set.
bool parse_ldap_message(std::string_view bytes, LdapMessage& message, std::string& error);

// "success", "invalidCredentials", ... (RFC 4511 4.1.9), or the number.
std::string ldap_result_name(long code);

}  // namespace niamd::checks
