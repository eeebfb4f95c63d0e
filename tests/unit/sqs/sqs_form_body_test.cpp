// RFC 3986 form encoding of Query protocol bodies.
#include <catch2/catch.hpp>

#include "sqs/form_body.hpp"

using awsrest::sqs::FormBody;

TEST_CASE("sqs: form values are percent-encoded per RFC 3986", "[sqs][query]") {
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
    };
    for (const Row& row : rows) {
        INFO(row.input);
        FormBody form;
        form.add("V", row.input);
        CHECK(form.text() == std::string("V=") + row.expected);
    }
}

TEST_CASE("sqs: form pairs keep the order they were added in", "[sqs][query]") {
    FormBody form;
    form.add("Action", "SendMessage").add("Version", "2012-11-05").add("DelaySeconds", 45LL);
    CHECK(form.text() == "Action=SendMessage&Version=2012-11-05&DelaySeconds=45");
}
