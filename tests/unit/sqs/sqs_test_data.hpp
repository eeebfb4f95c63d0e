// The SQS answer bodies of tests/data/sqs/, read for the unit tests.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace sqs_test {

// tests/data/sqs/<relative>, e.g. "json/receive_message.json".
inline std::string data_file(const std::string& relative) {
    const std::string path = std::string(NIAM_TEST_DATA) + "/sqs/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open test data " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace sqs_test
