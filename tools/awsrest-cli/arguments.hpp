// A small command-line parser: "--name value", "--name=value", "--flag", "-x value" for an
// option with a one-letter alias, and operands. An option given twice keeps every value.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cli {

struct OptionSpec {
    std::string name;  // without the leading "--"
    bool takes_value = true;
    char short_name = '\0';  // '\0': none; else "-x" means "--name"
};

class Arguments {
  public:
    // Parses argv[first..argc). Unknown options and missing values are usage errors,
    // reported through error().
    Arguments(int argc, char** argv, int first, const std::vector<OptionSpec>& specs);

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }

    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::string value_or(const std::string& name, const std::string& fallback) const;
    // Every value of a repeatable option, in command-line order (value() gives the last).
    std::vector<std::string> values(const std::string& name) const;
    const std::vector<std::string>& operands() const { return operands_; }

  private:
    std::map<std::string, std::vector<std::string>> values_;
    std::set<std::string> flags_;
    std::vector<std::string> operands_;
    std::string error_;
};

}  // namespace cli
