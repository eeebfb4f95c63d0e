// FakeSqs: just enough of SQS's JSON protocol (CreateQueue, SendMessage, SendMessageBatch)
// behind the HttpClient interface, for the client's delivery and schedule tests.
#pragma once

#include <awsrest/aws_client.hpp>
#include <awsrest/sqs.hpp>
#include <rapidjson/document.h>

#include <map>
#include <string>
#include <vector>

#include "sqs/body_md5.hpp"

namespace test_support {

class FakeSqs final : public awsrest::HttpClient {
  public:
    bool up = true;
    std::vector<std::string> received;     // bodies, in arrival order
    std::vector<std::size_t> per_request;  // how many bodies each accepted request brought
    std::map<std::string, int> calls;
    int fail_batch_entry = -1;    // index of a batch entry to refuse once (server fault)
    int refuse_batch_entry = -1;  // index of a batch entry to refuse once for good (sender fault)
    int down_attempts = 0;        // requests made while !up

    awsrest::Result<awsrest::Response> send(const awsrest::Endpoint&, const awsrest::Request& request,
                                            const awsrest::SendOptions&) override {
        if (!up) {
            ++down_attempts;
            return awsrest::make_error(awsrest::ErrorKind::Network, "could not connect");
        }
        std::string target(awsrest::find_header(request.headers, "X-Amz-Target").value_or(""));
        std::string action = target.substr(target.find('.') + 1);
        ++calls[action];
        rapidjson::Document doc;
        doc.Parse(request.body.c_str());
        awsrest::Response response;
        response.status = 200;
        if (action == "CreateQueue") {
            response.body = R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/1/q"})";
        } else if (action == "SendMessage") {
            std::string body = doc["MessageBody"].GetString();
            received.push_back(body);
            per_request.push_back(1);
            response.body = R"({"MessageId":"m)" + std::to_string(received.size()) + R"(","MD5OfMessageBody":")" +
                            awsrest::sqs::md5_hex(body) + "\"}";
        } else if (action == "SendMessageBatch") {
            const std::size_t before = received.size();
            std::string ok;
            std::string failed;
            const auto& entries = doc["Entries"];
            for (rapidjson::SizeType i = 0; i < entries.Size(); ++i) {
                std::string id = entries[i]["Id"].GetString();
                std::string body = entries[i]["MessageBody"].GetString();
                if (static_cast<int>(i) == fail_batch_entry) {
                    fail_batch_entry = -1;
                    failed += std::string(failed.empty() ? "" : ",") + R"({"Id":")" + id +
                              R"(","SenderFault":false,"Code":"InternalError","Message":"try again"})";
                    continue;
                }
                if (static_cast<int>(i) == refuse_batch_entry) {
                    refuse_batch_entry = -1;
                    failed += std::string(failed.empty() ? "" : ",") + R"({"Id":")" + id +
                              R"(","SenderFault":true,"Code":"InvalidParameterValue","Message":"too long"})";
                    continue;
                }
                received.push_back(body);
                ok += std::string(ok.empty() ? "" : ",") + R"({"Id":")" + id + R"(","MessageId":"m)" +
                      std::to_string(received.size()) + R"(","MD5OfMessageBody":")" + awsrest::sqs::md5_hex(body) +
                      "\"}";
            }
            per_request.push_back(received.size() - before);
            response.body = R"({"Successful":[)" + ok + R"(],"Failed":[)" + failed + "]}";
        } else {
            response.status = 400;
            response.body = R"({"__type":"InvalidAction","message":"not faked"})";
        }
        return response;
    }
};

}  // namespace test_support
