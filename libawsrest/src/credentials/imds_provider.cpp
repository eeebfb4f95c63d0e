#include "credentials/imds_provider.hpp"

#include <cctype>

#include "credentials/imds_document.hpp"

namespace awsrest {

namespace {

constexpr std::string_view kRolesPath = "/latest/meta-data/iam/security-credentials/";

// The first line of the role list, trimmed.
std::string_view first_role(std::string_view body) {
    body = body.substr(0, body.find('\n'));
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.remove_suffix(1);
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
    return body;
}

bool is_http_404(const Error& error) { return error.kind == ErrorKind::Http && error.http_status == 404; }

// ImdsClient's messages start "IMDS "; in the chain's list they already stand after "IMDS".
std::string without_imds_prefix(std::string message) {
    constexpr std::string_view prefix = "IMDS ";
    if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
    return message;
}

// A failure that stops the chain: Parse stays Parse, anything else is a Credentials error.
SourceOutcome failure(Error error) {
    if (error.kind != ErrorKind::Parse) error.kind = ErrorKind::Credentials;
    return SourceOutcome::failed(std::move(error));
}

}  // namespace

ImdsCredentialsProvider::ImdsCredentialsProvider(ImdsClient& imds, Clock& clock,
                                                 std::chrono::seconds refresh_before_expiry)
    : imds_(imds), clock_(clock), refresh_before_expiry_(refresh_before_expiry) {}

SourceOutcome ImdsCredentialsProvider::resolve() {
    const TimePoint now = clock_.now();
    if (cached_ && cached_->expiration && now + refresh_before_expiry_ < *cached_->expiration) {
        return SourceOutcome::found(*cached_);
    }
    SourceOutcome fresh = fetch();
    if (fresh.state == SourceOutcome::State::Found) {
        cached_ = fresh.credentials;
        return fresh;
    }
    // IMDS is briefly unwell: what we have is good until it expires.
    if (cached_ && cached_->expiration && now < *cached_->expiration) return SourceOutcome::found(*cached_);
    return fresh;
}

SourceOutcome ImdsCredentialsProvider::fetch() {
    const std::string origin = imds_.options().endpoint.origin();
    auto token = imds_.token();
    if (!token) {
        // Disabled, no answer, or a refusal of the token request: not on EC2 (or IMDS off).
        if (token.error().kind != ErrorKind::Parse) {
            return SourceOutcome::absent(origin + " " + without_imds_prefix(token.error().message));
        }
        return failure(std::move(token).error());
    }

    const std::string roles_path(kRolesPath);
    auto roles = imds_.get(roles_path);
    if (!roles) {
        if (is_http_404(roles.error())) {
            return SourceOutcome::absent("no instance profile attached (HTTP 404 from " + origin + roles_path + ")");
        }
        return failure(std::move(roles).error());
    }
    const std::string_view role = first_role(*roles);
    if (role.empty()) return SourceOutcome::absent("no instance profile attached (empty role list)");
    if (!is_valid_role_name(role)) {
        // Not quoted: it is not a name, so it could be anything.
        return failure(make_error(ErrorKind::Parse, "IMDS: " + origin + roles_path +
                                                        ": the role list does not start with an IAM role name "
                                                        "(1 to 64 of A-Z a-z 0-9 +=,.@_-)"));
    }

    const std::string role_path = roles_path + std::string(role);
    const std::string described = "IMDS role '" + std::string(role) + "' (" + origin + role_path + ")";
    auto document = imds_.get(role_path);
    if (!document) {
        if (is_http_404(document.error())) {
            return failure(make_error(ErrorKind::Credentials, described + ": no credentials for this role (HTTP 404)"));
        }
        Error error = std::move(document).error();
        error.message = described + ": " + without_imds_prefix(error.message);
        return failure(std::move(error));
    }
    auto credentials = parse_imds_credentials(*document, described);
    if (!credentials) return failure(std::move(credentials).error());
    return SourceOutcome::found(std::move(credentials).value());
}

}  // namespace awsrest
