#include "config/config_problem.hpp"

namespace niamd::config {

std::string ConfigProblem::describe() const {
    std::string text = source;
    if (line > 0) {
        text += ':';
        text += std::to_string(line);
    }
    text += ": ";
    text += message;
    return text;
}

}  // namespace niamd::config
