#include "subcommands.hpp"

#include <charconv>
#include <iostream>

#include "common.hpp"
#include "service_context.hpp"

namespace cli {

namespace {

std::string subcommand_names(const std::vector<Subcommand>& subcommands) {
    std::string names;
    for (const auto& subcommand : subcommands) names += (names.empty() ? "" : ", ") + std::string(subcommand.name);
    return names;
}

int run_parsed(const std::string& name, const Subcommand& subcommand, int argc, char** argv, int first) {
    Arguments args(argc, argv, first, with_global_options(subcommand.options));
    if (!args.ok()) return usage_error(name, args.error());
    if (auto error = global_options_error(args); !error.empty()) return usage_error(name, error);
    return subcommand.run(Command{name, args});
}

}  // namespace

int run_group(std::string_view group, const std::vector<Subcommand>& subcommands, int argc, char** argv) {
    const std::string group_name(group);
    if (argc < 3) return usage_error(group_name, "missing subcommand: one of " + subcommand_names(subcommands));
    const std::string_view wanted = argv[2];
    for (const auto& subcommand : subcommands) {
        if (subcommand.name == wanted) {
            return run_parsed(group_name + " " + std::string(wanted), subcommand, argc, argv, 3);
        }
    }
    return usage_error(group_name,
                       "unknown subcommand '" + std::string(wanted) + "': one of " + subcommand_names(subcommands));
}

int run_single(const Subcommand& command, int argc, char** argv) {
    return run_parsed(std::string(command.name), command, argc, argv, 2);
}

int print_json(const JsonWriter& json) {
    std::cout << json.text() << "\n";
    std::cout.flush();
    return std::cout ? kExitOk : kExitFailed;
}

awsrest::Result<std::optional<int>> int_option(const Arguments& args, const std::string& name, int min, int max) {
    auto text = args.value(name);
    if (!text) return std::optional<int>();
    int value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "--" + name + " takes a whole number from " + std::to_string(min) + " to " +
                                       std::to_string(max) + ", not '" + *text + "'");
    }
    return std::optional<int>(value);
}

std::vector<std::string> split_list(std::string_view text, char separator) {
    std::vector<std::string> items;
    while (!text.empty()) {
        const auto end = text.find(separator);
        const auto item = text.substr(0, end);
        if (!item.empty()) items.emplace_back(item);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return items;
}

awsrest::Result<std::map<std::string, std::string>> name_values(const Arguments& args, const std::string& option) {
    std::map<std::string, std::string> pairs;
    for (const auto& item : args.values(option)) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       "--" + option + " takes NAME=VALUE, not '" + item + "'");
        }
        pairs[item.substr(0, eq)] = item.substr(eq + 1);
    }
    return pairs;
}

}  // namespace cli
