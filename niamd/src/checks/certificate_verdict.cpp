#include "checks/certificate_verdict.hpp"

#include "checks/chain_trust.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>
#include <vector>

#include <arpa/inet.h>

namespace niamd::checks {
namespace {

constexpr std::size_t kMaxSubjectChars = 200;
constexpr long kSecondsPerDay = 86400;

// Seconds from `now` to `time` (negative when past); nullopt for an unreadable time.
std::optional<long long> seconds_until(const ASN1_TIME* time, std::time_t now) {
    std::tm when{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &when) != 1) return std::nullopt;
    return static_cast<long long>(timegm(&when)) - static_cast<long long>(now);
}

// Whole days, rounded down: 1 s past expiry is -1 day, 23 h left is 0 days.
long long whole_days(long long seconds) {
    return seconds >= 0 ? seconds / kSecondsPerDay : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay);
}

struct ChainMember {
    X509* certificate;
    std::string role;  // leaf, intermediate, root, trust anchor
};

std::string days_text(long long days) {
    if (days < 0) return "expired " + std::to_string(-days) + (days == -1 ? " day ago" : " days ago");
    return "expires in " + std::to_string(days) + (days == 1 ? " day" : " days");
}

bool is_ip_literal(const std::string& name) {
    unsigned char address[16];
    return inet_pton(AF_INET, name.c_str(), address) == 1 || inet_pton(AF_INET6, name.c_str(), address) == 1;
}

bool self_signed(X509* certificate) { return X509_check_issued(certificate, certificate) == X509_V_OK; }

}  // namespace

std::string certificate_subject(X509* certificate) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253) < 0) return "?";
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    std::string subject(data, static_cast<std::size_t>(size > 0 ? size : 0));
    for (char& c : subject) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\'') c = '?';
    }
    if (subject.size() > kMaxSubjectChars) subject.resize(kMaxSubjectChars);
    return subject.empty() ? "(empty subject)" : subject;
}

TlsVerdict judge_certificates(STACK_OF(X509) * served, X509_STORE* store, const CertificateRules& rules,
                              std::time_t now) {
    TlsVerdict verdict;
    verdict.handshake_ok = true;
    if (served == nullptr || sk_X509_num(served) == 0) {
        verdict.nagios_code = 2;
        verdict.text = "the server sent no certificate";
        return verdict;
    }
    X509* leaf = sk_X509_value(served, 0);
    std::vector<std::string> problems;

    // 1. The chain against the store, dates left aside (judged below, for every member).
    ChainTrust trust = verify_chain(served, store);
    X509* anchor = trust.anchor;
    if (!trust.trusted) problems.push_back(trust.problem);
    std::unique_ptr<X509, decltype(&X509_free)> anchor_owner(anchor, &X509_free);

    // 2. The dates of every certificate served, and of the anchor when it was not served.
    std::vector<ChainMember> members;
    for (int i = 0; i < sk_X509_num(served); ++i) {
        X509* certificate = sk_X509_value(served, i);
        const std::string role = i == 0 ? "leaf" : (self_signed(certificate) ? "root" : "intermediate");
        members.push_back({certificate, role});
    }
    if (anchor != nullptr) {
        bool was_served = false;
        for (const ChainMember& member : members) was_served = was_served || X509_cmp(member.certificate, anchor) == 0;
        if (!was_served) members.push_back({anchor, "trust anchor"});
    }
    const ChainMember* first_expiring = nullptr;
    long long first_seconds = 0;
    long long leaf_seconds = 0;
    for (const ChainMember& member : members) {
        const auto until_end = seconds_until(X509_get0_notAfter(member.certificate), now);
        const auto until_start = seconds_until(X509_get0_notBefore(member.certificate), now);
        const std::string name = "certificate '" + certificate_subject(member.certificate) + "' (" + member.role + ")";
        if (!until_end || !until_start) {
            problems.push_back(name + " has unreadable dates");
            continue;
        }
        if (*until_start > 0)
            problems.push_back(name + " is not yet valid (for " + std::to_string(whole_days(*until_start) + 1) +
                               " more days)");
        if (*until_end < 0) problems.push_back(name + " has expired");
        if (&member == &members.front()) leaf_seconds = *until_end;
        if (first_expiring == nullptr || *until_end < first_seconds) {
            first_expiring = &member;
            first_seconds = *until_end;
        }
    }

    // 3. The name: IP SANs for an IP literal; DNS SANs, else the CN, with single-label
    //    wildcards in the leftmost label only.
    bool name_ok = false;
    if (is_ip_literal(rules.name)) {
        name_ok = X509_check_ip_asc(leaf, rules.name.c_str(), 0) == 1;
    } else {
        name_ok = X509_check_host(leaf, rules.name.data(), rules.name.size(), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS,
                                  nullptr) == 1;
    }
    if (!name_ok) problems.push_back("name '" + rules.name + "' does not match the certificate");

    std::string summary;
    if (first_expiring != nullptr) {
        const long long days = whole_days(first_seconds);
        verdict.days_left = static_cast<int>(days);
        verdict.first_expiring = certificate_subject(first_expiring->certificate);
        summary = "certificate '" + verdict.first_expiring + "' (" + first_expiring->role + ") " + days_text(days);
        if (first_expiring != &members.front() && first_seconds < leaf_seconds) {
            summary += ", before the leaf (" + std::to_string(whole_days(leaf_seconds)) + " days)";
        }
    }
    if (!problems.empty() && !rules.ignore_invalid) {
        verdict.nagios_code = 2;
        std::string text;
        for (const std::string& problem : problems) text += (text.empty() ? "" : "; ") + problem;
        verdict.text = text + (summary.empty() ? "" : "; " + summary);
        return verdict;
    }
    std::string checks = trust.trusted ? "chain verified" : "chain not trusted (ignored)";
    checks += name_ok ? "; name matched" : "; name mismatch (ignored)";
    if (verdict.days_left && rules.expire_before_days > 0 && *verdict.days_left < rules.expire_before_days) {
        verdict.nagios_code = 1;
        verdict.text = summary + ", within " + std::to_string(rules.expire_before_days) + " days; " + checks;
        return verdict;
    }
    verdict.nagios_code = 0;
    verdict.text = summary + "; " + checks;
    return verdict;
}

}  // namespace niamd::checks
