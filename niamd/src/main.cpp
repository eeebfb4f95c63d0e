// niamd: placeholder until the client and master roles land.
#include <cstdio>
#include <cstring>

#include "version.hpp"

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0) {
            std::printf("niamd %s\n", niamd::version());
            return 0;
        }
    }
    std::fputs("niamd: the client and master roles are not built yet\n", stderr);
    return 2;
}
