#include "cli_runner.hpp"

#include "local_stack.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace cli_test {

namespace {

struct Pipe {
    int read_end = -1;
    int write_end = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
        read_end = fds[0];
        write_end = fds[1];
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    void close_read() {
        if (read_end >= 0) ::close(read_end);
        read_end = -1;
    }
    void close_write() {
        if (write_end >= 0) ::close(write_end);
        write_end = -1;
    }
};

}  // namespace

ProcessResult run_process(const std::string& path, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env, const std::string& input,
                          std::chrono::seconds timeout) {
    // Everything the child needs is built before fork: it only calls dup2, execve and _exit.
    std::vector<std::string> argv_text{path};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_text) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text;
    for (const auto& [name, value] : env) env_text.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& entry : env_text) envp.push_back(entry.data());
    envp.push_back(nullptr);

    ::signal(SIGPIPE, SIG_IGN);  // a child that exits without reading its stdin
    Pipe in, out, err;
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        if (::dup2(in.read_end, 0) < 0 || ::dup2(out.write_end, 1) < 0 || ::dup2(err.write_end, 2) < 0) ::_exit(126);
        ::execve(path.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    in.close_read();
    out.close_write();
    err.close_write();
    ::fcntl(in.write_end, F_SETFL, O_NONBLOCK);
    if (input.empty()) in.close_write();

    ProcessResult result;
    std::size_t written = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool killed = false;
    while (out.read_end >= 0 || err.read_end >= 0) {
        pollfd fds[3];
        nfds_t count = 0;
        if (out.read_end >= 0) fds[count++] = {out.read_end, POLLIN, 0};
        if (err.read_end >= 0) fds[count++] = {err.read_end, POLLIN, 0};
        if (in.write_end >= 0) fds[count++] = {in.write_end, POLLOUT, 0};
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            ::kill(pid, SIGKILL);
            killed = true;
            break;
        }
        if (::poll(fds, count, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
        for (nfds_t i = 0; i < count; ++i) {
            if (fds[i].revents == 0) continue;
            if (fds[i].fd == in.write_end) {
                const ssize_t n = ::write(in.write_end, input.data() + written, input.size() - written);
                if (n > 0) written += static_cast<std::size_t>(n);
                if (n < 0 && errno != EAGAIN) in.close_write();
                if (written == input.size()) in.close_write();
                continue;
            }
            Pipe& source = fds[i].fd == out.read_end ? out : err;
            char buffer[8192];
            const ssize_t n = ::read(source.read_end, buffer, sizeof buffer);
            if (n > 0) {
                (&source == &out ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                source.close_read();
            }
        }
    }
    in.close_write();
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (killed) {
        result.exit_code = 128 + SIGKILL;
    } else if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.exit_code = 128 + WTERMSIG(status);
    }
    return result;
}

std::map<std::string, std::string> stack_environment() {
    // The variables of the stack's env file that the tools read.
    static const char* const kStackVariables[] = {
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_SQS",
        "AWS_ENDPOINT_URL_SNS",
        "AWS_ENDPOINT_URL_S3",
        "AWS_ENDPOINT_URL_EC2",
        "AWS_ENDPOINT_URL_STS",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
    };
    auto& stack = stack::LocalStack::get();
    std::map<std::string, std::string> env;
    for (const char* name : kStackVariables) env[name] = stack.env(name);
    if (const char* path = std::getenv("PATH")) env["PATH"] = path;
    // A sanitizer build's settings (scripts/test sets them), so the child halts as the tests would.
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
        if (const char* value = std::getenv(name)) env[name] = value;
    }
    return env;
}

}  // namespace cli_test
