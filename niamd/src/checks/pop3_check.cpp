#include "checks/pop3_check.hpp"

#include <cctype>
#include <vector>

#include "checks/answer_text.hpp"
#include "checks/mailbox_tokens.hpp"
#include "checks/mailflow_tokens.hpp"
#include "checks/protocol_dialogue.hpp"

namespace niamd::checks {

CheckOutcome Pop3Check::run(std::chrono::milliseconds timeout) {
    ProtocolDialogue dialogue("POP3", timeout);
    const bool login = !options_.username.empty() && !options_.password.empty();
    if (login && (holds_line_break(options_.username) || holds_line_break(options_.password))) {
        return dialogue.unknown("username or password holds a line break");
    }
    if (!dialogue.open(options_.target, options_.port, options_.ssl, options_.tls)) return dialogue.failure();

    CheckOutcome outcome;
    std::string last;
    // Sends `command` (unless empty) and reads a "+OK" line; false with `outcome` set.
    auto exchange = [&](const std::string& command, std::string_view step) {
        if (!command.empty() && !dialogue.send(command, step)) {
            outcome = dialogue.failure();
            return false;
        }
        const auto line = dialogue.line(step, 1024);
        if (!line) {
            outcome = dialogue.failure();
            return false;
        }
        last = *line;
        if (line->rfind("+OK", 0) == 0) return true;
        outcome = dialogue.wrong_answer(step, *line);
        return false;
    };

    if (!exchange("", "greeting")) return outcome;
    const std::string greeting = last;
    if (options_.starttls) {
        if (!exchange("STLS\r\n", "STLS answer")) return outcome;
        if (!dialogue.start_tls(options_.tls)) return dialogue.failure();
    }
    std::string found_text;
    if (login) {
        if (!exchange("USER " + options_.username + "\r\n", "USER answer")) return outcome;
        if (!exchange("PASS " + options_.password + "\r\n", "PASS answer")) {
            if (last.rfind("-ERR", 0) == 0) outcome = dialogue.critical("login refused: " + escaped_answer(last));
            return outcome;
        }
        if (!exchange("STAT\r\n", "STAT answer")) return outcome;
        unsigned long count = 0;
        {
            std::size_t at = 4;
            while (at < last.size() && last[at] == ' ') ++at;
            std::size_t end = at;
            while (end < last.size() && std::isdigit(static_cast<unsigned char>(last[end]))) ++end;
            if (end == at || end - at > 9) return dialogue.wrong_answer("STAT answer", last);
            count = std::stoul(last.substr(at, end - at));
        }
        if (count > kMaxMailboxMessages) count = kMaxMailboxMessages;
        std::vector<std::string> tokens;
        std::vector<unsigned long> holding;
        bool use_retr = false;
        for (unsigned long n = 1; n <= count; ++n) {
            // TOP is optional in RFC 1939: a server without it gets RETR.
            if (!exchange(std::string(use_retr ? "RETR " : "TOP ") + std::to_string(n) + (use_retr ? "\r\n" : " 0\r\n"),
                          use_retr ? "RETR answer" : "TOP answer")) {
                if (use_retr || last.rfind("-ERR", 0) != 0) return outcome;
                use_retr = true;
                if (!exchange("RETR " + std::to_string(n) + "\r\n", "RETR answer")) return outcome;
            }
            bool holds = false;
            for (int i = 0;; ++i) {
                if (i == kPop3MaxMessageLines) return dialogue.wrong_answer("message", "no end within the line bound");
                const auto line = dialogue.line("message");
                if (!line) return dialogue.failure();
                if (*line == ".") break;
                for (std::string& token : find_mailflow_tokens(*line)) {
                    if (!options_.mailflowid.empty() && mailflow_token_id(token) != options_.mailflowid) continue;
                    tokens.push_back(std::move(token));
                    holds = true;
                }
            }
            if (holds) holding.push_back(n);
        }
        const TokensRemoved removed = remove_found_tokens(options_.state_dir, options_.mailflowid, tokens);
        if (!removed.error.empty()) return dialogue.unknown("tokens found but the list not written: " + removed.error);
        for (unsigned long n : holding) {
            if (!exchange("DELE " + std::to_string(n) + "\r\n", "DELE answer")) return outcome;
        }
        found_text = "; logged in, " + std::to_string(tokens.size()) + " token(s) found (" +
                     std::to_string(removed.removed) + " on a list), " + std::to_string(holding.size()) +
                     " mail(s) deleted";
    }
    if (!exchange("QUIT\r\n", "QUIT answer")) return outcome;
    return dialogue.finish(escaped_answer(greeting) + found_text);
}

}  // namespace niamd::checks
