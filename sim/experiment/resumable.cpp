#include "experiment/resumable.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <oneapi/tbb/task_arena.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace siege {
namespace {

/// Appends finished runs to the manifest, each line flushed to disk before the next.
class Manifest {
 public:
  explicit Manifest(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw InputError::in_file(path, "cannot write the manifest of finished runs beside the output");
    // A line cut off by a kill gets its end, so that the next record starts a line of its own.
    const off_t size = ::lseek(fd_, 0, SEEK_END);
    char last = '\n';
    if (size > 0 && ::pread(fd_, &last, 1, size - 1) == 1 && last != '\n' && ::write(fd_, "\n", 1) != 1) {
      throw std::runtime_error("cannot write to " + path_ + " (is the disk full?)");
    }
  }
  ~Manifest() {
    if (fd_ >= 0) ::close(fd_);
  }
  Manifest(const Manifest&) = delete;
  Manifest& operator=(const Manifest&) = delete;
  void append(const std::string& id, const FinishedRun& f) {
    std::string line = fmt::format("{} {} ", id, f.run);
    if (f.error.empty()) {
      line += "ok";
      for (double v : f.values) fmt::format_to(std::back_inserter(line), " {:a}", v);
    } else {
      std::string message = f.error;
      for (char& c : message) c = c == '\n' ? ' ' : c;
      line.append("error ").append(message);
    }
    line += " " + hash_hex(line) + "\n";
    const std::lock_guard lock(mutex_);
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd_) != 0) {
      throw std::runtime_error("cannot write to " + path_ + " (is the disk full?)");
    }
  }

 private:
  int fd_ = -1;
  std::string path_;
  std::mutex mutex_;
};

}  // namespace

std::string hash_hex(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return fmt::format("{:016x}", hash);
}

Shard parse_shard(const std::string& text) {
  std::string spec = text;
  if (spec.empty()) {
    const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
    const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
    if (!id || !count) return {};
    spec = std::string(id) + "/" + count;
  }
  const auto slash = spec.find('/');
  std::size_t k = 0, n = 0;
  bool ok = slash != std::string::npos;
  if (ok) {
    try {
      std::size_t used = 0;
      k = std::stoul(spec.substr(0, slash), &used);
      ok = used == slash;
      n = std::stoul(spec.substr(slash + 1), &used);
      ok = ok && used == spec.size() - slash - 1;
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || n == 0 || k >= n) {
    throw InputError::in_file("--shard",
                              fmt::format("'{}' is not a slice K/N with 0 <= K < N, e.g. 2/4 (from "
                                          "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT when not given)",
                                          spec));
  }
  return {k, n};
}

std::map<std::string, FinishedRun> read_manifest(const std::string& path, std::size_t values) {
  std::map<std::string, FinishedRun> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: the write was cut off
    const auto last_space = line.rfind(' ');
    if (last_space == std::string::npos ||
        line.substr(last_space + 1) != hash_hex(line.substr(0, last_space)))
      continue;
    line.erase(last_space);
    std::istringstream fields(line);
    std::string id, status;
    FinishedRun f;
    if (!(fields >> id >> f.run >> status)) continue;
    if (status == "ok") {
      std::string number;
      bool clean = true;
      while (fields >> number) {
        char* end = nullptr;
        f.values.push_back(std::strtod(number.c_str(), &end));
        clean = clean && end == number.c_str() + number.size();
      }
      if (!clean || f.values.size() != values) continue;
    } else if (status == "error") {
      std::getline(fields, f.error);
      if (!f.error.empty() && f.error.front() == ' ') f.error.erase(0, 1);
      if (f.error.empty()) f.error = "failed";
      f.values.assign(values, std::numeric_limits<double>::quiet_NaN());
    } else {
      continue;
    }
    out.emplace(id, std::move(f));
  }
  return out;
}

std::map<std::size_t, FinishedRun> run_resumable(const ResumableRuns& runs, const ResumableOptions& options) {
  std::map<std::string, FinishedRun> records = read_manifest(options.manifest, runs.values);
  for (const auto& other : options.also_done) records.merge(read_manifest(other, runs.values));
  std::map<std::size_t, FinishedRun> done;
  std::vector<std::size_t> missing;
  std::size_t in_shard = 0;
  for (std::size_t i = 0; i < runs.ids.size(); ++i) {
    const auto found = records.find(runs.ids[i]);
    // A record under another number belongs to another plan's numbering: not this run's.
    if (found != records.end() && found->second.run == i) {
      done.emplace(i, found->second);
    } else if (i % options.shard.count == options.shard.index) {
      missing.push_back(i);
    }
    in_shard += i % options.shard.count == options.shard.index;
  }
  Manifest manifest(options.manifest);
  std::mutex mutex;
  std::size_t finished = in_shard - missing.size();
  if (options.progress) options.progress(finished, in_shard);
  Threads threads(options.threads);
  threads.run([&] {
    // Runs in parallel, each run's stages in parallel within it: TBB shares one pool between them.
    for_each_index(missing.size(), [&](std::size_t t) {
      FinishedRun f;
      f.run = missing[t];
      // Isolated: a thread waiting inside this run's stages never picks up another whole run.
      tbb::this_task_arena::isolate([&] {
        try {
          f.values = runs.run(f.run);
        } catch (const InputError& e) {
          f.error = e.what();
          f.values.assign(runs.values, std::numeric_limits<double>::quiet_NaN());
        }
      });
      if (f.values.size() != runs.values) throw std::logic_error("a run gave the wrong number of values");
      manifest.append(runs.ids[f.run], f);
      const std::lock_guard lock(mutex);
      done.emplace(f.run, std::move(f));
      ++finished;
      if (options.progress) options.progress(finished, in_shard);
    });
  });
  return done;
}

}  // namespace siege
