#include "checks/ssh_check.hpp"

#include "checks/answer_text.hpp"
#include "checks/protocol_dialogue.hpp"

namespace niamd::checks {

CheckOutcome SshCheck::run(std::chrono::milliseconds timeout) {
    ProtocolDialogue dialogue("SSH", timeout);
    if (!dialogue.open(options_.target, options_.port)) return dialogue.failure();
    std::string first;
    for (int i = 0; i <= kSshMaxLinesBeforeIdentification; ++i) {
        // RFC 4253: the identification line is at most 255 bytes with its CRLF.
        const auto line = dialogue.line("identification", 255);
        if (!line) return dialogue.failure();
        if (i == 0) first = *line;
        if (line->rfind("SSH-", 0) != 0) continue;
        if (line->rfind("SSH-2.0-", 0) != 0 && line->rfind("SSH-1.99-", 0) != 0) {
            return dialogue.wrong_answer("protocol version", *line);
        }
        dialogue.send("SSH-2.0-niamd_check\r\n", "identification");  // polite; its failure does not matter
        return dialogue.finish(escaped_answer(*line));
    }
    return dialogue.wrong_answer("banner (no SSH identification)", first);
}

}  // namespace niamd::checks
