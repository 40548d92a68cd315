#pragma once
// Snapshots of runs on disk: `siege run --checkpoint-at D` saves every replicate's world and the
// figures recorded so far at the end of day D - 1; `siege run --resume-from FILE` continues them,
// and the output is bit-identical to a run that was never stopped. A snapshot holds what changes
// during a run; what the scenario and the run key determine (the network, the blocks, the layout)
// is rebuilt, and the file records the scenario text, policy, seed and days so that a snapshot is
// only continued under the scenario it was made with.
#include <cstdint>
#include <string>
#include <vector>

#include "observe/recorder.hpp"
#include "world/world.hpp"

namespace siege {

/// A byte buffer with typed appends (and bounds-checked reads: a damaged file is an InputError).
class SnapshotWriter {
 public:
  template <class T>
  void put(const T& value);
  template <class T>
  void put(const std::vector<T>& values);
  void put(const std::string& text);
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

class SnapshotReader {
 public:
  SnapshotReader(const std::string& bytes, std::string file) : bytes_(bytes), file_(std::move(file)) {}
  template <class T>
  void get(T& value);
  template <class T>
  void get(std::vector<T>& values);
  void get(std::string& text);
  bool done() const { return at_ == bytes_.size(); }
  const std::string& file() const { return file_; }

 private:
  [[noreturn]] void damaged() const;
  const std::string& bytes_;
  std::string file_;
  std::size_t at_ = 0;
};

/// The changing state of a world (its scenario and run key build the rest).
void save_world(SnapshotWriter& out, const World& world);
/// Restores state saved from a world built from the same scenario and run key.
void restore_world(SnapshotReader& in, World& world);

struct RunSnapshot {
  std::uint64_t run = 0;
  std::int64_t person_days = 0;
  std::string world;          ///< save_world's bytes
  observe::RunRecord record;  ///< the figures of the days before the checkpoint
};

struct Checkpoint {
  std::string scenario_text, scenario_file, policy;
  std::vector<std::string> overrides;  ///< the --set assignments the runs were made with (Scenario::overrides)
  std::int64_t seed = 0, days = 0, day = 0;
  std::vector<RunSnapshot> runs;
};

/// Writes under a temporary name beside `path`, then renames.
void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);
/// Reads a checkpoint file; InputError if it is missing, damaged or not a checkpoint.
Checkpoint read_checkpoint(const std::string& path);

}  // namespace siege
