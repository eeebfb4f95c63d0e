// Signs the SigV4 suite's get-vanilla request through the installed library and prints
// the signature; the test compares it with the suite's expected file.
#include <awsrest/signer.hpp>

#include <iostream>

int main() {
    awsrest::Request request;
    request.method = "GET";
    request.path = "/";
    request.headers.push_back({"Host", "example.amazonaws.com"});

    awsrest::SigningParams params;
    params.credentials.access_key_id = "AKIDEXAMPLE";
    params.credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    params.region = "us-east-1";
    params.service = "service";
    auto time = awsrest::parse_amz_date("20150830T123600Z");
    if (!time) {
        std::cerr << time.error().describe() << "\n";
        return 1;
    }
    params.time = *time;
    auto signed_request = awsrest::sign(request, params);
    if (!signed_request) {
        std::cerr << signed_request.error().describe() << "\n";
        return 1;
    }
    std::cout << signed_request->signature;
    return 0;
}
