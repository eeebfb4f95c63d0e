#include "checks/mailflow_tokens.hpp"

#include <algorithm>
#include <mutex>
#include <random>
#include <sstream>

#include "files/atomic_file.hpp"

namespace niamd::checks {
namespace {

constexpr std::size_t kHexDigits = 16;
constexpr std::size_t kMaxFileBytes = 256 * 1024;

// One lock for every list of this process: the smtp check adds while an imap check removes.
std::mutex& lists_lock() {
    static std::mutex lock;
    return lock;
}

bool token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

bool hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

bool valid_mailflow_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), token_char);
}

std::string make_mailflow_token(std::string_view id) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::random_device random;
    std::string token(kMailflowTokenPrefix);
    token += id;
    token += '-';
    for (std::size_t i = 0; i < kHexDigits; ++i) token += kHex[random() & 0xf];
    return token;
}

std::string mailflow_token_id(std::string_view token) {
    if (token.rfind(kMailflowTokenPrefix, 0) != 0) return {};
    const std::string_view rest = token.substr(kMailflowTokenPrefix.size());
    const std::size_t dash = rest.rfind('-');
    if (dash == std::string_view::npos || rest.size() - dash - 1 != kHexDigits) return {};
    const std::string_view hex = rest.substr(dash + 1);
    if (!std::all_of(hex.begin(), hex.end(), hex_digit)) return {};
    const std::string_view id = rest.substr(0, dash);
    return valid_mailflow_id(id) ? std::string(id) : std::string();
}

std::vector<std::string> find_mailflow_tokens(std::string_view text) {
    std::vector<std::string> found;
    std::size_t at = 0;
    while ((at = text.find(kMailflowTokenPrefix, at)) != std::string_view::npos) {
        std::size_t end = at + kMailflowTokenPrefix.size();
        while (end < text.size() && token_char(text[end])) ++end;
        const std::string_view candidate = text.substr(at, end - at);
        if (!mailflow_token_id(candidate).empty() && std::find(found.begin(), found.end(), candidate) == found.end()) {
            found.emplace_back(candidate);
        }
        at = end;
    }
    return found;
}

MailflowTokens::MailflowTokens(std::filesystem::path state_dir, std::string id)
    : path_(std::move(state_dir) / ("mailflow-" + id + ".tokens")) {}

// The file: a line "dropped N", then one line per token "<token> <unix seconds>".
MailflowTokens::Contents MailflowTokens::load() const {
    Contents contents;
    const std::optional<std::string> text = files::read_small_file(path_, kMaxFileBytes);
    if (!text) return contents;
    std::istringstream lines(*text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string first;
        long long number = 0;
        if (!(fields >> first >> number) || number < 0) continue;  // a damaged line is skipped
        if (first == "dropped") {
            contents.dropped = static_cast<unsigned long>(number);
        } else if (!mailflow_token_id(first).empty() && contents.tokens.size() < kMaxMailflowTokens) {
            contents.tokens.push_back({first, WallClock::time_point(std::chrono::seconds(number))});
        }
    }
    return contents;
}

bool MailflowTokens::store(const Contents& contents, std::string& error) const {
    std::string text = "dropped " + std::to_string(contents.dropped) + "\n";
    for (const MailflowToken& token : contents.tokens) {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(token.sent.time_since_epoch()).count();
        text += token.token + " " + std::to_string(seconds) + "\n";
    }
    const auto written = files::write_file_atomically(path_, text, 0600);
    if (written.ok()) return true;
    error = written.error().message;
    return false;
}

std::vector<MailflowToken> MailflowTokens::list() const {
    const std::lock_guard<std::mutex> guard(lists_lock());
    return load().tokens;
}

unsigned long MailflowTokens::dropped() const {
    const std::lock_guard<std::mutex> guard(lists_lock());
    return load().dropped;
}

bool MailflowTokens::add(const MailflowToken& token, std::string& error) {
    const std::lock_guard<std::mutex> guard(lists_lock());
    Contents contents = load();
    contents.tokens.push_back(token);
    while (contents.tokens.size() > kMaxMailflowTokens) {
        contents.tokens.erase(contents.tokens.begin());
        ++contents.dropped;
    }
    return store(contents, error);
}

std::size_t MailflowTokens::remove(const std::vector<std::string>& tokens, std::string& error) {
    const std::lock_guard<std::mutex> guard(lists_lock());
    Contents contents = load();
    const std::size_t before = contents.tokens.size();
    contents.tokens.erase(std::remove_if(contents.tokens.begin(), contents.tokens.end(),
                                         [&](const MailflowToken& held) {
                                             return std::find(tokens.begin(), tokens.end(), held.token) != tokens.end();
                                         }),
                          contents.tokens.end());
    const std::size_t removed = before - contents.tokens.size();
    if (removed > 0 && !store(contents, error)) return 0;
    return removed;
}

}  // namespace niamd::checks
