#include "master/silences.hpp"

#include <algorithm>

namespace niamd::master {

namespace {

bool host_matches(std::string_view pattern, const store::HostKey& host) {
    if (host.hostname.empty() && host.instance.empty()) return false;
    return pattern == "*" || pattern == host.hostname || (!host.instance.empty() && pattern == host.instance);
}

bool printable(std::string_view text) {
    return std::none_of(text.begin(), text.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

bool silence_covers(const store::SilenceRow& silence, const AlertSubject& subject, std::int64_t now) {
    if (now < silence.starts || now >= silence.ends) return false;
    if (!host_matches(silence.host, subject.host)) return false;
    if (silence.check.empty()) return true;
    if (!subject.check) return false;
    const auto& [target, port_or_arg] = *subject.check;
    return silence.check == target || silence.check == target + ":" + port_or_arg;
}

bool window_covers(const config::MaintenanceSpec& window, const store::HostKey& host, std::int64_t now) {
    if (!host_matches(window.host, host)) return false;
    if (window.kind == config::MaintenanceSpec::Kind::Once) return now >= window.starts && now < window.ends;
    if (!window.zone) return false;
    const std::int64_t local = now + window.zone->offset_at(now);
    const std::int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;  // days since 1970-01-01 (Thu)
    const int minute = static_cast<int>((local - day * 86400) / 60);
    const auto weekday = static_cast<unsigned>(((day % 7) + 7 + 3) % 7);  // 0 Monday ... 6 Sunday
    const auto has = [&](unsigned d) { return (window.days & (1u << d)) != 0; };
    if (window.from_minute < window.to_minute) {
        return has(weekday) && minute >= window.from_minute && minute < window.to_minute;
    }
    // Over midnight: the evening of a day named, or the morning after one.
    return (has(weekday) && minute >= window.from_minute) || (has((weekday + 6) % 7) && minute < window.to_minute);
}

std::optional<std::string> silence_problem(const store::SilenceRow& silence, std::int64_t now) {
    if (silence.host.empty() || silence.host.size() > kMaxSilenceHostBytes || !printable(silence.host) ||
        silence.host.find(' ') != std::string::npos) {
        return std::string("host must be a hostname, an instance id or *");
    }
    if (silence.check.size() > kMaxSilenceCheckBytes || !printable(silence.check)) {
        return "check must be at most " + std::to_string(kMaxSilenceCheckBytes) + " printable bytes";
    }
    if (silence.comment.size() > kMaxSilenceCommentBytes || !printable(silence.comment)) {
        return "comment must be at most " + std::to_string(kMaxSilenceCommentBytes) + " printable bytes";
    }
    if (silence.author.empty() || silence.author.size() > kMaxSilenceAuthorBytes || !printable(silence.author)) {
        return std::string("author is not valid");
    }
    if (silence.ends <= silence.starts) return std::string("ends must be after starts");
    if (silence.ends <= now) return std::string("ends must be in the future");
    if (silence.ends - now > kMaxSilenceSeconds) return std::string("a silence ends within 366 days");
    return std::nullopt;
}

void SilenceBook::restore(std::vector<store::SilenceRow> rows, std::int64_t now) {
    std::lock_guard lock(mutex_);
    for (auto& row : rows) {
        next_id_ = std::max(next_id_, row.id + 1);
        if (row.ends <= now) {
            changes_.removed.push_back(row.id);
            continue;
        }
        silences_[row.id] = std::move(row);
    }
}

std::variant<store::SilenceRow, std::string> SilenceBook::add(store::SilenceRow silence, std::int64_t now) {
    if (auto problem = silence_problem(silence, now)) return std::move(*problem);
    std::lock_guard lock(mutex_);
    if (silences_.size() >= kMaxSilences) {
        prune_locked(now);
        if (silences_.size() >= kMaxSilences) {
            return "too many silences (" + std::to_string(kMaxSilences) + " not yet ended); remove some first";
        }
    }
    silence.id = next_id_++;
    silence.created = now;
    silences_[silence.id] = silence;
    changes_.added.push_back(silence);
    return silence;
}

bool SilenceBook::remove(std::int64_t id) {
    std::lock_guard lock(mutex_);
    if (silences_.erase(id) == 0) return false;
    changes_.removed.push_back(id);
    return true;
}

std::vector<store::SilenceRow> SilenceBook::list(std::int64_t now) const {
    std::lock_guard lock(mutex_);
    std::vector<store::SilenceRow> rows;
    for (const auto& [id, silence] : silences_) {
        if (silence.ends > now) rows.push_back(silence);
    }
    return rows;
}

std::optional<store::SilenceRow> SilenceBook::covering(const AlertSubject& subject, std::int64_t now) const {
    std::lock_guard lock(mutex_);
    for (const auto& [id, silence] : silences_) {
        if (silence_covers(silence, subject, now)) return silence;
    }
    return std::nullopt;
}

void SilenceBook::prune(std::int64_t now) {
    std::lock_guard lock(mutex_);
    prune_locked(now);
}

void SilenceBook::prune_locked(std::int64_t now) {
    for (auto it = silences_.begin(); it != silences_.end();) {
        if (it->second.ends > now) {
            ++it;
            continue;
        }
        changes_.removed.push_back(it->first);
        it = silences_.erase(it);
    }
}

SilenceBook::Changes SilenceBook::take_changes() {
    std::lock_guard lock(mutex_);
    return std::exchange(changes_, Changes{});
}

}  // namespace niamd::master
