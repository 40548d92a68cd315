#pragma once
// The `siege` subcommands. Each returns the process exit code: 0 on success; bad input throws
// InputError, which main() reports with exit code 2.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace siege::app {

struct RunArgs {
  std::string scenario;
  std::string output;
  std::optional<std::int64_t> seed;
  std::optional<std::int64_t> days;
  std::string policy;
  std::vector<std::string> sets;  ///< --set key=value, in order
  std::int64_t replicates = 1;
  bool replicates_given = false;
  int threads = 0;
  bool quiet = false;
  std::int64_t checkpoint_at = 0;
  std::string resume_from;
  std::string parameters;  ///< a calibration file: runs over its accepted parameter sets
};
int run_command(const RunArgs& args);

struct CompareArgs {
  std::string scenario;
  std::string arms;  ///< policy names, comma-separated
  std::vector<std::string> sets;  ///< --set key=value, in order
  std::int64_t branch_day = 0;
  std::string output;
  std::optional<std::int64_t> seed;
  std::optional<std::int64_t> days;
  std::int64_t replicates = 200;
  int threads = 0;
  bool quiet = false;
  std::string parameters;  ///< a calibration file: replicates over its accepted parameter sets
};
int compare_command(const CompareArgs& args);

struct SweepArgs {
  std::string sweep;
  std::string scenario;  ///< --scenario: replaces the sweep file's scenario key; may lie anywhere
  std::string output;
  std::string shard;  ///< "K/N"; empty: from SLURM_ARRAY_TASK_ID/COUNT, else the whole sweep
  std::vector<std::string> sets;  ///< --set key=value, in order
  int threads = 0;
  bool quiet = false;
};
int sweep_command(const SweepArgs& args);

struct MergeArgs {
  std::vector<std::string> shards;
  std::string output;
  bool quiet = false;
};
int merge_command(const MergeArgs& args);

struct CalibrateArgs {
  std::string calibration;
  std::string output;
  std::string shard;  ///< "K/N"; empty: from SLURM_ARRAY_TASK_ID/COUNT, else the whole calibration
  int threads = 0;
  bool quiet = false;
};
/// History matching of scenario parameters to documented facts, wave by wave (resumable, shardable).
int calibrate_command(const CalibrateArgs& args);

int validate_command(const std::vector<std::string>& scenarios);

struct SchemaArgs {
  std::string format = "json";
  bool observations = false;  ///< the observations format of siege score instead of the scenario's
  bool calibration = false;   ///< the calibration format of siege calibrate instead
  std::string output;
};
int schema_command(const SchemaArgs& args);

int info_command(const std::string& file);
int variables_command();

struct BenchArgs {
  std::string scenario = "scenarios/north_homs.yaml";
  std::optional<std::int64_t> days;
  std::optional<std::int64_t> persons;  ///< scale the scenario's towns to this many residents
  int repetitions = 5;
  int warmup = 1;
  std::vector<int> threads;  ///< one measurement per count; 0 or none: all hardware threads
  double bandwidth_gbs = 45.0;
  std::string json;  ///< also write the figures here
};
int bench_command(const BenchArgs& args);

struct ScoreArgs {
  std::string scenario;
  std::string observations;
  std::vector<std::string> sets;  ///< --set key.path=value, applied after the policy
  std::int64_t replicates = 20;
  std::string policy;
  std::optional<std::int64_t> seed;
  std::string json;    ///< also write the scores here
  std::string output;  ///< also write the runs here (HDF5)
  std::string parameters;  ///< a calibration file: replicates over its accepted parameter sets
  int threads = 0;
};
/// Runs the replicates of a scenario and scores them against an observations file.
int score_command(const ScoreArgs& args);

}  // namespace siege::app
