// Ec2Client: DescribeInstances over the Query protocol (form-encoded POST, XML answer),
// every page fetched through NextToken up to a bound.
#include <set>
#include <string>

#include "awsrest/ec2.hpp"
#include "core/query_form.hpp"
#include "ec2/describe_instances_form.hpp"
#include "ec2/ec2_response.hpp"

namespace awsrest {

namespace {

constexpr std::string_view kOperation = "EC2.DescribeInstances";
constexpr std::string_view kApiVersion = "2016-11-15";
// Bounds on what one call may ask for, so a request body stays small.
constexpr std::size_t kMaxFilters = 200;
constexpr std::size_t kMaxValuesPerFilter = 1000;
constexpr std::size_t kMaxInstanceIds = 1000;
constexpr int kMinMaxResults = 5;
constexpr int kMaxMaxResults = 1000;
// However many pages the caller allows, never more than this.
constexpr int kMaxPagesLimit = 10000;

Error invalid(const std::string& what) {
    return make_error(ErrorKind::InvalidArgument, std::string(kOperation) + ": " + what);
}

}  // namespace

namespace ec2 {

Result<std::string> describe_instances_form(const DescribeInstancesRequest& request, const std::string& next_token) {
    if (request.filters.size() > kMaxFilters) {
        return invalid("more than " + std::to_string(kMaxFilters) + " filters");
    }
    if (request.instance_ids.size() > kMaxInstanceIds) {
        return invalid("more than " + std::to_string(kMaxInstanceIds) + " instance ids");
    }
    if (request.max_results) {
        if (!request.instance_ids.empty()) {
            return invalid("MaxResults cannot be combined with instance ids (EC2 refuses it)");
        }
        if (*request.max_results < kMinMaxResults || *request.max_results > kMaxMaxResults) {
            return invalid("MaxResults must be from " + std::to_string(kMinMaxResults) + " to " +
                           std::to_string(kMaxMaxResults));
        }
    }
    QueryForm form;
    form.add("Action", "DescribeInstances").add("Version", kApiVersion);
    for (std::size_t f = 0; f < request.filters.size(); ++f) {
        const Ec2Filter& filter = request.filters[f];
        const std::string prefix = "Filter." + std::to_string(f + 1);
        if (filter.name.empty()) return invalid("filter " + std::to_string(f + 1) + " has no name");
        if (filter.values.empty()) return invalid("filter '" + filter.name + "' has no values");
        if (filter.values.size() > kMaxValuesPerFilter) {
            return invalid("filter '" + filter.name + "' has more than " + std::to_string(kMaxValuesPerFilter) +
                           " values");
        }
        form.add(prefix + ".Name", filter.name);
        for (std::size_t v = 0; v < filter.values.size(); ++v) {
            form.add(prefix + ".Value." + std::to_string(v + 1), filter.values[v]);
        }
    }
    for (std::size_t i = 0; i < request.instance_ids.size(); ++i) {
        form.add("InstanceId." + std::to_string(i + 1), request.instance_ids[i]);
    }
    if (request.max_results) form.add("MaxResults", *request.max_results);
    if (!next_token.empty()) form.add("NextToken", next_token);
    return std::move(form).text();
}

}  // namespace ec2

Ec2Client::Ec2Client(AwsClient& client, ServiceEndpoint endpoint) : client_(client), endpoint_(std::move(endpoint)) {}

Result<DescribeInstancesPage> Ec2Client::describe_instances_page(const DescribeInstancesRequest& request,
                                                                 const std::string& next_token) {
    auto form = ec2::describe_instances_form(request, next_token);
    if (!form) return std::move(form).error();
    Request http_request;
    http_request.method = "POST";
    http_request.path = endpoint_.endpoint.base_path + "/";
    http_request.headers.push_back({"Content-Type", std::string(kQueryContentType)});
    http_request.body = std::move(form).value();

    CallOptions options;
    options.operation = std::string(kOperation);
    options.region = endpoint_.region;
    options.service = endpoint_.signing_name.empty() ? "ec2" : endpoint_.signing_name;
    auto response = client_.call(endpoint_.endpoint, http_request, options);
    if (!response) return std::move(response).error();
    auto page = ec2::parse_describe_instances(response->body);
    if (page && page->request_id.empty()) {
        if (auto id = response->header("x-amzn-RequestId")) page->request_id = std::string(*id);
    }
    return page;
}

Result<std::vector<Ec2Instance>> Ec2Client::describe_instances(const DescribeInstancesRequest& request) {
    if (request.max_pages < 1 || request.max_pages > kMaxPagesLimit) {
        return invalid("max_pages must be from 1 to " + std::to_string(kMaxPagesLimit));
    }
    std::vector<Ec2Instance> instances;
    std::set<std::string> seen_tokens;
    std::string next_token;
    for (int page_number = 1;; ++page_number) {
        auto page = describe_instances_page(request, next_token);
        if (!page) return std::move(page).error();
        for (Ec2Instance& instance : page->instances) instances.push_back(std::move(instance));
        if (page->next_token.empty()) return instances;
        if (!seen_tokens.insert(page->next_token).second) {
            return make_error(ErrorKind::Parse, std::string(kOperation) + ": page " + std::to_string(page_number) +
                                                    " repeats an earlier nextToken; stopped paging");
        }
        if (page_number >= request.max_pages) {
            return invalid("more than " + std::to_string(request.max_pages) +
                           " pages of instances; narrow the filters or raise max_pages");
        }
        next_token = std::move(page->next_token);
    }
}

}  // namespace awsrest
