#include "checks/mailflow_check.hpp"

#include "checks/answer_text.hpp"

namespace niamd::checks {

CheckOutcome MailflowCheck::run(std::chrono::milliseconds) {
    const auto start = std::chrono::steady_clock::now();
    if (!valid_mailflow_id(options_.id)) {
        return check_unknown(
            0, "MAILFLOW id '" + escaped_answer(options_.id) + "' is not 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (options_.seconds <= 0) return check_unknown(0, "MAILFLOW seconds must be more than 0");
    const MailflowTokens list(options_.state_dir, options_.id);
    const std::vector<MailflowToken> tokens = list.list();
    const WallClock::time_point now = now_();
    std::size_t late = 0;
    long long oldest = 0;
    for (const MailflowToken& token : tokens) {
        const long long age = std::chrono::duration_cast<std::chrono::seconds>(now - token.sent).count();
        if (age > options_.seconds) ++late;
        if (age > oldest) oldest = age;
    }
    const std::string dropped =
        list.dropped() > 0 ? ", " + std::to_string(list.dropped()) + " dropped (list full)" : "";
    const int ms = milliseconds_since(start);
    const std::string waiting = std::to_string(tokens.size()) + " mail(s) of " + options_.id + " on the way";
    if (late > 0) {
        return check_failed(ms, "MAILFLOW " + std::to_string(late) + " mail(s) of " + options_.id +
                                    " not seen within " + std::to_string(options_.seconds) + " s (oldest sent " +
                                    std::to_string(oldest) + " s ago)" + dropped);
    }
    return check_passed(
        ms, "MAILFLOW " + waiting + (tokens.empty() ? "" : ", oldest " + std::to_string(oldest) + " s") + dropped);
}

}  // namespace niamd::checks
