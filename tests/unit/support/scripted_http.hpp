// A scripted HttpClient and a manual clock for unit tests: no network, no sleeping.
#pragma once

#include <awsrest/clock.hpp>
#include <awsrest/http.hpp>

#include <atomic>
#include <deque>
#include <vector>

namespace test_support {

// Answers each send() with the next scripted step (a response or an error), and keeps
// every request it was sent. Running out of script is a Network error.
class ScriptedHttp final : public awsrest::HttpClient {
  public:
    struct Sent {
        awsrest::Endpoint endpoint;
        awsrest::Request request;
    };

    ScriptedHttp& respond(int status, std::string body = {}, awsrest::Headers headers = {}) {
        awsrest::Response response;
        response.status = status;
        response.body = std::move(body);
        response.headers = std::move(headers);
        script_.emplace_back(std::move(response));
        return *this;
    }
    ScriptedHttp& fail(std::string message = "connection refused") {
        script_.emplace_back(awsrest::make_error(awsrest::ErrorKind::Network, std::move(message)));
        return *this;
    }

    awsrest::Result<awsrest::Response> send(const awsrest::Endpoint& endpoint, const awsrest::Request& request,
                                            const awsrest::SendOptions& options) override {
        sent.push_back({endpoint, request});
        cancel_flags.push_back(options.cancel);
        if (script_.empty()) return awsrest::make_error(awsrest::ErrorKind::Network, "script exhausted");
        auto step = std::move(script_.front());
        script_.pop_front();
        return step;
    }

    std::vector<Sent> sent;
    std::vector<const std::atomic<bool>*> cancel_flags;  // SendOptions::cancel of each call, in order

  private:
    std::deque<awsrest::Result<awsrest::Response>> script_;
};

// A clock that moves only when told to; sleep_for advances it and records the sleep.
class ManualClock final : public awsrest::Clock {
  public:
    explicit ManualClock(awsrest::TimePoint start = awsrest::TimePoint{std::chrono::seconds{1440938160}})
        : now_(start) {}
    awsrest::TimePoint now() const override { return now_; }
    void sleep_for(std::chrono::milliseconds duration) override {
        sleeps.push_back(duration);
        now_ += duration;
    }
    void advance(std::chrono::milliseconds duration) { now_ += duration; }

    std::vector<std::chrono::milliseconds> sleeps;

  private:
    awsrest::TimePoint now_;
};

}  // namespace test_support
