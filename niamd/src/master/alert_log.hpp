// AlertLog: appends one line per alert to LOG_DIR/alert.log (see alert_text.hpp for the
// form). Opened per write, so log rotation needs no signal.
#pragma once

#include <filesystem>

#include "store/history_store.hpp"

namespace niamd::master {

class AlertLog {
  public:
    explicit AlertLog(std::filesystem::path file) : file_(std::move(file)) {}

    // False (and one log error) when the line could not be written.
    bool append(const store::AlertRow& alert) const;

    const std::filesystem::path& file() const noexcept { return file_; }

  private:
    std::filesystem::path file_;
};

}  // namespace niamd::master
