// What one source of the credentials chain found: credentials, nothing (the chain moves
// on, and the note says why), or a failure that stops the chain (the source is there
// but broken: a file that does not parse, a refused file mode, a half-set environment).
#pragma once

#include <string>
#include <utility>

#include "awsrest/credentials.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

struct SourceOutcome {
    enum class State { Found, Absent, Failed };

    State state = State::Absent;
    Credentials credentials;  // Found
    std::string note;         // Absent: why not, e.g. "AWS_ACCESS_KEY_ID not set"
    Error error;              // Failed

    static SourceOutcome found(Credentials credentials) {
        SourceOutcome outcome;
        outcome.state = State::Found;
        outcome.credentials = std::move(credentials);
        return outcome;
    }
    static SourceOutcome absent(std::string note) {
        SourceOutcome outcome;
        outcome.state = State::Absent;
        outcome.note = std::move(note);
        return outcome;
    }
    static SourceOutcome failed(Error error) {
        SourceOutcome outcome;
        outcome.state = State::Failed;
        outcome.error = std::move(error);
        return outcome;
    }

    // For the single-source public functions: Absent becomes a Credentials error
    // "<source>: <note>".
    Result<Credentials> to_result(std::string_view source) && {
        switch (state) {
            case State::Found: return std::move(credentials);
            case State::Failed: return std::move(error);
            case State::Absent: break;
        }
        return make_error(ErrorKind::Credentials, std::string(source) + ": " + note);
    }
};

}  // namespace awsrest
