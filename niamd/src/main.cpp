// niamd: placeholder until the client and master roles land.
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0) {
            std::puts("niamd 0.1.0");
            return 0;
        }
    }
    std::fputs("niamd: the client and master roles are not built yet\n", stderr);
    return 2;
}
