// ServiceDefinition: one [section] of a /etc/monitoring-info/*.conf file, typed and checked
// (docs/monitoring-info.md has every key, kind and default). The password is a secret: it
// is never written into a ServiceProblem, a log line, a record or the registration.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/ini_reader.hpp"

namespace niamd::services {

enum class ServiceType { Http, Tcp, Udp, Smtp, Imap, Pop3, Ssh, Ldap, Mailflow };
std::string_view to_string(ServiceType type) noexcept;  // "http", "tcp", ...
std::optional<ServiceType> service_type_from_string(std::string_view text) noexcept;

inline constexpr int kMaxServiceSeconds = 86400;  // interval, timeout
inline constexpr int kMaxRetries = 100;           // retries, recover
inline constexpr int kMaxFlapChanges = 20;        // of the last 21 results
inline constexpr int kMaxExpireBeforeDays = 3650;
inline constexpr int kMaxRedirects = 20;
inline constexpr std::size_t kMaxHeaders = 32;
inline constexpr std::size_t kMaxServiceNameBytes = 128;

// `ssl` and the certificate keys (http, tcp, smtp, imap, pop3, ldap).
struct TlsSettings {
    bool ssl = false;
    bool starttls = false;     // smtp, imap, pop3, ldap: upgrade a plain connection
    std::string ssl_hostname;  // empty: the host's FQDN
    bool ignore_invalid_ssl = false;
    int expire_before_days = 0;  // 0: only an expired certificate fails
    std::string ca_file;         // empty: the system CA store

    friend bool operator==(const TlsSettings&, const TlsSettings&) = default;
};

struct StatusRange {
    int low = 200;
    int high = 399;
    friend bool operator==(const StatusRange&, const StatusRange&) = default;
};

// The http type's keys (the endpoint tests).
struct HttpSettings {
    std::string uri = "/";
    bool accept_redirection = true;
    std::string hostname;                    // Host header; empty: the host's FQDN
    std::vector<StatusRange> expect_status;  // default 200-399, or 200-299 without accept_redirection
    std::string method = "GET";
    std::vector<std::string> headers;  // "Name: value", as written (repeatable `header`)
    std::string body_contains;
    std::string body_not_contains;
    std::string body_regex;  // ECMAScript syntax, checked when read
    int max_redirects = 0;   // 0: redirects are not followed
    std::optional<int> warn_ms;
    std::optional<int> crit_ms;

    friend bool operator==(const HttpSettings&, const HttpSettings&) = default;
};

struct ServiceDefinition {
    std::string name;  // the section's name
    ServiceType type = ServiceType::Tcp;
    std::string source;                // the file it came from
    int line = 0;                      // of its [section] header
    std::string target = "localhost";  // where to connect (`target`); the service runs on this host
    int port = 0;                      // per type and ssl when not given; mailflow: 0
    // Schedule and noise (on the master: retries, recover, flap_changes).
    std::optional<int> interval;  // seconds; none: the host's INTERVAL
    std::optional<int> timeout;   // seconds; none: the host's TIMEOUT
    int retries = 0;
    int recover = 1;
    std::optional<int> flap_changes;  // none: no flapping detection
    TlsSettings tls;
    HttpSettings http;
    // Type keys.
    std::string email;       // smtp
    std::string mailflowid;  // smtp, imap, pop3
    std::string username;    // imap, pop3, ldap
    std::string password;    // imap, pop3, ldap: a secret
    std::string send;        // udp: the datagram (empty: an empty one)
    std::string expect;      // udp: the answer must start with it (empty: any answer, or none)
    std::string id;          // mailflow: the mailflowid watched
    int seconds = 0;         // mailflow

    friend bool operator==(const ServiceDefinition&, const ServiceDefinition&) = default;
};

// One error in a file: "FILE:LINE: KEY: MESSAGE" (KEY left out when the line has none).
struct ServiceProblem {
    std::string file;
    int line = 0;
    std::string key;
    std::string message;
    std::string text() const;
};

struct DefinitionResult {
    std::optional<ServiceDefinition> definition;  // nullopt: the section is skipped
    std::vector<ServiceProblem> problems;
    bool disabled = false;  // `enabled = false`: skipped without a problem
};

// The section as a definition of `file`. Unknown type, missing `type` or mandatory key,
// unknown key, a key given twice (but `header`), a bad value: a problem naming the line and
// key, and no definition.
DefinitionResult make_definition(const IniSection& section, const std::string& file);

// true/false, yes/no, on/off, 1/0 (any case).
std::optional<bool> parse_bool(std::string_view text) noexcept;
// "200-299,301,400-404": codes 100-599, low <= high, at most 32 ranges.
std::optional<std::vector<StatusRange>> parse_status_list(std::string_view text);

}  // namespace niamd::services
