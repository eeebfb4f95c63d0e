// Where the web interface listens: "ADDR:PORT" as given to --web.
#pragma once

#include <string>
#include <string_view>

#include <awsrest/result.hpp>

namespace niamd::web {

struct ListenAddress {
    std::string address = "127.0.0.1";
    int port = 8080;
};

// "127.0.0.1:8080", "0.0.0.0:80", "[::1]:8080", "localhost:0", ":8080" (loopback) or
// "8080" (loopback). Port 0 asks for an ephemeral port.
awsrest::Result<ListenAddress> parse_listen_address(std::string_view text);

// True for 127.0.0.0/8, ::1, ::ffff:127.x.x.x and "localhost".
bool is_loopback(std::string_view address);

}  // namespace niamd::web
