#include "core/isolated.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/interrupt.hpp"

namespace siege {
namespace {

// What the child's exit status says; the error's text follows on the pipe.
constexpr int kRead = 0;
constexpr int kRefused = 2;
constexpr int kFailed = 3;

[[noreturn]] void child(int out, const std::function<void()>& read) {
  int status = kRead;
  std::string message;
  try {
    read();
  } catch (const InputError& e) {
    status = kRefused;
    message = e.what();
  } catch (const std::exception& e) {
    status = kFailed;
    message = e.what();
  } catch (...) {
    status = kFailed;
    message = "an unknown error";
  }
  for (std::size_t at = 0; at < message.size();) {
    const ssize_t n = ::write(out, message.data() + at, message.size() - at);
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
  ::_exit(status);  // no atexit handlers, no flushing of the parent's buffers a second time
}

// What the process holds in memory now (0 if it cannot be read: it has just ended).
std::uint64_t resident_bytes(pid_t pid) {
  std::ifstream statm(fmt::format("/proc/{}/statm", pid));
  std::uint64_t size_pages = 0, resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return 0;
  return resident_pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

void try_in_child(const std::string& file, const std::string& reader, const ChildLimits& limits,
                  const std::function<void()>& read) {
  int pipe_ends[2];
  if (::pipe2(pipe_ends, O_CLOEXEC) != 0) throw std::runtime_error(fmt::format("cannot make a pipe: {}", std::strerror(errno)));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_ends[0]);
    ::close(pipe_ends[1]);
    throw std::runtime_error(fmt::format("cannot start a process to read {}: {}", file, std::strerror(errno)));
  }
  if (pid == 0) {
    ::close(pipe_ends[0]);
    child(pipe_ends[1], read);
  }
  ::close(pipe_ends[1]);
  const int from_child = pipe_ends[0];
  const auto stop_child = [&] {
    ::kill(pid, SIGKILL);
    ::close(from_child);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  };
  // The child's message, until it closes the pipe by ending; checked for Ctrl-C and the limits
  // ten times a second.
  std::string message;
  const auto deadline = std::chrono::steady_clock::now() + limits.time;
  for (bool ended = false; !ended;) {
    try {
      throw_if_interrupted();
    } catch (const Interrupted&) {
      stop_child();
      throw;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop_child();
      throw InputError::in_file(file, fmt::format("{} had not finished reading it after {} s (it loops on some damaged "
                                                  "files); the file is damaged, or was not written by siege", reader,
                                                  std::chrono::duration_cast<std::chrono::seconds>(limits.time).count()));
    }
    if (resident_bytes(pid) > limits.resident_bytes) {
      stop_child();
      throw InputError::in_file(file, fmt::format("{} took more than {:.1f} GB of memory reading it (it grows without end "
                                                  "on some damaged files); the file is damaged, or was not written by "
                                                  "siege", reader, static_cast<double>(limits.resident_bytes) / 1e9));
    }
    pollfd wait_for{from_child, POLLIN, 0};
    if (::poll(&wait_for, 1, 100) <= 0) continue;  // nothing yet, or a signal
    char buffer[4096];
    const ssize_t n = ::read(from_child, buffer, sizeof buffer);
    if (n > 0) {
      message.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      ended = true;
    }
  }
  ::close(from_child);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(fmt::format("lost the process reading {}: {}", file, std::strerror(errno)));
  }
  if (WIFEXITED(status)) {
    switch (WEXITSTATUS(status)) {
      case kRead: return;
      case kRefused: throw InputError(message);
      case kFailed: throw std::runtime_error(message);
      default: break;
    }
  }
  const std::string how = WIFSIGNALED(status)
                              ? fmt::format("crashed (signal {}, {})", WTERMSIG(status), ::strsignal(WTERMSIG(status)))
                              : fmt::format("stopped with status {}", WEXITSTATUS(status));
  throw InputError::in_file(file, fmt::format("{} {} while reading it; the file is damaged, or was not written by "
                                              "siege", reader, how));
}

}  // namespace siege
