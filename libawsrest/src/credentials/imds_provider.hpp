// EC2 instance-profile credentials, read over IMDSv2 through ImdsClient (session token,
// one retry on 401):
//   GET /latest/meta-data/iam/security-credentials/        -> the role name
//   GET /latest/meta-data/iam/security-credentials/<role>  -> the credentials document
// The credentials are cached and fetched again `refresh_before_expiry` before their
// Expiration; when that fails they are still used until they expire.
#pragma once

#include <chrono>
#include <optional>

#include "awsrest/clock.hpp"
#include "awsrest/credentials.hpp"
#include "awsrest/imds.hpp"
#include "credentials/source_outcome.hpp"

namespace awsrest {

class ImdsCredentialsProvider final : public CredentialsProvider {
  public:
    ImdsCredentialsProvider(ImdsClient& imds, Clock& clock,
                            std::chrono::seconds refresh_before_expiry = std::chrono::seconds{300});

    // Absent when IMDS is disabled, does not answer the token request (not on EC2) or
    // has no instance profile; Failed when it answers something that is not credentials.
    SourceOutcome resolve();
    Result<Credentials> credentials() override { return resolve().to_result("IMDS"); }

  private:
    SourceOutcome fetch();

    ImdsClient& imds_;
    Clock& clock_;
    std::chrono::seconds refresh_before_expiry_;
    std::optional<Credentials> cached_;
};

}  // namespace awsrest
