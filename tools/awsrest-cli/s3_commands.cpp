// awsrest-cli s3 get|put|ls
#include <awsrest/s3.hpp>

#include <fstream>

#include "commands.hpp"
#include "common.hpp"
#include "service_context.hpp"
#include "subcommands.hpp"

namespace cli {

namespace {

// Objects are held in memory whole, on the way up and down; larger ones are refused.
constexpr std::size_t kMaxS3ObjectBytes = 256 * 1024 * 1024;

struct S3Url {
    std::string bucket;
    std::string key;  // may be empty
};

// "s3://bucket/key", "s3://bucket/prefix/", "s3://bucket"
awsrest::Result<S3Url> parse_s3_url(const std::string& text) {
    constexpr std::string_view kScheme = "s3://";
    if (text.compare(0, kScheme.size(), kScheme) != 0) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "'" + text + "' is no S3 URL: expected s3://BUCKET/KEY");
    }
    const std::string rest = text.substr(kScheme.size());
    const auto slash = rest.find('/');
    S3Url url{rest.substr(0, slash), slash == std::string::npos ? "" : rest.substr(slash + 1)};
    if (url.bucket.empty()) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "'" + text + "' names no bucket");
    }
    return url;
}

std::string base64(std::string_view data) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const auto n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16 |
                       static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8 |
                       static_cast<unsigned char>(data[i + 2]);
        out += kAlphabet[n >> 18 & 63];
        out += kAlphabet[n >> 12 & 63];
        out += kAlphabet[n >> 6 & 63];
        out += kAlphabet[n & 63];
    }
    if (i < data.size()) {
        const bool two = i + 1 < data.size();
        const auto n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16 |
                       (two ? static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8 : 0u);
        out += kAlphabet[n >> 18 & 63];
        out += kAlphabet[n >> 12 & 63];
        out += two ? kAlphabet[n >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

// Runs `body` with an S3Client; the command's own options are checked before.
template <class Body>
int with_s3(const Command& command, Body&& body) {
    ServiceContext context(command.args, kMaxS3ObjectBytes);
    auto endpoint = context.endpoint("s3");
    if (!endpoint) return failure(command.name, endpoint.error());
    awsrest::S3Options options;
    if (command.args.flag("path-style")) options.addressing = awsrest::S3AddressingStyle::Path;
    awsrest::S3Client s3(context.aws(), *endpoint, options);
    return body(s3);
}

void write_time(JsonWriter& json, std::string_view name, const std::optional<awsrest::TimePoint>& time) {
    if (time) json.member(name, format_utc(*time));
}

int get(const Command& command) {
    const auto& args = command.args;
    if (args.operands().size() != 1) return usage_error(command.name, "expected one s3://BUCKET/KEY");
    auto url = parse_s3_url(args.operands().front());
    if (!url) return usage_error(command.name, url.error().message);
    if (url->key.empty()) return usage_error(command.name, "'" + args.operands().front() + "' names no key");
    const auto output = args.value("output");
    if (output && (output->empty() || *output == "-")) return usage_error(command.name, "--output takes a file name");
    awsrest::GetObjectOptions options;
    options.if_none_match = args.value_or("if-none-match", "");
    return with_s3(command, [&](awsrest::S3Client& s3) {
        auto object = s3.get_object(url->bucket, url->key, options);
        if (!object) return failure(command.name, object.error());
        if (output && !object->not_modified) {
            std::ofstream file(*output, std::ios::binary | std::ios::trunc);
            file.write(object->body.data(), static_cast<std::streamsize>(object->body.size()));
            file.close();
            if (!file) {
                return failure(command.name,
                               awsrest::make_error(awsrest::ErrorKind::InvalidArgument, *output + ": cannot write"));
            }
        }
        JsonWriter json;
        json.begin_object()
            .member("bucket", url->bucket)
            .member("key", url->key)
            .member_bool("not_modified", object->not_modified)
            .member("etag", object->etag);
        if (!object->not_modified) {
            json.member_if_set("content_type", object->content_type);
            write_time(json, "last_modified", object->last_modified);
            json.key("size").unsigned_integer(object->body.size());
            json.member_map("metadata", object->metadata);
            if (output) {
                json.member("file", *output);
            } else if (is_valid_utf8(object->body)) {
                json.member("body", object->body);
            } else {
                json.member("body_base64", base64(object->body));
            }
        }
        json.end_object();
        return print_json(json);
    });
}

int put(const Command& command) {
    const auto& args = command.args;
    if (args.operands().size() != 2) return usage_error(command.name, "expected FILE s3://BUCKET/KEY");
    const std::string source = args.operands()[0];
    auto url = parse_s3_url(args.operands()[1]);
    if (!url) return usage_error(command.name, url.error().message);
    if (url->key.empty() || url->key.back() == '/') {
        // As other S3 tools do: "put dir/file.txt s3://bucket/prefix/" names the key after the file.
        if (source == "-") return usage_error(command.name, "reading stdin, the S3 URL must name the key");
        const auto slash = source.find_last_of('/');
        url->key += slash == std::string::npos ? source : source.substr(slash + 1);
    }
    awsrest::PutObjectOptions options;
    if (auto type = args.value("content-type")) options.content_type = *type;
    auto metadata = name_values(args, "metadata");
    if (!metadata) return usage_error(command.name, metadata.error().message);
    options.metadata = std::move(metadata).value();
    auto body = read_input(source, kMaxS3ObjectBytes);
    if (!body) return failure(command.name, body.error());
    const std::size_t size = body->size();
    return with_s3(command, [&](awsrest::S3Client& s3) {
        auto put = s3.put_object(url->bucket, url->key, std::move(body).value(), options);
        if (!put) return failure(command.name, put.error());
        JsonWriter json;
        json.begin_object()
            .member("bucket", url->bucket)
            .member("key", url->key)
            .member("etag", put->etag)
            .member_if_set("version_id", put->version_id);
        json.key("size").unsigned_integer(size);
        json.end_object();
        return print_json(json);
    });
}

int ls(const Command& command) {
    const auto& args = command.args;
    if (args.operands().size() != 1) return usage_error(command.name, "expected one s3://BUCKET[/PREFIX]");
    auto url = parse_s3_url(args.operands().front());
    if (!url) return usage_error(command.name, url.error().message);
    auto max_pages = int_option(args, "max-pages", 1, 100000);
    if (!max_pages) return usage_error(command.name, max_pages.error().message);
    awsrest::ListObjectsV2Request request;
    request.bucket = url->bucket;
    request.prefix = url->key;
    request.delimiter = args.value_or("delimiter", "");
    return with_s3(command, [&](awsrest::S3Client& s3) {
        auto listing = s3.list_all_objects(request, max_pages->value_or(awsrest::kDefaultMaxListPages));
        if (!listing) return failure(command.name, listing.error());
        JsonWriter json;
        json.begin_object().member("bucket", url->bucket).member("prefix", url->key).key("objects").begin_array();
        for (const auto& object : listing->objects) {
            json.begin_object().member("key", object.key);
            json.key("size").unsigned_integer(object.size);
            json.member("etag", object.etag);
            write_time(json, "last_modified", object.last_modified);
            json.member_if_set("storage_class", object.storage_class).end_object();
        }
        json.end_array();
        json.member_list("common_prefixes", listing->common_prefixes);
        json.member_integer("key_count", listing->key_count).end_object();
        return print_json(json);
    });
}

}  // namespace

int run_s3(int argc, char** argv) {
    static const std::vector<Subcommand> subcommands = {
        {"get", {{"if-none-match"}, {"output", true, 'o'}, {"path-style", false}}, get},
        {"put", {{"content-type"}, {"metadata"}, {"path-style", false}}, put},
        {"ls", {{"delimiter"}, {"max-pages"}, {"path-style", false}}, ls},
    };
    return run_group("s3", subcommands, argc, argv);
}

}  // namespace cli
