#include "checks/smtp_check.hpp"

#include <cctype>

#include "checks/answer_text.hpp"
#include "checks/mailflow_tokens.hpp"
#include "checks/protocol_dialogue.hpp"

namespace niamd::checks {
namespace {

struct SmtpReply {
    int code = 0;       // 0: not an SMTP reply
    std::string first;  // its first line
};

bool reply_line(const std::string& line) {
    return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
           std::isdigit(static_cast<unsigned char>(line[1])) && std::isdigit(static_cast<unsigned char>(line[2])) &&
           (line.size() == 3 || line[3] == ' ' || line[3] == '-');
}

// One reply (all its "NNN-" lines and the last "NNN "); nullopt with the failure set.
std::optional<SmtpReply> read_reply(ProtocolDialogue& dialogue, std::string_view step) {
    SmtpReply reply;
    for (int i = 0; i < kSmtpMaxReplyLines; ++i) {
        const auto line = dialogue.line(step, 1024);
        if (!line) return std::nullopt;
        if (i == 0) reply.first = *line;
        if (!reply_line(*line)) return reply;  // code 0: a wrong answer
        if (line->size() == 3 || (*line)[3] == ' ') {
            reply.code = std::stoi(line->substr(0, 3));
            return reply;
        }
    }
    return reply;
}

std::string message_with(const SmtpOptions& options, const std::string& from, const std::string& token) {
    return "From: " + from + "\r\nTo: " + options.email + "\r\nSubject: " + token +
           "\r\nX-Niam-Mailflow: " + options.mailflowid + "\r\n\r\nniamd mail flow check\r\n" + token + "\r\n.\r\n";
}

}  // namespace

CheckOutcome SmtpCheck::run(std::chrono::milliseconds timeout) {
    ProtocolDialogue dialogue("SMTP", timeout);
    const std::string helo = options_.helo_name.empty() ? std::string("localhost") : options_.helo_name;
    if (!options_.email.empty() && !valid_mailflow_id(options_.mailflowid)) {
        return dialogue.unknown("mailflowid '" + escaped_answer(options_.mailflowid) +
                                "' is not 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (options_.email.find_first_of("\r\n<> ") != std::string::npos) {
        return dialogue.unknown("email '" + escaped_answer(options_.email) + "' is not an address");
    }
    if (!dialogue.open(options_.target, options_.port, options_.ssl, options_.tls)) return dialogue.failure();

    // Sends `command` and reads its reply; false with `outcome` set unless the code is `expected`.
    CheckOutcome outcome;
    auto exchange = [&](const std::string& command, std::string_view step, int expected,
                        SmtpReply* reply_out = nullptr) {
        if (!command.empty() && !dialogue.send(command, step)) {
            outcome = dialogue.failure();
            return false;
        }
        const auto reply = read_reply(dialogue, step);
        if (!reply) {
            outcome = dialogue.failure();
            return false;
        }
        if (reply->code != expected && !(expected == 250 && reply->code == 251)) {
            outcome = dialogue.wrong_answer(step, reply->first);
            return false;
        }
        if (reply_out != nullptr) *reply_out = *reply;
        return true;
    };

    SmtpReply greeting;
    if (!exchange("", "greeting", 220, &greeting)) return outcome;
    if (!exchange("EHLO " + helo + "\r\n", "EHLO reply", 250)) return outcome;
    if (options_.starttls) {
        if (!exchange("STARTTLS\r\n", "STARTTLS reply", 220)) return outcome;
        if (!dialogue.start_tls(options_.tls)) return dialogue.failure();
        if (!exchange("EHLO " + helo + "\r\n", "EHLO reply after STARTTLS", 250)) return outcome;
    }
    std::string sent;
    if (!options_.email.empty()) {
        const std::string from = "niamd@" + helo;
        const std::string token = make_mailflow_token(options_.mailflowid);
        if (!exchange("MAIL FROM:<" + from + ">\r\n", "MAIL FROM reply", 250)) return outcome;
        if (!exchange("RCPT TO:<" + options_.email + ">\r\n", "RCPT TO reply", 250)) return outcome;
        if (!exchange("DATA\r\n", "DATA reply", 354)) return outcome;
        if (!exchange(message_with(options_, from, token), "reply to the mail", 250)) return outcome;
        std::string error;
        MailflowTokens list(options_.state_dir, options_.mailflowid);
        if (!list.add({token, WallClock::now()}, error)) {
            return dialogue.unknown("mail sent but its token not recorded: " + error);
        }
        sent = "; mail " + token + " sent to " + escaped_answer(options_.email);
    }
    if (!exchange("QUIT\r\n", "QUIT reply", 221)) return outcome;
    return dialogue.finish(escaped_answer(greeting.first) + sent);
}

}  // namespace niamd::checks
