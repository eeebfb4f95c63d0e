// curl_global_init, once per process, from whichever thread gets there first.
#pragma once

namespace awsrest::http {

// Safe to call from any thread, any number of times. The global state is never torn
// down: curl_global_cleanup at exit would race with clients still alive in statics.
void ensure_curl_global_init();

}  // namespace awsrest::http
