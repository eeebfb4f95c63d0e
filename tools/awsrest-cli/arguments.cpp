#include "arguments.hpp"

#include <algorithm>

namespace cli {

Arguments::Arguments(int argc, char** argv, int first, const std::vector<OptionSpec>& specs) {
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--") {
            for (++i; i < argc; ++i) operands_.emplace_back(argv[i]);
            break;
        }
        std::string name;
        std::optional<std::string> inline_value;
        auto spec = specs.end();
        if (arg.size() == 2 && arg[0] == '-' && arg[1] != '-') {
            spec = std::find_if(specs.begin(), specs.end(),
                                [&](const OptionSpec& s) { return s.short_name != '\0' && s.short_name == arg[1]; });
            if (spec == specs.end()) {
                error_ = "unknown option " + arg;
                return;
            }
            name = spec->name;
        } else if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
            operands_.push_back(std::move(arg));
            continue;
        } else {
            name = arg.substr(2);
            if (auto eq = name.find('='); eq != std::string::npos) {
                inline_value = name.substr(eq + 1);
                name.resize(eq);
            }
            spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
            if (spec == specs.end()) {
                error_ = "unknown option --" + name;
                return;
            }
        }
        if (!spec->takes_value) {
            if (inline_value) {
                error_ = "option --" + name + " takes no value";
                return;
            }
            flags_.insert(name);
            continue;
        }
        if (inline_value) {
            values_[name].push_back(*inline_value);
        } else if (i + 1 < argc) {
            values_[name].push_back(argv[++i]);
        } else {
            error_ = "option --" + name + " needs a value";
            return;
        }
    }
}

std::optional<std::string> Arguments::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::string Arguments::value_or(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

std::vector<std::string> Arguments::values(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return {};
    return it->second;
}

}  // namespace cli
