// The real `hlmm` binary as a child process in end-to-end tests: spawned with its stdout and
// stderr in files, waited for with a timeout, killed with SIGKILL (also on destruction, so a
// failing test never leaves a process behind), plus `hlmm venue` started on an ephemeral port.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace hlmm::test {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class Child {
 public:
  Child() = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  Child(Child&& o) noexcept : pid_(o.pid_) { o.pid_ = -1; }
  Child& operator=(Child&& o) noexcept {
    if (this != &o) {
      kill_hard();
      pid_ = o.pid_;
      o.pid_ = -1;
    }
    return *this;
  }
  ~Child() { kill_hard(); }

  static Child spawn(const std::vector<std::string>& args, const std::filesystem::path& out,
                     const std::filesystem::path& err) {
    Child c;
    c.pid_ = ::fork();
    if (c.pid_ == 0) {
      const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(o, 1);
      ::dup2(e, 2);
      std::vector<char*> argv;
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    return c;
  }

  // Exit status (128 + signal when killed by one), or -1 if still running after `timeout`.
  int wait(std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (pid_ > 0) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      if (std::chrono::steady_clock::now() >= until) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

  void signal(int sig) const {
    if (pid_ > 0) ::kill(pid_, sig);
  }

  void kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

// The first match of `pattern`'s group 1 in the file, polled for up to `timeout`; empty if none.
inline std::string wait_for_match(const std::filesystem::path& file, const std::regex& pattern,
                                  std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::smatch m;
    const std::string text = read_file(file);
    if (std::regex_search(text, m, pattern)) return m[1];
    if (std::chrono::steady_clock::now() >= until) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

struct VenueProcess {
  Child child;
  unsigned short port = 0;  // 0: it did not come up (see dir/venue.err)
};

// `hlmm venue` on 127.0.0.1 with an ephemeral port, its CA written to `ca`, `account` funded.
inline VenueProcess spawn_venue(const std::string& hlmm_bin, const std::filesystem::path& dir,
                                const std::filesystem::path& ca, const std::string& account,
                                const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {hlmm_bin, "venue", "--port", "0", "--ca-file", ca.string(), "--account", account};
  args.insert(args.end(), extra.begin(), extra.end());
  VenueProcess v;
  v.child = Child::spawn(args, dir / "venue.out", dir / "venue.err");
  const std::string port =
      wait_for_match(dir / "venue.out", std::regex(R"(https://127\.0\.0\.1:([0-9]+))"), std::chrono::seconds(10));
  if (!port.empty()) v.port = static_cast<unsigned short>(std::stoi(port));
  return v;
}

}  // namespace hlmm::test
