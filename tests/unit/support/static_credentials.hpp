// A credentials provider that always answers the same credentials, for unit tests.
#pragma once

#include <awsrest/credentials.hpp>

namespace test_support {

class StaticCredentials final : public awsrest::CredentialsProvider {
  public:
    // The example key pair of the AWS documentation (and the SigV4 test suite).
    StaticCredentials()
        : StaticCredentials(awsrest::Credentials{
              "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", {}, std::nullopt, "test"}) {}
    explicit StaticCredentials(awsrest::Credentials credentials) : credentials_(std::move(credentials)) {}

    awsrest::Result<awsrest::Credentials> credentials() override { return credentials_; }

  private:
    awsrest::Credentials credentials_;
};

}  // namespace test_support
