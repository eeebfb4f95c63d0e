// The frame of the service commands: a group ("sqs") has subcommands ("send"), each with
// its own options besides the global ones; results go to stdout as JSON.
#pragma once

#include <awsrest/result.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arguments.hpp"
#include "json_writer.hpp"

namespace cli {

// One parsed invocation: `name` ("sqs send") names it in messages.
struct Command {
    std::string name;
    const Arguments& args;
};

struct Subcommand {
    std::string_view name;
    std::vector<OptionSpec> options;  // its own, besides with_global_options()
    int (*run)(const Command& command);
};

// argv[2] names the subcommand; its arguments start at argv[3]. Unknown subcommands and
// options are usage errors.
int run_group(std::string_view group, const std::vector<Subcommand>& subcommands, int argc, char** argv);
// A command without subcommands ("whoami"): its arguments start at argv[2].
int run_single(const Subcommand& command, int argc, char** argv);

// Prints the document and a newline on stdout: kExitOk, or kExitFailed when stdout fails.
int print_json(const JsonWriter& json);

// Helpers for option values. Their errors (InvalidArgument) are usage errors that name
// the option.
//
// An integer option within [min, max]; nullopt when not given.
awsrest::Result<std::optional<int>> int_option(const Arguments& args, const std::string& name, int min, int max);
// "a,b,,c" -> {"a", "b", "c"}
std::vector<std::string> split_list(std::string_view text, char separator = ',');
// Every value of a repeatable NAME=VALUE option, split at the first '='; names not empty.
awsrest::Result<std::map<std::string, std::string>> name_values(const Arguments& args, const std::string& option);

}  // namespace cli
