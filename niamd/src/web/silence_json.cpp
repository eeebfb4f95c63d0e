#include "web/silence_json.hpp"

#include <limits>
#include <set>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "config/maintenance_statements.hpp"
#include "web/json_writer.hpp"

namespace niamd::web {

namespace {

constexpr std::int64_t kMaxTime = 253402300799;  // 9999-12-31T23:59:59Z

awsrest::Error bad(std::string message) {
    awsrest::Error error;
    error.kind = awsrest::ErrorKind::InvalidArgument;
    error.message = std::move(message);
    return error;
}

void write_silence(JsonWriter& out, const store::SilenceRow& silence, std::int64_t now) {
    out.begin_object();
    out.key("id").value(silence.id);
    out.key("host").value(silence.host);
    out.key("check").value(silence.check);
    out.key("starts").value(silence.starts);
    out.key("ends").value(silence.ends);
    out.key("comment").value(silence.comment);
    out.key("author").value(silence.author);
    out.key("created").value(silence.created);
    out.key("active").value(silence.starts <= now && now < silence.ends);
    out.end_object();
}

}  // namespace

awsrest::Result<SilenceRequest> parse_silence_request(std::string_view body) {
    if (body.size() > kMaxSilenceBodyBytes) {
        return bad("body larger than " + std::to_string(kMaxSilenceBodyBytes) + " bytes");
    }
    rapidjson::Document document;
    document.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
    if (document.HasParseError()) {
        return bad(std::string("body is not JSON: ") + rapidjson::GetParseError_En(document.GetParseError()) +
                   " at offset " + std::to_string(document.GetErrorOffset()));
    }
    if (!document.IsObject()) return bad("body must be a JSON object");
    SilenceRequest request;
    std::set<std::string> seen;
    const auto time_of = [](const rapidjson::Value& value, const std::string& name) -> awsrest::Result<std::int64_t> {
        if (value.IsInt64()) {
            const std::int64_t number = value.GetInt64();
            if (number < 0 || number > kMaxTime) return bad(name + " out of range");
            return number;
        }
        if (value.IsString()) {
            const auto parsed = config::parse_iso_time(std::string_view(value.GetString(), value.GetStringLength()));
            if (!parsed || *parsed > kMaxTime)
                return bad(name + " must be Unix seconds or ISO-8601 like 2026-12-07T18:00Z");
            return *parsed;
        }
        return bad(name + " must be Unix seconds or an ISO-8601 string");
    };
    // Counted, not compared: clang's C++20 mode finds rapidjson's iterator != ambiguous.
    auto member_at = document.MemberBegin();
    for (rapidjson::SizeType index = 0; index < document.MemberCount(); ++index, ++member_at) {
        const auto& member = *member_at;
        const std::string name(member.name.GetString(), member.name.GetStringLength());
        if (!seen.insert(name).second) return bad("member \"" + name.substr(0, 32) + "\" given twice");
        const rapidjson::Value& value = member.value;
        const auto text = [&](std::string& into) -> std::optional<awsrest::Error> {
            if (!value.IsString()) return bad(name + " must be a string");
            into.assign(value.GetString(), value.GetStringLength());
            return std::nullopt;
        };
        if (name == "host") {
            if (auto error = text(request.host)) return std::move(*error);
        } else if (name == "check") {
            if (value.IsNull()) continue;
            if (auto error = text(request.check)) return std::move(*error);
        } else if (name == "comment") {
            if (auto error = text(request.comment)) return std::move(*error);
        } else if (name == "starts") {
            auto time = time_of(value, name);
            if (!time) return std::move(time).error();
            request.starts = *time;
        } else if (name == "ends") {
            auto time = time_of(value, name);
            if (!time) return std::move(time).error();
            request.ends = *time;
        } else if (name == "duration_seconds") {
            if (!value.IsInt64() || value.GetInt64() < 1 || value.GetInt64() > kMaxTime) {
                return bad("duration_seconds must be a whole number of seconds, at least 1");
            }
            request.duration_seconds = value.GetInt64();
        } else {
            return bad("unknown member \"" + name.substr(0, 32) + "\"");
        }
    }
    if (request.host.empty()) return bad("host is required (a hostname, an instance id or *)");
    if (request.ends.has_value() == request.duration_seconds.has_value()) {
        return bad("give exactly one of ends and duration_seconds");
    }
    return request;
}

store::SilenceRow silence_of(const SilenceRequest& request, std::string author, std::int64_t now) {
    store::SilenceRow row;
    row.host = request.host;
    row.check = request.check;
    row.comment = request.comment;
    row.author = std::move(author);
    row.starts = request.starts.value_or(now);
    row.ends = request.ends ? *request.ends : row.starts + *request.duration_seconds;
    return row;
}

std::string silence_json(const store::SilenceRow& silence, std::int64_t now) {
    JsonWriter out;
    write_silence(out, silence, now);
    return out.text();
}

std::string silences_json(const std::vector<store::SilenceRow>& silences, std::int64_t now) {
    JsonWriter out;
    out.begin_object();
    out.key("now").value(now);
    out.key("silences").begin_array();
    for (const auto& silence : silences) {
        write_silence(out, silence, now);
    }
    out.end_array();
    out.end_object();
    return out.text();
}

}  // namespace niamd::web
