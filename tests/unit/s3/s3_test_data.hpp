// Answer bodies under tests/data/<service>/, read for the S3, SNS and STS unit tests.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace service_test {

// tests/data/<service>/<name>, e.g. ("s3", "list_objects_v2_example.xml").
inline std::string data_file(const std::string& service, const std::string& name) {
    const std::string path = std::string(NIAM_TEST_DATA) + "/" + service + "/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open test data " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace service_test
