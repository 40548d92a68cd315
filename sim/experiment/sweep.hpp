#pragma once
// Sweeps: many runs over a design of parameter values, arms and replicates, run in parallel across
// runs (TBB, nested with each run's own parallel stages), resumable, and sliceable into shards for
// a cluster's job array. Every finished run is appended to a manifest beside the output at once,
// so a sweep killed at any point and started again runs each missing run once and no run twice;
// the output file is written when its runs are all there, under a temporary name and renamed.
#include <Eigen/Core>

#include <functional>
#include <string>
#include <vector>

#include "experiment/compare.hpp"
#include "experiment/resumable.hpp"
#include "scenario/sweep.hpp"

namespace siege {

/// One run of a sweep; runs are numbered point by point, then arm, then replicate.
struct SweepRun {
  std::size_t point = 0, arm = 0, replicate = 0;
  std::string id;  ///< hash of the resolved scenario (text and sampled values), arm and replicate
};

struct SweepPlan {
  SweepDef def;
  Eigen::MatrixXd values;  ///< points x parameters, in the parameters' units
  std::vector<SweepRun> runs;
  std::string sweep_id;    ///< hash of the sweep file, the scenario and the design
  std::vector<std::string> pockets;
  std::vector<bool> besieged;
};
SweepPlan plan_sweep(SweepDef def);

/// What a sweep file holds: its description and one row per run it contains.
struct SweepTable {
  std::string sweep_id, sweep_yaml, sweep_file, scenario_yaml, scenario_file, design;
  std::int64_t samples = 0, seed = 0, replicates = 0;
  std::size_t total_runs = 0, points = 0;
  std::vector<std::string> arms, parameters, pockets;
  std::vector<std::string> overrides;  ///< --set on the command line, key=value, applied to every run
  std::vector<std::uint8_t> besieged;
  std::vector<std::int64_t> run, point, arm, replicate;
  std::vector<std::string> id, error;  ///< error: empty for a run that finished
  std::vector<double> parameter_values;  ///< [row][parameter]
  std::vector<Metric> outcomes;          ///< values [row][pocket]; NaN for a failed run
  bool complete() const { return run.size() == total_runs; }
};

struct SweepOptions {
  std::string output;
  Shard shard;
  int threads = 0;
  /// Told after each run: runs done (including those found in the manifest) and runs in the shard.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// Runs what the manifest does not hold yet, then writes the output (with the sensitivity of the
/// headline outcomes when the file holds the whole sweep). Returns the table written.
SweepTable run_sweep(const SweepPlan& plan, const SweepOptions& options);

/// Reads a sweep file (InputError if it is not one).
SweepTable read_sweep(const std::string& path);
/// Joins shards of one sweep; InputError if they belong to different sweeps, overlap, or miss runs.
SweepTable merge_sweeps(const std::vector<SweepTable>& shards, const std::vector<std::string>& paths);
/// Writes a sweep file under a temporary name, then renames it.
void write_sweep(const std::string& path, const SweepTable& table);

/// Sensitivity of each headline outcome to each parameter: first-order and total Sobol indices on
/// a sobol design, each with the half-width of its 95 % bootstrap confidence interval (estimate
/// +- z sd, as SALib's S1_conf and ST_conf; see sobol_indices: outcome o's resamples are keyed by
/// the sweep's seed and entity o), standardized regression coefficients otherwise. Outcomes are
/// means over replicates at each point, summed over the besieged pockets; with two arms or more
/// also the difference first arm minus second, point by point.
struct Sensitivity {
  std::string method;                      ///< "sobol" or "src"
  std::vector<std::string> outcomes, parameters;
  std::vector<double> first_order, total;  ///< [outcome][parameter]; src uses first_order only
  std::vector<double> first_order_conf, total_conf;  ///< [outcome][parameter] half-widths; sobol only
  std::size_t dropped_points = 0;          ///< design points left out because every run there failed
};
Sensitivity sensitivity(const SweepTable& table);
std::string format_sensitivity(const Sensitivity& s);

}  // namespace siege
