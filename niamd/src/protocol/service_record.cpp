#include "protocol/service_record.hpp"

#include <algorithm>
#include <charconv>

#include "inventory/inventory.hpp"
#include "protocol/inventory_record.hpp"

namespace niamd::protocol {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void append_escaped(std::string& out, std::string_view field) {
    for (const char ch : field) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '%' || c == ';' || c == ' ' || c < 0x20 || c == 0x7f) {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xf]);
        } else {
            out.push_back(ch);
        }
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> unescape(std::string_view field) {
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '%') {
            out.push_back(field[i]);
            continue;
        }
        if (i + 2 >= field.size()) return std::nullopt;
        const int high = hex_value(field[i + 1]);
        const int low = hex_value(field[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return out;
}

std::optional<int> parse_number(std::string_view text, int max) {
    if (text.empty() || text.size() > 6) return std::nullopt;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    if (value > max) return std::nullopt;
    return value;
}

}  // namespace

std::string registration_text(std::vector<RegisteredService> services) {
    std::sort(services.begin(), services.end(),
              [](const RegisteredService& a, const RegisteredService& b) { return a.name < b.name; });
    std::string text;
    for (const auto& service : services) {
        if (!text.empty()) text.push_back(';');
        append_escaped(text, service.name);
        text.push_back(' ');
        append_escaped(text, service.type);
        text.push_back(' ');
        append_escaped(text, service.target);
        for (const int number : {service.port, service.interval, service.timeout, service.retries}) {
            text.push_back(' ');
            text += std::to_string(number);
        }
        text.push_back(' ');
        append_escaped(text, service.source);
    }
    return text;
}

std::optional<std::vector<RegisteredService>> parse_registration_text(std::string_view text, std::string* error) {
    const auto fail = [error](std::string message) -> std::optional<std::vector<RegisteredService>> {
        if (error != nullptr) *error = std::move(message);
        return std::nullopt;
    };
    std::vector<RegisteredService> services;
    if (text.empty()) return services;
    std::size_t item_number = 0;
    while (true) {
        ++item_number;
        const std::size_t semicolon = text.find(';');
        std::string_view item = text.substr(0, semicolon);
        std::vector<std::string_view> fields;
        while (true) {
            const std::size_t space = item.find(' ');
            fields.push_back(item.substr(0, space));
            if (space == std::string_view::npos) break;
            item.remove_prefix(space + 1);
        }
        const std::string where = "service " + std::to_string(item_number);
        if (fields.size() != 8) return fail(where + " has " + std::to_string(fields.size()) + " fields, 8 expected");
        RegisteredService service;
        auto name = unescape(fields[0]);
        auto type = unescape(fields[1]);
        auto target = unescape(fields[2]);
        auto source = unescape(fields[7]);
        if (!name || !type || !target || !source) return fail(where + ": a bad %XX escape");
        if (name->empty() || type->empty()) return fail(where + ": an empty name or type");
        const auto port = parse_number(fields[3], 65535);
        const auto interval = parse_number(fields[4], 86400);
        const auto timeout = parse_number(fields[5], 86400);
        const auto retries = parse_number(fields[6], 1000);
        if (!port || !interval || !timeout || !retries) return fail(where + ": a bad number");
        service.name = std::move(*name);
        service.type = std::move(*type);
        service.target = std::move(*target);
        service.source = std::move(*source);
        service.port = *port;
        service.interval = *interval;
        service.timeout = *timeout;
        service.retries = *retries;
        if (!services.empty() && !(services.back().name < service.name)) {
            return fail(where + ": names are not sorted or not unique");
        }
        if (services.size() >= kMaxRegisteredServices) return fail("more than 1000 services");
        services.push_back(std::move(service));
        if (semicolon == std::string_view::npos) break;
        text.remove_prefix(semicolon + 1);
    }
    return services;
}

std::vector<Record> registration_records(const std::string& instance, const std::string& hostname,
                                         const std::vector<RegisteredService>& services, std::int64_t time) {
    std::vector<Record> records = inventory_records(instance, hostname, registration_text(services), time);
    for (auto& record : records) record.kind = RecordKind::Services;
    return records;
}

}  // namespace niamd::protocol
