#include "follow/line_splitter.hpp"

#include <algorithm>

namespace niamd::follow {

std::size_t LineSplitter::feed(std::string_view data, bool& complete) {
    const std::size_t newline = data.find('\n');
    complete = newline != std::string_view::npos;
    const std::size_t used = complete ? newline + 1 : data.size();
    const std::string_view body = data.substr(0, complete ? newline : data.size());
    const std::size_t room = kept_.size() < max_line_ ? max_line_ - kept_.size() : 0;
    const std::size_t keep = std::min(room, body.size());
    kept_.append(body.substr(0, keep));
    cut_ += body.size() - keep;
    return used;
}

std::string LineSplitter::take(std::uint64_t& cut) {
    std::string line = std::move(kept_);
    cut = cut_;
    if (cut == 0 && !line.empty() && line.back() == '\r') line.pop_back();
    reset();
    return line;
}

void LineSplitter::reset() noexcept {
    kept_.clear();
    cut_ = 0;
}

}  // namespace niamd::follow
