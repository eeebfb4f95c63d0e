#include "web/logs_json.hpp"

#include "protocol/metric_record.hpp"
#include "web/json_writer.hpp"
#include "web/log_params.hpp"

namespace niamd::web {

std::string logs_json(const store::HostKey& host, const store::LogPage& page) {
    JsonWriter out;
    out.begin_object();
    out.key("host").value(host.hostname);
    out.key("instance").value(host.instance);
    out.key("lines").begin_array();
    for (const store::LogLineRow& line : page.lines) {
        out.begin_object();
        out.key("time").value(line.time);
        out.key("host").value(host.hostname);
        out.key("source").value(line.source);
        out.key("line").value(line.line);
        out.key("seq").value(line.seq);
        out.key("stream").value(line.stream);
        out.key("cut").value(line.cut_bytes);
        out.end_object();
    }
    out.end_array();
    out.key("next");
    if (page.next) {
        out.value(cursor_text(*page.next));
    } else {
        out.null();
    }
    out.end_object();
    return out.text();
}

std::string events_json(const store::HostKey& host, const std::vector<store::EventRow>& events) {
    JsonWriter out;
    out.begin_object();
    out.key("host").value(host.hostname);
    out.key("instance").value(host.instance);
    out.key("events").begin_array();
    for (const store::EventRow& event : events) {
        out.begin_object();
        out.key("time").value(event.time);
        out.key("host").value(host.hostname);
        out.key("kind").value(event.kind);
        out.key("id").value(event.id);
        out.key("fields").begin_object();
        // Written by protocol::encode_tags; should a row not read, its text is kept under "".
        if (auto fields = protocol::decode_tags(event.fields)) {
            for (const auto& field : *fields) out.key(field.key).value(field.value);
        } else {
            out.key("").value(event.fields);
        }
        out.end_object();
        out.key("raw").value(event.raw);
        out.end_object();
    }
    out.end_array();
    out.end_object();
    return out.text();
}

}  // namespace niamd::web
