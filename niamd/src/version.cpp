#include "version.hpp"

namespace niamd {

const char* version() { return "0.1.0"; }

}  // namespace niamd
