#include "checks/imap_check.hpp"

#include <cctype>
#include <vector>

#include "checks/answer_text.hpp"
#include "checks/mailbox_tokens.hpp"
#include "checks/mailflow_tokens.hpp"
#include "checks/protocol_dialogue.hpp"

namespace niamd::checks {
namespace {

std::string imap_quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

struct ImapAnswer {
    std::vector<std::string> untagged;
    std::string tagged;  // "a1 OK ..." (empty when the answer was cut)
    bool ok() const {
        const std::size_t space = tagged.find(' ');
        if (space == std::string::npos) return false;
        const std::string status = tagged.substr(space + 1, 3);
        return status == "OK" || status == "OK ";
    }
};

// Message numbers in "* SEARCH 1 2 3".
std::vector<unsigned long> search_hits(const std::vector<std::string>& untagged) {
    std::vector<unsigned long> hits;
    for (const std::string& line : untagged) {
        if (line.rfind("* SEARCH", 0) != 0) continue;
        std::size_t at = 8;
        while (at < line.size() && hits.size() < kMaxMailboxMessages) {
            while (at < line.size() && line[at] == ' ') ++at;
            std::size_t end = at;
            while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end]))) ++end;
            if (end == at || end - at > 9) break;
            hits.push_back(std::stoul(line.substr(at, end - at)));
            at = end;
        }
    }
    return hits;
}

// The message number of a "* N FETCH" line, 0 when it is not one.
unsigned long fetch_number(const std::string& line) {
    if (line.rfind("* ", 0) != 0) return 0;
    std::size_t end = 2;
    while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end]))) ++end;
    if (end == 2 || end - 2 > 9 || line.compare(end, 7, " FETCH ") != 0) return 0;
    return std::stoul(line.substr(2, end - 2));
}

std::string number_set(const std::vector<unsigned long>& numbers) {
    std::string set;
    for (unsigned long n : numbers) set += (set.empty() ? "" : ",") + std::to_string(n);
    return set;
}

}  // namespace

CheckOutcome ImapCheck::run(std::chrono::milliseconds timeout) {
    ProtocolDialogue dialogue("IMAP", timeout);
    const bool login = !options_.username.empty() && !options_.password.empty();
    if (login && (holds_line_break(options_.username) || holds_line_break(options_.password))) {
        return dialogue.unknown("username or password holds a line break");
    }
    if (!dialogue.open(options_.target, options_.port, options_.ssl, options_.tls)) return dialogue.failure();

    const auto greeting = dialogue.line("greeting", 1024);
    if (!greeting) return dialogue.failure();
    if (greeting->rfind("* OK", 0) != 0 && greeting->rfind("* PREAUTH", 0) != 0) {
        return dialogue.wrong_answer("greeting", *greeting);
    }

    int next_tag = 1;
    CheckOutcome outcome;
    // Sends "aN command" and reads to its tagged line; false with `outcome` set unless OK.
    auto command = [&](const std::string& text, std::string_view step, ImapAnswer& answer) {
        const std::string tag = "a" + std::to_string(next_tag++);
        std::size_t kept = 0;
        if (!dialogue.send(tag + " " + text + "\r\n", step)) {
            outcome = dialogue.failure();
            return false;
        }
        for (int i = 0; i < kImapMaxAnswerLines; ++i) {
            const auto line = dialogue.line(step);
            if (!line) {
                outcome = dialogue.failure();
                return false;
            }
            if (line->rfind(tag + " ", 0) == 0) {
                answer.tagged = *line;
                if (answer.ok()) return true;
                outcome = dialogue.wrong_answer(step, *line);
                return false;
            }
            kept += line->size();
            if (kept > kImapMaxAnswerBytes) {
                outcome = dialogue.wrong_answer(step, "answer over " + std::to_string(kImapMaxAnswerBytes) + " bytes");
                return false;
            }
            answer.untagged.push_back(*line);
        }
        outcome = dialogue.wrong_answer(step, "answer longer than " + std::to_string(kImapMaxAnswerLines) + " lines");
        return false;
    };

    if (options_.starttls) {
        ImapAnswer answer;
        if (!command("STARTTLS", "STARTTLS answer", answer)) return outcome;
        if (!dialogue.start_tls(options_.tls)) return dialogue.failure();
    }
    std::string found_text;
    if (login) {
        ImapAnswer answer;
        if (!command("LOGIN " + imap_quoted(options_.username) + " " + imap_quoted(options_.password), "LOGIN answer",
                     answer)) {
            if (!answer.tagged.empty()) {
                outcome = dialogue.critical("login refused: " + escaped_answer(answer.tagged));
            }
            return outcome;
        }
        ImapAnswer select;
        if (!command("SELECT INBOX", "SELECT answer", select)) return outcome;
        const std::string prefix = std::string(kMailflowTokenPrefix) +
                                   (options_.mailflowid.empty() ? std::string() : options_.mailflowid + "-");
        ImapAnswer search;
        if (!command("SEARCH SUBJECT " + imap_quoted(prefix), "SEARCH answer", search)) return outcome;
        const std::vector<unsigned long> hits = search_hits(search.untagged);
        std::vector<std::string> tokens;
        std::vector<unsigned long> holding;
        if (!hits.empty()) {
            ImapAnswer fetch;
            if (!command("FETCH " + number_set(hits) + " (BODY.PEEK[HEADER.FIELDS (SUBJECT)])", "FETCH answer",
                         fetch)) {
                return outcome;
            }
            unsigned long current = 0;
            for (const std::string& line : fetch.untagged) {
                if (const unsigned long number = fetch_number(line)) current = number;
                for (std::string& token : find_mailflow_tokens(line)) {
                    if (!options_.mailflowid.empty() && mailflow_token_id(token) != options_.mailflowid) continue;
                    tokens.push_back(std::move(token));
                    if (current != 0 && (holding.empty() || holding.back() != current)) holding.push_back(current);
                }
            }
        }
        const TokensRemoved removed = remove_found_tokens(options_.state_dir, options_.mailflowid, tokens);
        if (!removed.error.empty()) return dialogue.unknown("tokens found but the list not written: " + removed.error);
        if (!holding.empty()) {
            ImapAnswer store;
            if (!command("STORE " + number_set(holding) + " +FLAGS.SILENT (\\Deleted)", "STORE answer", store)) {
                return outcome;
            }
            ImapAnswer expunge;
            if (!command("EXPUNGE", "EXPUNGE answer", expunge)) return outcome;
        }
        found_text = "; logged in, " + std::to_string(tokens.size()) + " token(s) found (" +
                     std::to_string(removed.removed) + " on a list), " + std::to_string(holding.size()) +
                     " mail(s) deleted";
    }
    ImapAnswer logout;
    if (!command("LOGOUT", "LOGOUT answer", logout)) return outcome;
    bool bye = false;
    for (const std::string& line : logout.untagged) bye = bye || line.rfind("* BYE", 0) == 0;
    if (!bye) return dialogue.wrong_answer("LOGOUT answer (no * BYE)", logout.tagged);
    return dialogue.finish(escaped_answer(*greeting) + found_text);
}

}  // namespace niamd::checks
