#include "services/monitoring_info.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

namespace niamd::services {

void add_file_services(std::string_view text, const std::string& file, ServiceCatalog& catalog) {
    const IniDocument doc = read_ini(text);
    for (const auto& error : doc.errors) catalog.problems.push_back({file, error.line, error.key, error.message});
    for (const auto& section : doc.sections) {
        if (section.bad) {
            // The name is not echoed: problems are our own printable text.
            catalog.problems.push_back({file, section.line, "", "service skipped: a line of it could not be read"});
            continue;
        }
        DefinitionResult made = make_definition(section, file);
        for (auto& problem : made.problems) catalog.problems.push_back(std::move(problem));
        if (!made.definition) continue;
        const auto same_name = [&](const ServiceDefinition& d) { return d.name == made.definition->name; };
        if (std::any_of(catalog.services.begin(), catalog.services.end(), same_name)) {
            catalog.problems.push_back({file, section.line, "", "service name already defined; this one is skipped"});
            continue;
        }
        if (catalog.services.size() >= kMaxServices) {
            catalog.problems.push_back(
                {file, section.line, "",
                 "more than " + std::to_string(kMaxServices) + " services; this one is skipped"});
            continue;
        }
        catalog.services.push_back(std::move(*made.definition));
    }
}

ServiceCatalog load_monitoring_info(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    ServiceCatalog catalog;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return catalog;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& path = it->path();
        const std::string name = path.filename().string();
        if (name.size() < 6 || name.front() == '.' || path.extension() != ".conf") continue;
        std::error_code type_ec;
        if (!it->is_regular_file(type_ec)) continue;
        files.push_back(path);
    }
    if (ec) catalog.problems.push_back({dir.string(), 0, "", "cannot list the folder: " + ec.message()});
    std::sort(files.begin(), files.end());
    if (files.size() > kMaxMonitoringInfoFiles) {
        catalog.problems.push_back({dir.string(), 0, "",
                                    std::to_string(files.size()) + " files, only the first " +
                                        std::to_string(kMaxMonitoringInfoFiles) + " are read"});
        files.resize(kMaxMonitoringInfoFiles);
    }
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        std::string text;
        if (in) {
            text.resize(kMaxIniFileBytes + 1);
            in.read(text.data(), static_cast<std::streamsize>(text.size()));
            text.resize(static_cast<std::size_t>(in.gcount()));
        }
        if (!in && !in.eof()) {
            catalog.problems.push_back({path.string(), 0, "", "cannot be read"});
            continue;
        }
        ++catalog.files;
        add_file_services(text, path.string(), catalog);
    }
    return catalog;
}

}  // namespace niamd::services
