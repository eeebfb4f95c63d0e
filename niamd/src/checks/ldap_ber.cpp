#include "checks/ldap_ber.hpp"

namespace niamd::checks {
namespace {

std::string length_bytes(std::size_t length) {
    if (length < 0x80) return std::string(1, static_cast<char>(length));
    std::string digits;
    while (length > 0) {
        digits.insert(digits.begin(), static_cast<char>(length & 0xff));
        length >>= 8;
    }
    return std::string(1, static_cast<char>(0x80 | digits.size())) + digits;
}

std::string element(std::uint8_t tag, std::string_view value) {
    return std::string(1, static_cast<char>(tag)) + length_bytes(value.size()) + std::string(value);
}

std::string integer(std::uint8_t tag, long value) {
    std::string bytes;
    do {
        bytes.insert(bytes.begin(), static_cast<char>(value & 0xff));
        value >>= 8;
    } while (value > 0);
    if (static_cast<unsigned char>(bytes.front()) & 0x80) bytes.insert(bytes.begin(), '\0');
    return element(tag, bytes);
}

std::string message(int message_id, const std::string& operation) {
    return element(0x30, integer(0x02, message_id) + operation);
}

// One TLV from the front of `data`.
struct Reader {
    std::string_view data;
    std::string& error;

    bool next(std::uint8_t& tag, std::string_view& value, const char* what) {
        if (data.size() < 2) return fail(std::string(what) + ": cut short");
        tag = static_cast<std::uint8_t>(data[0]);
        if ((tag & 0x1f) == 0x1f) return fail(std::string(what) + ": multi-byte tags are not LDAP");
        std::size_t length = static_cast<unsigned char>(data[1]);
        std::size_t header = 2;
        if (length & 0x80) {
            const std::size_t count = length & 0x7f;
            if (count == 0) return fail(std::string(what) + ": indefinite length is not allowed in LDAP");
            if (count > 4) return fail(std::string(what) + ": length of " + std::to_string(count) + " bytes");
            if (data.size() < 2 + count) return fail(std::string(what) + ": cut short");
            length = 0;
            for (std::size_t i = 0; i < count; ++i) length = (length << 8) | static_cast<unsigned char>(data[2 + i]);
            header += count;
        }
        if (length > kMaxLdapMessageBytes)
            return fail(std::string(what) + ": " + std::to_string(length) + " bytes is too long");
        if (data.size() - header < length) return fail(std::string(what) + ": cut short");
        value = data.substr(header, length);
        data.remove_prefix(header + length);
        return true;
    }
    bool expect(std::uint8_t wanted, std::string_view& value, const char* what) {
        std::uint8_t tag = 0;
        if (!next(tag, value, what)) return false;
        if (tag != wanted)
            return fail(std::string(what) + ": tag " + std::to_string(tag) + " where " + std::to_string(wanted) +
                        " belongs");
        return true;
    }
    bool number(std::uint8_t wanted, long& out, const char* what) {
        std::string_view value;
        if (!expect(wanted, value, what)) return false;
        if (value.empty() || value.size() > 4)
            return fail(std::string(what) + ": integer of " + std::to_string(value.size()) + " bytes");
        long result = (static_cast<unsigned char>(value[0]) & 0x80) ? -1 : 0;
        for (char c : value) result = (result << 8) | static_cast<unsigned char>(c);
        out = result;
        return true;
    }
    bool text(std::string& out, const char* what) {
        std::string_view value;
        if (!expect(0x04, value, what)) return false;
        out = std::string(value);
        return true;
    }
    bool fail(std::string text) {
        error = std::move(text);
        return false;
    }
};

bool parse_result(Reader& reader, LdapMessage& message) {
    return reader.number(0x0a, message.result_code, "resultCode") && reader.text(message.matched_dn, "matchedDN") &&
           reader.text(message.diagnostic, "diagnosticMessage");
    // referral, responseName, responseValue may follow: not needed
}

bool parse_entry(Reader& reader, LdapMessage& message) {
    if (!reader.text(message.object_name, "objectName")) return false;
    std::string_view list;
    if (!reader.expect(0x30, list, "attributes")) return false;
    Reader attributes{list, reader.error};
    while (!attributes.data.empty()) {
        if (message.attributes.size() == kMaxLdapAttributes) return reader.fail("more than 64 attributes");
        std::string_view one;
        if (!attributes.expect(0x30, one, "attribute")) return false;
        Reader fields{one, reader.error};
        LdapAttribute attribute;
        std::string_view set;
        if (!fields.text(attribute.type, "attribute type") || !fields.expect(0x31, set, "attribute values"))
            return false;
        Reader values{set, reader.error};
        while (!values.data.empty()) {
            if (attribute.values.size() == kMaxLdapValues)
                return reader.fail("more than 64 values of " + attribute.type);
            std::string value;
            if (!values.text(value, "attribute value")) return false;
            attribute.values.push_back(std::move(value));
        }
        message.attributes.push_back(std::move(attribute));
    }
    return true;
}

}  // namespace

std::string ldap_bind_request(int message_id, std::string_view name, std::string_view password) {
    return message(message_id, element(0x60, integer(0x02, 3) + element(0x04, name) + element(0x80, password)));
}

std::string ldap_root_dse_search(int message_id, const std::vector<std::string>& attributes) {
    std::string list;
    for (const std::string& attribute : attributes) list += element(0x04, attribute);
    const std::string body = element(0x04, "") + integer(0x0a, 0) + integer(0x0a, 0) + integer(0x02, 0) +
                             integer(0x02, 0) + element(0x01, std::string(1, '\0')) + element(0x87, "objectClass") +
                             element(0x30, list);
    return message(message_id, element(0x63, body));
}

std::string ldap_start_tls_request(int message_id) {
    return message(message_id, element(0x77, element(0x80, kLdapStartTlsOid)));
}

std::string ldap_unbind_request(int message_id) { return message(message_id, element(0x42, "")); }

long ldap_message_size(std::string_view bytes, std::string& error) {
    if (bytes.empty()) return 0;
    if (static_cast<unsigned char>(bytes[0]) != 0x30) {
        error = "not an LDAP message (first byte is not SEQUENCE)";
        return -1;
    }
    if (bytes.size() < 2) return 0;
    std::size_t length = static_cast<unsigned char>(bytes[1]);
    std::size_t header = 2;
    if (length & 0x80) {
        const std::size_t count = length & 0x7f;
        if (count == 0 || count > 4) {
            error = "LDAP message with a bad length";
            return -1;
        }
        if (bytes.size() < 2 + count) return 0;
        length = 0;
        for (std::size_t i = 0; i < count; ++i) length = (length << 8) | static_cast<unsigned char>(bytes[2 + i]);
        header += count;
    }
    if (length > kMaxLdapMessageBytes) {
        error = "LDAP message of " + std::to_string(length) + " bytes is too long";
        return -1;
    }
    if (bytes.size() < header + length) return 0;
    return static_cast<long>(header + length);
}

bool parse_ldap_message(std::string_view bytes, LdapMessage& message, std::string& error) {
    Reader outer{bytes, error};
    std::string_view body;
    if (!outer.expect(0x30, body, "LDAPMessage")) return false;
    if (!outer.data.empty()) return outer.fail("bytes after the LDAPMessage");
    Reader reader{body, error};
    if (!reader.number(0x02, message.message_id, "messageID")) return false;
    std::string_view operation;
    if (!reader.next(message.operation, operation, "protocolOp")) return false;
    Reader op{operation, error};
    switch (message.operation) {
        case kLdapBindResponse:
        case kLdapSearchResultDone:
        case kLdapExtendedResponse: return parse_result(op, message);
        case kLdapSearchResultEntry: return parse_entry(op, message);
        default: return true;  // another operation: its tag is enough for the check
    }
}

std::string ldap_result_name(long code) {
    switch (code) {
        case 0: return "success";
        case 1: return "operationsError";
        case 2: return "protocolError";
        case 7: return "authMethodNotSupported";
        case 8: return "strongerAuthRequired";
        case 13: return "confidentialityRequired";
        case 32: return "noSuchObject";
        case 34: return "invalidDNSyntax";
        case 48: return "inappropriateAuthentication";
        case 49: return "invalidCredentials";
        case 50: return "insufficientAccessRights";
        case 51: return "busy";
        case 52: return "unavailable";
        case 53: return "unwillingToPerform";
        default: return "result " + std::to_string(code);
    }
}

}  // namespace niamd::checks
