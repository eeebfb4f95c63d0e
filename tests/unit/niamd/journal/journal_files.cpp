#include "niamd/journal/journal_files.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace niam_test {

bool append_journal_entries(const std::filesystem::path& dir, const std::string& name,
                            const std::vector<JournalEntrySpec>& entries) {
    static std::int64_t monotonic = 1000;
    std::filesystem::create_directories(dir);
    const auto now =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    const auto export_file = dir / (name + ".export");
    {
        std::ofstream out(export_file, std::ios::trunc);
        std::int64_t step = 0;
        for (const auto& entry : entries) {
            out << "__REALTIME_TIMESTAMP=" << (entry.realtime_usec != 0 ? entry.realtime_usec : now + step++) << "\n";
            out << "__MONOTONIC_TIMESTAMP=" << monotonic++ << "\n";
            out << "_BOOT_ID=0123456789abcdef0123456789abcdef\n";
            out << "MESSAGE=" << entry.message << "\n";
            out << "SYSLOG_IDENTIFIER=" << entry.identifier << "\n";
            out << "PRIORITY=" << entry.priority << "\n";
            if (!entry.pid.empty()) out << "_PID=" << entry.pid << "\n";
            if (!entry.unit.empty()) out << "_SYSTEMD_UNIT=" << entry.unit << "\n";
            out << "\n";
        }
    }
    const std::string command = std::string(kJournalRemote) + " --output=" + (dir / name).string() + " " +
                                export_file.string() + " >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    std::filesystem::remove(export_file);
    return status == 0;
}

}  // namespace niam_test
