#include "checks/ldap_check.hpp"

#include "checks/answer_text.hpp"
#include "checks/ldap_ber.hpp"
#include "checks/protocol_dialogue.hpp"

namespace niamd::checks {
namespace {

// Reads LDAPMessages off one connection, keeping what follows a message.
class LdapAnswers {
  public:
    explicit LdapAnswers(ProtocolDialogue& dialogue) : dialogue_(dialogue) {}

    // The next message; false with `outcome` set (CRITICAL on I/O, WARNING on bad BER).
    bool next(LdapMessage& message, std::string_view step, CheckOutcome& outcome) {
        for (;;) {
            std::string error;
            const long size = ldap_message_size(buffer_, error);
            if (size < 0) {
                outcome = dialogue_.wrong_answer(step, error + ": " + buffer_.substr(0, 24));
                return false;
            }
            if (size > 0) {
                const std::string bytes = buffer_.substr(0, static_cast<std::size_t>(size));
                buffer_.erase(0, static_cast<std::size_t>(size));
                message = LdapMessage();
                if (parse_ldap_message(bytes, message, error)) return true;
                outcome = dialogue_.wrong_answer(step, error);
                return false;
            }
            const auto more = dialogue_.bytes(step);
            if (!more) {
                outcome = dialogue_.failure();
                return false;
            }
            buffer_ += *more;
        }
    }

  private:
    ProtocolDialogue& dialogue_;
    std::string buffer_;
};

std::string values_of(const LdapMessage& entry, const std::string& type) {
    std::string text;
    for (const LdapAttribute& attribute : entry.attributes) {
        if (attribute.type != type) continue;
        for (const std::string& value : attribute.values) text += (text.empty() ? "" : " ") + value;
    }
    return text;
}

}  // namespace

CheckOutcome LdapCheck::run(std::chrono::milliseconds timeout) {
    ProtocolDialogue dialogue("LDAP", timeout);
    if (!dialogue.open(options_.target, options_.port, options_.ssl, options_.tls)) return dialogue.failure();
    LdapAnswers answers(dialogue);
    CheckOutcome outcome;
    LdapMessage message;

    if (options_.starttls) {
        if (!dialogue.send(ldap_start_tls_request(1), "StartTLS request")) return dialogue.failure();
        if (!answers.next(message, "StartTLS response", outcome)) return outcome;
        if (message.operation != kLdapExtendedResponse || message.result_code != 0) {
            return dialogue.wrong_answer("StartTLS response",
                                         ldap_result_name(message.result_code) + " " + message.diagnostic);
        }
        if (!dialogue.start_tls(options_.tls)) return dialogue.failure();
    }

    const bool anonymous = options_.username.empty() && options_.password.empty();
    if (!dialogue.send(ldap_bind_request(2, options_.username, options_.password), "bind request")) {
        return dialogue.failure();
    }
    if (!answers.next(message, "bind response", outcome)) return outcome;
    if (message.operation != kLdapBindResponse || message.message_id != 2) {
        return dialogue.wrong_answer("bind response", "operation " + std::to_string(message.operation));
    }
    const std::string who = anonymous ? "anonymous" : "as " + escaped_answer(options_.username);
    if (message.result_code == 49) return dialogue.critical("bind " + who + " refused: invalidCredentials");
    if (message.result_code != 0) {
        return dialogue.wrong_answer("bind response", ldap_result_name(message.result_code) + " " + message.diagnostic);
    }

    if (!dialogue.send(ldap_root_dse_search(3, {"namingContexts", "supportedLDAPVersion"}), "search request")) {
        return dialogue.failure();
    }
    std::string contexts;
    std::string versions;
    for (int i = 0;; ++i) {
        if (i == kLdapMaxAnswerMessages) return dialogue.wrong_answer("search answer", "no SearchResultDone");
        if (!answers.next(message, "search answer", outcome)) return outcome;
        if (message.operation == kLdapSearchResultEntry) {
            contexts = values_of(message, "namingContexts");
            versions = values_of(message, "supportedLDAPVersion");
            continue;
        }
        if (message.operation == kLdapSearchResultDone) break;
    }
    if (message.result_code != 0) {
        return dialogue.wrong_answer("search result", ldap_result_name(message.result_code) + " " + message.diagnostic);
    }
    dialogue.send(ldap_unbind_request(4), "unbind request");  // no answer to an unbind
    std::string text = "bind " + who + " success; root DSE";
    text += contexts.empty() ? " without namingContexts" : " namingContexts " + escaped_answer(contexts);
    if (!versions.empty()) text += ", LDAP version " + escaped_answer(versions);
    return dialogue.finish(text);
}

}  // namespace niamd::checks
