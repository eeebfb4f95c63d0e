// load_monitoring_info: every `*.conf` file of a monitoring-info folder (/etc/monitoring-info
// by default, --monitoring-info DIR) as service definitions. Files are read in name order; a
// section with a problem is skipped, the other sections and files still load. A missing
// folder is no services and no problem. Never throws.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "services/service_definition.hpp"

namespace niamd::services {

inline constexpr std::size_t kMaxMonitoringInfoFiles = 1000;  // files past it are not read
inline constexpr std::size_t kMaxServices = 1000;             // services past it are skipped

struct ServiceCatalog {
    std::vector<ServiceDefinition> services;  // in file order, then section order
    std::vector<ServiceProblem> problems;
    std::size_t files = 0;  // *.conf files read
};

// Adds the definitions of one file's text (`file` names it in problems). A name the catalog
// already holds (a service of an earlier file) is a problem; the first one stays.
void add_file_services(std::string_view text, const std::string& file, ServiceCatalog& catalog);

ServiceCatalog load_monitoring_info(const std::filesystem::path& dir);

}  // namespace niamd::services
