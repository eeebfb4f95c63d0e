#include "checks/mailbox_tokens.hpp"

#include <map>

#include "checks/mailflow_tokens.hpp"

namespace niamd::checks {

TokensRemoved remove_found_tokens(const std::filesystem::path& state_dir, const std::string& mailflowid,
                                  const std::vector<std::string>& tokens) {
    std::map<std::string, std::vector<std::string>> by_id;
    for (const std::string& token : tokens) {
        const std::string id = mailflow_token_id(token);
        if (!mailflowid.empty() && id != mailflowid) continue;
        by_id[id].push_back(token);
    }
    TokensRemoved result;
    for (const auto& entry : by_id) {
        MailflowTokens list(state_dir, entry.first);
        result.removed += list.remove(entry.second, result.error);
    }
    return result;
}

}  // namespace niamd::checks
