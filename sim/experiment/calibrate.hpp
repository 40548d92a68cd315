#pragma once
// `siege calibrate`: history matching in waves (Craig et al. 1997; Vernon, Goldstein & Bower 2010,
// Bayesian Analysis 5:619; Andrianakis et al. 2015, PLoS Comput Biol 11:e1003968). Each wave runs
// the targets at a set of parameter points, fits an emulator of every documented fact to them, and
// rules out the parameter space where a fact is implausible:
//
//   I(x) = |z - E[f(x)]| / sqrt(V_observation + V_discrepancy + V_stochastic + V_emulator(x))
//
// z the middle of the fact's documented range (read as a 95 % interval: V_observation = (range/4)^2),
// V_discrepancy the model's own inadequacy (discrepancy_share of the documented value, squared),
// V_stochastic the spread of single runs (history is one run), V_emulator the emulator's own
// uncertainty. A point is kept when at most `facts_allowed_above_cutoff` facts exceed the cut-off.
// The next wave's points are drawn from the prior and kept only where every earlier wave's
// emulators keep them. The runs go through the resumable runner of sweeps: a manifest per wave (and
// shard), so a killed calibration loses nothing, and a Slurm array runs one wave's slice per task.
#include <Eigen/Core>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "experiment/calibration.hpp"
#include "experiment/resumable.hpp"
#include "scenario/load.hpp"

namespace siege {

struct CalibrationOptions {
  std::string output;  ///< the calibration file; each wave's manifests sit beside it
  Shard shard;
  int threads = 0;
  /// Told after each run of the wave under way: runs done and runs in the shard's slice of it.
  std::function<void(std::size_t wave, std::size_t done, std::size_t total)> progress;
  /// Told what each wave found (a line of text).
  std::function<void(const std::string& line)> say;
};

/// What a calibration found: every point run, with its facts' values and implausibility, the
/// waves' summaries, and which points are accepted.
struct CalibrationResult {
  std::string calibration_yaml, calibration_file;
  std::vector<std::string> target_scenarios, target_scenario_yaml, target_observations_yaml;
  std::vector<std::string> parameters;  ///< key paths
  std::vector<double> prior_min, prior_max;
  std::vector<std::uint8_t> integer;
  std::vector<std::string> facts;  ///< "case: fact id"
  std::vector<std::int32_t> fact_target;
  std::vector<double> fact_low, fact_high;
  std::vector<std::uint8_t> fact_excluded;
  // Per point run, in wave order.
  std::vector<std::int32_t> wave;
  std::vector<double> values;              ///< [point][parameter], in the parameters' units
  std::vector<double> fact_mean, fact_sd;  ///< [point][fact] over the point's replicates
  std::vector<double> implausibility;      ///< the deciding one (see facts_allowed_above_cutoff)
  std::vector<double> max_implausibility;
  std::vector<std::int32_t> facts_matched;  ///< facts whose mean lies inside the documented range
  std::vector<std::uint8_t> accepted;
  // Per wave.
  std::vector<double>
      wave_nonimplausible_share;  ///< of the prior's volume, before the wave's runs (1 for the first)
  std::vector<std::int32_t> wave_points;
  std::vector<double> wave_loo_within_3sd;  ///< of its emulators, median over facts
  std::vector<double> wave_loo_rmse_ratio;  ///< Gaussian process over linear mean, median over facts
  double final_nonimplausible_share = 0.0;  ///< after the last wave's emulators
  std::int64_t replicates = 0, seed = 0;
  double cutoff = 0.0;
  std::string stopped;  ///< why waves ended early; empty if all ran
  std::size_t points() const { return wave.size(); }
};

/// Runs the calibration, or what its manifests do not hold yet. With a shard of several, runs that
/// shard's slice of the first wave it has a run of left to do, and returns nothing (the other
/// slices, and the waves after, are for later tasks): a Slurm array per wave, then one job without
/// a shard that finds every run done and returns the result. Without a shard, runs every wave.
std::optional<CalibrationResult> run_calibration(const CalibrationDef& def,
                                                 const CalibrationOptions& options);

void write_calibration(const std::string& path, const CalibrationResult& result);
/// Reads a calibration file back (InputError naming it if it is not one, or is damaged).
CalibrationResult read_calibration(const std::string& path);
/// The result as text: the waves, the accepted points' ranges and the best point's facts.
std::string format_calibration(const CalibrationResult& result);

/// The accepted parameter sets of a calibration file, as overrides: sets[i] sets every parameter.
struct ParameterSets {
  std::string source;
  std::vector<std::vector<scenario::Override>> sets;
};
/// InputError naming the file if it is not a calibration file or accepts no set.
ParameterSets read_parameter_sets(const std::string& path);

}  // namespace siege
