#include "awsrest/result.hpp"

namespace awsrest {

std::string_view to_string(ErrorKind kind) noexcept {
    switch (kind) {
        case ErrorKind::Network: return "network error";
        case ErrorKind::Http: return "HTTP error";
        case ErrorKind::Service: return "service error";
        case ErrorKind::Parse: return "parse error";
        case ErrorKind::Credentials: return "credentials error";
        case ErrorKind::InvalidArgument: return "invalid argument";
    }
    return "error";
}

std::string Error::describe() const {
    std::string out(to_string(kind));
    if (!code.empty()) out += " " + code;
    if (http_status != 0 || !request_id.empty()) {
        out += " (";
        if (http_status != 0) out += "HTTP " + std::to_string(http_status);
        if (!request_id.empty()) out += std::string(http_status != 0 ? ", " : "") + "request id " + request_id;
        out += ")";
    }
    if (!message.empty()) out += ": " + message;
    return out;
}

Error make_error(ErrorKind kind, std::string message) {
    Error error;
    error.kind = kind;
    error.message = std::move(message);
    return error;
}

}  // namespace awsrest
