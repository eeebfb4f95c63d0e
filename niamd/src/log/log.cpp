#include "log/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>

#include "text/display_text.hpp"

namespace niamd::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::Info)};
std::mutex g_mutex;
std::FILE* g_stream = nullptr;  // nullptr = stderr
std::FILE* g_file = nullptr;    // owned, when logging to a file
std::string g_path;

std::FILE* open_append(const std::string& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) return nullptr;
    std::FILE* file = ::fdopen(fd, "a");
    if (file == nullptr) ::close(fd);
    return file;
}

std::string_view level_name(Level level) {
    switch (level) {
        case Level::Error: return "ERROR";
        case Level::Warning: return "WARN";
        case Level::Info: return "INFO";
        case Level::Debug: return "DEBUG";
    }
    return "INFO";
}

}  // namespace

void set_level(Level level) noexcept { g_level.store(static_cast<int>(level)); }
bool enabled(Level level) noexcept { return static_cast<int>(level) <= g_level.load(); }

void to_stream(std::FILE* stream) noexcept {
    std::lock_guard lock(g_mutex);
    if (g_file != nullptr) std::fclose(g_file);
    g_file = nullptr;
    g_path.clear();
    g_stream = stream;
}

bool to_file(const std::string& path) {
    std::FILE* file = open_append(path);
    if (file == nullptr) return false;
    std::lock_guard lock(g_mutex);
    if (g_file != nullptr) std::fclose(g_file);
    g_file = file;
    g_stream = file;
    g_path = path;
    return true;
}

void reopen() {
    std::lock_guard lock(g_mutex);
    if (g_file == nullptr) return;
    std::FILE* file = open_append(g_path);
    if (file == nullptr) return;
    std::fclose(g_file);
    g_file = file;
    g_stream = file;
}

void write(Level level, std::string_view raw) {
    if (!enabled(level)) return;
    // One event, one line, shown as it is: outside text (hostnames, targets, plugin output
    // off the queue) may hold line breaks, terminal escapes or bidirectional controls.
    const std::string text = text::log_safe(raw);
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::lock_guard lock(g_mutex);
    std::FILE* out = g_stream != nullptr ? g_stream : stderr;
    std::fprintf(out, "%s %s %.*s\n", stamp, level_name(level).data(), static_cast<int>(text.size()), text.data());
    std::fflush(out);
}

}  // namespace niamd::log
