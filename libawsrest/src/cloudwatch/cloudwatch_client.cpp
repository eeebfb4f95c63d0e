// CloudWatchClient: PutMetricData through AwsClient; is_cloudwatch_unit; batch_metric_data.
#include <algorithm>
#include <array>

#include "awsrest/cloudwatch.hpp"
#include "cloudwatch/cloudwatch_request.hpp"
#include "core/query_form.hpp"
#include "core/xml_answer.hpp"

namespace awsrest {

namespace {

constexpr std::array<std::string_view, 27> kUnits = {
    "Seconds",          "Microseconds",     "Milliseconds", "Bytes",           "Kilobytes",        "Megabytes",
    "Gigabytes",        "Terabytes",        "Bits",         "Kilobits",        "Megabits",         "Gigabits",
    "Terabits",         "Percent",          "Count",        "Bytes/Second",    "Kilobytes/Second", "Megabytes/Second",
    "Gigabytes/Second", "Terabytes/Second", "Bits/Second",  "Kilobits/Second", "Megabits/Second",  "Gigabits/Second",
    "Terabits/Second",  "Count/Second",     "None"};

}  // namespace

bool is_cloudwatch_unit(std::string_view unit) noexcept {
    return std::find(kUnits.begin(), kUnits.end(), unit) != kUnits.end();
}

CloudWatchClient::CloudWatchClient(AwsClient& client, ServiceEndpoint endpoint)
    : client_(client), endpoint_(std::move(endpoint)) {
    if (endpoint_.signing_name.empty()) endpoint_.signing_name = "monitoring";
}

Result<void> CloudWatchClient::put_metric_data(const PutMetricDataRequest& put) {
    auto body = cloudwatch::put_metric_data_body(put);
    if (!body) return std::move(body).error();
    Request request;
    request.method = "POST";
    request.path = endpoint_.endpoint.base_path + "/";
    set_header(request.headers, "Content-Type", std::string(kQueryContentType));
    request.body = std::move(*body);

    CallOptions options;
    options.operation = "CloudWatch.PutMetricData";
    options.region = endpoint_.region;
    options.service = endpoint_.signing_name;
    auto response = client_.call(endpoint_.endpoint, request, options);
    if (!response) return std::move(response).error();
    // The answer holds only ResponseMetadata; its root says it is PutMetricData's.
    pugi::xml_document document;
    auto root = xml_answer::load_root(document, response->body, "CloudWatch.PutMetricData", "PutMetricDataResponse");
    if (!root) return std::move(root).error();
    return {};
}

Result<std::vector<PutMetricDataRequest>> batch_metric_data(const std::string& name_space,
                                                            std::vector<MetricDatum> data) {
    if (auto ok = cloudwatch::check_namespace(name_space); !ok) return std::move(ok).error();
    // Data with more than 150 values become several, each with its own share of the counts.
    std::vector<MetricDatum> split;
    split.reserve(data.size());
    for (auto& datum : data) {
        if (datum.values.size() <= kMaxValuesPerMetric || datum.counts.size() > datum.values.size() ||
            (!datum.counts.empty() && datum.counts.size() != datum.values.size())) {
            split.push_back(std::move(datum));
            continue;
        }
        for (std::size_t start = 0; start < datum.values.size(); start += kMaxValuesPerMetric) {
            const std::size_t end = std::min(datum.values.size(), start + kMaxValuesPerMetric);
            MetricDatum part = datum;
            part.values.assign(datum.values.begin() + static_cast<std::ptrdiff_t>(start),
                               datum.values.begin() + static_cast<std::ptrdiff_t>(end));
            if (!datum.counts.empty()) {
                part.counts.assign(datum.counts.begin() + static_cast<std::ptrdiff_t>(start),
                                   datum.counts.begin() + static_cast<std::ptrdiff_t>(end));
            }
            split.push_back(std::move(part));
        }
    }

    std::vector<PutMetricDataRequest> requests;
    const std::string head = cloudwatch::body_head(name_space);
    std::size_t body_size = 0;
    std::string piece;
    for (std::size_t i = 0; i < split.size(); ++i) {
        if (auto ok = cloudwatch::check_datum(split[i], i + 1); !ok) return std::move(ok).error();
        const bool open = !requests.empty();
        const std::size_t member = open ? requests.back().metric_data.size() + 1 : 1;
        piece.clear();
        cloudwatch::append_datum(piece, split[i], member);
        if (head.size() + piece.size() > kMaxPutMetricDataBytes) {
            return make_error(ErrorKind::InvalidArgument, "CloudWatch.PutMetricData: datum " + std::to_string(i + 1) +
                                                              " alone takes more than " +
                                                              std::to_string(kMaxPutMetricDataBytes) + " bytes");
        }
        if (!open || member > kMaxMetricDataPerRequest || body_size + piece.size() > kMaxPutMetricDataBytes) {
            requests.push_back(PutMetricDataRequest{name_space, {}});
            piece.clear();
            cloudwatch::append_datum(piece, split[i], 1);  // member numbers restart
            body_size = head.size();
        }
        body_size += piece.size();
        requests.back().metric_data.push_back(std::move(split[i]));
    }
    return requests;
}

}  // namespace awsrest
