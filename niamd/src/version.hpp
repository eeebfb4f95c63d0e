#pragma once

namespace niamd {

const char* version();

}  // namespace niamd
