#pragma once
// Many independent runs that survive being killed: each finished run is appended to a manifest at
// once (one line, flushed to disk, ending with a hash of itself), so that a job killed at any point
// and started again runs each missing run once and no run twice. Sweeps and calibration waves both
// run through here, sliced into shards for a cluster's job array.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace siege {

/// Slice K of N: the runs whose number is K modulo N.
struct Shard {
  std::size_t index = 0, count = 1;
};
/// Reads "K/N"; empty text takes SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT from the
/// environment when both are set, else 0/1. Throws InputError naming --shard otherwise.
Shard parse_shard(const std::string& text);

/// One finished run as the manifest keeps it.
struct FinishedRun {
  std::size_t run = 0;
  std::string error;           ///< empty for a run that finished; its values are NaN otherwise
  std::vector<double> values;  ///< what the run measured, exactly (hexadecimal in the manifest)
};

/// The manifest's complete, intact records by run id, each with `values` numbers; a torn or damaged
/// line is ignored (its run runs again), and the first record of a run wins.
std::map<std::string, FinishedRun> read_manifest(const std::string& path, std::size_t values);

/// What to run: run i has identity ids[i] (a hash of everything that decides its result) and gives
/// `values` numbers. `run(i)` throws InputError when run i can never succeed (an invalid scenario at
/// a sampled point): that is recorded as its error. Anything else stops the job, and a restart
/// tries the run again.
struct ResumableRuns {
  std::vector<std::string> ids;
  std::size_t values = 0;
  std::function<std::vector<double>(std::size_t run)> run;
};

struct ResumableOptions {
  std::string manifest;  ///< appended to; created if missing
  /// Other manifests whose records count as done too (the other shards' of a calibration wave).
  std::vector<std::string> also_done;
  Shard shard;
  int threads = 0;
  /// Told after each run: runs done (those found in a manifest included) and runs in the shard.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// Runs the shard's runs that no manifest holds yet, in parallel (TBB, each run's own stages
/// nested), appending each to `options.manifest` as it finishes. Returns every run found done,
/// by run number: the shard's, and any other run of `runs` that a manifest holds.
std::map<std::size_t, FinishedRun> run_resumable(const ResumableRuns& runs, const ResumableOptions& options);

/// 64-bit FNV-1a of `text`, as 16 hexadecimal digits: the identity of a run or a sweep.
std::string hash_hex(const std::string& text);

}  // namespace siege
