// RFC 3986 form encoding of Query protocol bodies and S3 query strings, by hand.
#include <catch2/catch.hpp>

#include <string>

#include "core/query_form.hpp"

using awsrest::QueryForm;

TEST_CASE("core: form values are percent-encoded per RFC 3986", "[core][query]") {
    struct Row {
        const char* input;
        const char* expected;
    };
    const Row rows[] = {
        {"AZaz09-_.~", "AZaz09-_.~"},
        {"a b", "a%20b"},
        {"a+b", "a%2Bb"},
        {"a*b", "a%2Ab"},
        {"k=v&x", "k%3Dv%26x"},
        {"https://h/1/q", "https%3A%2F%2Fh%2F1%2Fq"},
        {"caf\xC3\xA9", "caf%C3%A9"},
        {"\t\r\n", "%09%0D%0A"},
        {"%", "%25"},
        {"", ""},
        {"arn:aws:sns:us-east-1:123456789012:my-topic", "arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Amy-topic"},
        {"a b+c&d=e~f_g.h-i", "a%20b%2Bc%26d%3De~f_g.h-i"},
        {"{\"k\":\"\xC3\xA9\"}\n", "%7B%22k%22%3A%22%C3%A9%22%7D%0A"},
    };
    for (const Row& row : rows) {
        INFO(row.input);
        QueryForm form;
        form.add("V", row.input);
        CHECK(form.text() == std::string("V=") + row.expected);
    }
}

TEST_CASE("core: form pairs keep the order they were added in", "[core][query]") {
    QueryForm form;
    form.add("Action", "SendMessage").add("Version", "2012-11-05").add("DelaySeconds", 45LL);
    CHECK(form.text() == "Action=SendMessage&Version=2012-11-05&DelaySeconds=45");
}
