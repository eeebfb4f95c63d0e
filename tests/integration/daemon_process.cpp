#include "daemon_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace scenario {

DaemonProcess::DaemonProcess(std::string path, std::vector<std::string> args, std::map<std::string, std::string> env,
                             std::string output_file)
    : path_(std::move(path)), args_(std::move(args)), env_(std::move(env)), output_file_(std::move(output_file)) {}

DaemonProcess::~DaemonProcess() {
    if (pid_ > 0 && running()) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

void DaemonProcess::start() {
    std::vector<std::string> argv_text{path_};
    argv_text.insert(argv_text.end(), args_.begin(), args_.end());
    std::vector<char*> argv;
    for (auto& arg : argv_text) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text;
    for (const auto& [name, value] : env_) env_text.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& entry : env_text) envp.push_back(entry.data());
    envp.push_back(nullptr);
    int out = ::open(output_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (out < 0) throw std::runtime_error("open " + output_file_ + ": " + std::strerror(errno));
    int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    status_ = -1;
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid_ == 0) {
        if (::dup2(null, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0) ::_exit(126);
        ::execve(path_.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(out);
    ::close(null);
}

bool DaemonProcess::running() {
    if (pid_ <= 0 || status_ != -1) return false;
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    return true;
}

void DaemonProcess::signal(int signal_number) {
    if (running()) ::kill(pid_, signal_number);
}

int DaemonProcess::wait(std::chrono::milliseconds limit) {
    if (!eventually([&] { return !running(); }, limit)) return -1;
    return status_;
}

std::chrono::milliseconds DaemonProcess::stop(std::chrono::milliseconds limit) {
    const auto start = std::chrono::steady_clock::now();
    if (!running()) return std::chrono::milliseconds(0);
    ::kill(pid_, SIGTERM);
    while (running()) {
        if (std::chrono::steady_clock::now() - start > limit) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
            status_ = 128 + SIGKILL;
            return limit + std::chrono::milliseconds(1000);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

bool process_gone(pid_t pid) {
    if (::kill(pid, 0) != 0) return true;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string number, name, state;
    stat >> number >> name >> state;
    return state == "Z";
}

std::string DaemonProcess::output() const {
    std::ifstream in(output_file_, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool DaemonProcess::wait_for_output(const std::string& text, std::chrono::milliseconds limit) const {
    return eventually([&] { return output().find(text) != std::string::npos; }, limit);
}

}  // namespace scenario
