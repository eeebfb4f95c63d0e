#include "docker/engine_json.hpp"

#include <charconv>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "metrics/sample.hpp"

namespace niamd::docker {
namespace {

using rapidjson::Value;

std::string cut(std::string_view text, std::size_t max) { return std::string(text.substr(0, max)); }

bool parse(std::string_view body, rapidjson::Document& doc, std::string& error) {
    doc.Parse(body.data(), body.size());
    if (doc.HasParseError()) {
        error = std::string("not JSON (") + rapidjson::GetParseError_En(doc.GetParseError()) + " at byte " +
                std::to_string(doc.GetErrorOffset()) + ")";
        return false;
    }
    return true;
}

// The member, or nullptr (rapidjson's iterators compare ambiguously in C++20).
const Value* member(const Value& object, const char* name) {
    if (!object.IsObject()) return nullptr;
    const auto it = object.FindMember(name);
    return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string string_member(const Value& object, const char* name) {
    const Value* value = member(object, name);
    if (value == nullptr || !value->IsString()) return {};
    return std::string(value->GetString(), value->GetStringLength());
}

bool bool_member(const Value& object, const char* name) {
    const Value* value = member(object, name);
    return value != nullptr && value->IsBool() && value->GetBool();
}

std::string without_slash(std::string name) {
    if (!name.empty() && name.front() == '/') name.erase(0, 1);
    return name;
}

}  // namespace

std::optional<ApiVersion> parse_api_version(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size() || text.size() > 12) return std::nullopt;
    ApiVersion version;
    const auto major = std::from_chars(text.data(), text.data() + dot, version.major);
    const auto minor = std::from_chars(text.data() + dot + 1, text.data() + text.size(), version.minor);
    if (major.ec != std::errc{} || major.ptr != text.data() + dot || minor.ec != std::errc{} ||
        minor.ptr != text.data() + text.size() || version.major < 0 || version.minor < 0) {
        return std::nullopt;
    }
    return version;
}

Negotiated negotiate_api_version(std::string_view version_body) {
    Negotiated out;
    rapidjson::Document doc;
    if (!parse(version_body, doc, out.error)) {
        out.error = "GET /version: " + out.error;
        return out;
    }
    out.engine_version = cut(string_member(doc, "Version"), 64);
    const auto api = parse_api_version(string_member(doc, "ApiVersion"));
    if (!api) {
        out.error = "GET /version: no ApiVersion \"major.minor\" in the answer";
        return out;
    }
    const std::string min_text = string_member(doc, "MinAPIVersion");
    const auto min = min_text.empty() ? std::optional<ApiVersion>(kLowestApiVersion) : parse_api_version(min_text);
    if (!min) {
        out.error = "GET /version: MinAPIVersion \"" + cut(min_text, 16) + "\" is not \"major.minor\"";
        return out;
    }
    const std::string engine =
        "the engine (" + (out.engine_version.empty() ? "version unknown" : out.engine_version) + ")";
    if (*min > kHighestApiVersion) {
        out.error = engine + " needs API version " + min->text() + " or newer; this niamd speaks up to " +
                    kHighestApiVersion.text();
        return out;
    }
    if (*api < kLowestApiVersion) {
        out.error = engine + " speaks API version " + api->text() + " at most; this niamd needs " +
                    kLowestApiVersion.text() + " or newer";
        return out;
    }
    out.version = *api < kHighestApiVersion ? *api : kHighestApiVersion;
    return out;
}

std::string engine_error_message(std::string_view body) {
    rapidjson::Document doc;
    std::string error;
    if (parse(body, doc, error)) {
        const std::string message = string_member(doc, "message");
        if (!message.empty()) return cut(message, 1000);
    }
    return cut(body, 200);
}

std::optional<std::vector<ContainerSummary>> parse_container_list(std::string_view body, std::string& error) {
    rapidjson::Document doc;
    if (!parse(body, doc, error)) return std::nullopt;
    if (!doc.IsArray()) {
        error = "not a list of containers";
        return std::nullopt;
    }
    std::vector<ContainerSummary> out;
    for (const Value& item : doc.GetArray()) {
        ContainerSummary summary;
        summary.id = string_member(item, "Id");
        if (summary.id.empty()) continue;
        const Value* names = member(item, "Names");
        if (names != nullptr && names->IsArray() && !names->Empty() && (*names)[0].IsString()) {
            summary.name = without_slash((*names)[0].GetString());
        }
        if (summary.name.empty()) summary.name = summary.id.substr(0, 12);
        summary.image = string_member(item, "Image");
        summary.state = string_member(item, "State");
        out.push_back(std::move(summary));
    }
    return out;
}

std::optional<ContainerDetail> parse_container_detail(std::string_view body, std::string& error) {
    rapidjson::Document doc;
    if (!parse(body, doc, error)) return std::nullopt;
    if (!doc.IsObject()) {
        error = "not a container";
        return std::nullopt;
    }
    ContainerDetail detail;
    detail.id = string_member(doc, "Id");
    detail.name = without_slash(string_member(doc, "Name"));
    if (detail.id.empty()) {
        error = "a container without Id";
        return std::nullopt;
    }
    if (detail.name.empty()) detail.name = detail.id.substr(0, 12);
    if (const Value* config = member(doc, "Config")) {
        detail.tty = bool_member(*config, "Tty");
        detail.image = string_member(*config, "Image");
    }
    if (const Value* state = member(doc, "State")) detail.running = bool_member(*state, "Running");
    return detail;
}

EngineEvent parse_engine_event(std::string_view json) {
    EngineEvent out;
    rapidjson::Document doc;
    if (!parse(json, doc, out.error)) return out;
    if (!doc.IsObject()) {
        out.error = "an event that is not an object";
        return out;
    }
    const std::string type = string_member(doc, "Type");
    std::string action = string_member(doc, "Action");
    const Value* time_nano = member(doc, "timeNano");
    const Value* time = member(doc, "time");
    if (time_nano != nullptr && time_nano->IsInt64() && time_nano->GetInt64() > 0) {
        out.time_nano = time_nano->GetInt64();
    } else if (time != nullptr && time->IsInt64() && time->GetInt64() > 0 && time->GetInt64() < 9'000'000'000LL) {
        out.time_nano = time->GetInt64() * 1'000'000'000;
    } else {
        out.error = "an event without time or timeNano";
        return out;
    }
    const Value* actor = member(doc, "Actor");
    if (actor == nullptr || !actor->IsObject()) {
        out.error = "an event without Actor";
        return out;
    }
    const std::string actor_id = string_member(*actor, "ID");
    static const Value kNoAttributes(rapidjson::kObjectType);
    const Value* attributes_value = member(*actor, "Attributes");
    const Value& attributes =
        attributes_value != nullptr && attributes_value->IsObject() ? *attributes_value : kNoAttributes;
    // "health_status: healthy": the action carries the status after a colon.
    std::string health;
    if (action.rfind("health_status", 0) == 0) {
        const std::size_t colon = action.find(':');
        if (colon != std::string::npos) {
            health = action.substr(colon + 1);
            while (!health.empty() && health.front() == ' ') health.erase(0, 1);
        }
        if (health.empty()) health = string_member(attributes, "health_status");
        action = "health_status";
    }
    static constexpr std::string_view kContainerActions[] = {"create", "start", "restart",       "stop",   "kill",
                                                             "die",    "oom",   "health_status", "destroy"};
    bool known = false;
    if (type == "container") {
        for (const auto known_action : kContainerActions) known = known || action == known_action;
    } else if (type == "image") {
        known = action == "pull";
    }
    if (!known) return out;  // not ours: no event, no error
    protocol::Event event;
    event.kind = "docker." + action;
    event.time = out.time_nano / 1'000'000'000;
    event.id = "docker:" + std::to_string(out.time_nano) + ":" + cut(actor_id, 128) + ":" + action;
    auto add = [&event](std::string key, std::string value) {
        if (value.empty()) return;
        if (value.size() > metrics::kMaxTagBytes) value.resize(metrics::kMaxTagBytes);
        event.fields.push_back(metrics::Tag{std::move(key), std::move(value)});
    };
    if (type == "image") {
        add("image", actor_id.empty() ? string_member(attributes, "name") : actor_id);
    } else {
        add("container", without_slash(string_member(attributes, "name")));
        add("container_id", actor_id);
        add("image", string_member(attributes, "image"));
        if (action == "die") add("exit_code", string_member(attributes, "exitCode"));
        if (action == "kill") add("signal", string_member(attributes, "signal"));
        if (action == "health_status") add("health", health);
    }
    out.event = std::move(event);
    return out;
}

}  // namespace niamd::docker
