#include "sshd/sshd_line.hpp"

#include <string>

namespace niamd::sshd {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool is_digits(std::string_view text) {
    if (text.empty() || text.size() > 5) return false;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

// An address as sshd prints it: IPv4 dotted, IPv6 hex and colons (maybe with a zone), or a
// host name when UseDNS is on. No spaces.
bool is_address(std::string_view text) {
    if (text.empty() || text.size() > 255) return false;
    for (const char c : text) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
                        c == ':' || c == '-' || c == '%' || c == '_';
        if (!ok) return false;
    }
    return true;
}

// The message after the "sshd[PID]: " (or "sshd-session[PID]: ", "sshd: ") tag, or the line
// itself when it has no tag (a journal MESSAGE). nullopt: a line of another program.
std::optional<std::string_view> sshd_message(std::string_view line) {
    for (const std::string_view tag : {"sshd[", "sshd-session[", "sshd: ", "sshd-session: "}) {
        std::size_t at = line.find(tag);
        while (at != std::string_view::npos && at > 0 && line[at - 1] != ' ') at = line.find(tag, at + 1);
        if (at == std::string_view::npos) continue;
        std::size_t end = at + tag.size();
        if (tag.back() == '[') {
            const std::size_t close = line.find("]: ", end);
            if (close == std::string_view::npos || !is_digits(line.substr(end, close - end))) continue;
            end = close + 3;
        }
        return line.substr(end);
    }
    // No tag: a bare message only if it starts like one of sshd's (the journal gives MESSAGE alone).
    for (const std::string_view start : {"Accepted ", "Failed ", "Invalid user ", "Connection closed by ",
                                         "Disconnected from ", "message repeated "}) {
        if (starts_with(line, start)) return line;
    }
    return std::nullopt;
}

void add(protocol::Event& event, std::string key, std::string_view value) {
    event.fields.push_back({std::move(key), std::string(value)});
}

// "ADDR port PORT" (port optional when allow_no_port) at the start of text; the rest after it.
struct Peer {
    std::string_view address;
    std::string_view port;
    std::string_view rest;
};

std::optional<Peer> read_peer(std::string_view text, bool allow_no_port) {
    const std::size_t space = text.find(' ');
    Peer peer;
    peer.address = text.substr(0, space);
    if (!is_address(peer.address)) return std::nullopt;
    if (space == std::string_view::npos) {
        if (!allow_no_port) return std::nullopt;
        return peer;
    }
    std::string_view after = text.substr(space + 1);
    if (starts_with(after, "port ")) {
        after.remove_prefix(5);
        const std::size_t end = after.find_first_of(" :");
        peer.port = after.substr(0, end);
        if (!is_digits(peer.port)) return std::nullopt;
        peer.rest = end == std::string_view::npos ? std::string_view{} : after.substr(end);
        return peer;
    }
    if (!allow_no_port) return std::nullopt;
    peer.rest = text.substr(space);
    return peer;
}

// "USER from ADDR port PORT..." where USER may hold spaces: the last " from " that is followed
// by a peer.
std::optional<std::pair<std::string_view, Peer>> user_from_peer(std::string_view text, bool allow_no_port) {
    std::size_t at = text.rfind(" from ");
    while (at != std::string_view::npos) {
        if (auto peer = read_peer(text.substr(at + 6), allow_no_port)) {
            return std::make_pair(text.substr(0, at), *peer);
        }
        if (at == 0) break;
        at = text.rfind(" from ", at - 1);
    }
    // An empty user: "Invalid user  from ..." / "for invalid user  from ..." leaves "from ..." here.
    if (starts_with(text, "from ")) {
        if (auto peer = read_peer(text.substr(5), allow_no_port)) return std::make_pair(std::string_view{}, *peer);
    }
    return std::nullopt;
}

void add_peer(protocol::Event& event, const Peer& peer) {
    add(event, "source", peer.address);
    if (!peer.port.empty()) add(event, "port", peer.port);
}

// ": RSA SHA256:abc..." after "ssh2": the key's fingerprint.
std::string_view fingerprint_of(std::string_view rest) {
    const std::size_t at = rest.find("SHA256:");
    const std::size_t md5 = rest.find("MD5:");
    const std::size_t start = at != std::string_view::npos ? at : md5;
    if (start == std::string_view::npos) return {};
    const std::size_t end = rest.find(' ', start);
    return rest.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::optional<protocol::Event> accepted_or_failed(std::string_view message, bool accepted) {
    // "METHOD for [invalid user ]USER from ADDR port PORT ssh2..."
    const std::size_t for_at = message.find(" for ");
    if (for_at == std::string_view::npos || for_at == 0) return std::nullopt;
    const std::string_view method = message.substr(0, for_at);
    if (method.find(' ') != std::string_view::npos) return std::nullopt;
    std::string_view rest = message.substr(for_at + 5);
    bool invalid = false;
    if (starts_with(rest, "invalid user ")) {
        invalid = true;
        rest.remove_prefix(13);
    }
    const auto user_peer = user_from_peer(rest, false);
    if (!user_peer) return std::nullopt;
    protocol::Event event;
    event.kind = accepted ? "ssh.accepted" : "ssh.failed";
    add(event, "user", user_peer->first);
    add(event, "method", method);
    add_peer(event, user_peer->second);
    if (const auto fingerprint = fingerprint_of(user_peer->second.rest); !fingerprint.empty()) {
        add(event, "fingerprint", fingerprint);
    }
    if (invalid) add(event, "invalid", "yes");
    return event;
}

std::optional<protocol::Event> closed_preauth(std::string_view rest) {
    // "[authenticating user USER |invalid user USER ]ADDR[ port PORT] [preauth]"
    if (rest.size() < 10 || rest.substr(rest.size() - 10) != " [preauth]") return std::nullopt;
    rest.remove_suffix(10);
    protocol::Event event;
    event.kind = "ssh.closed_preauth";
    bool invalid = false;
    std::string_view user;
    bool has_user = false;
    for (const std::string_view prefix : {"authenticating user ", "invalid user "}) {
        if (!starts_with(rest, prefix)) continue;
        invalid = prefix == "invalid user ";
        rest.remove_prefix(prefix.size());
        // USER ADDR[ port PORT]: the user is everything before the address (the last word, or the
        // one before " port N").
        const std::size_t port_at = rest.rfind(" port ");
        const std::string_view head = port_at == std::string_view::npos ? rest : rest.substr(0, port_at);
        const std::size_t space = head.rfind(' ');
        if (space == std::string_view::npos) {
            // "invalid user  ADDR": an empty user leaves the address alone after the two spaces.
            return std::nullopt;
        }
        user = head.substr(0, space);
        rest = rest.substr(space + 1);
        has_user = true;
        break;
    }
    const auto peer = read_peer(rest, true);
    if (!peer || !peer->rest.empty()) return std::nullopt;
    if (has_user) add(event, "user", user);
    add_peer(event, *peer);
    if (invalid) add(event, "invalid", "yes");
    return event;
}

std::optional<protocol::Event> event_of_message(std::string_view message) {
    if (starts_with(message, "Accepted ")) return accepted_or_failed(message.substr(9), true);
    if (starts_with(message, "Failed ")) return accepted_or_failed(message.substr(7), false);
    if (starts_with(message, "Invalid user ")) {
        const auto user_peer = user_from_peer(message.substr(13), true);
        if (!user_peer || !user_peer->second.rest.empty()) return std::nullopt;
        protocol::Event event;
        event.kind = "ssh.invalid_user";
        add(event, "user", user_peer->first);
        add_peer(event, user_peer->second);
        return event;
    }
    if (starts_with(message, "Connection closed by ")) return closed_preauth(message.substr(21));
    if (starts_with(message, "Disconnected from ")) return closed_preauth(message.substr(18));
    return std::nullopt;
}

}  // namespace

std::optional<protocol::Event> login_event(std::string_view line) {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto message = sshd_message(line);
    if (!message) return std::nullopt;
    std::string_view inner = *message;
    std::string_view repeated;
    if (starts_with(inner, "message repeated ")) {
        // "message repeated 2 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]"
        const std::string_view after = inner.substr(17);
        const std::size_t space = after.find(' ');
        if (space == std::string_view::npos || !is_digits(after.substr(0, space))) return std::nullopt;
        repeated = after.substr(0, space);
        const std::size_t open = after.find(": [ ");
        if (open == std::string_view::npos || after.back() != ']') return std::nullopt;
        inner = after.substr(open + 4, after.size() - open - 5);
    }
    auto event = event_of_message(inner);
    if (!event) return std::nullopt;
    if (!repeated.empty()) add(*event, "repeated", repeated);
    event->raw = std::string(line);
    return event;
}

}  // namespace niamd::sshd
