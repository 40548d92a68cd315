#pragma once
// Policy comparison with common random numbers: replicate r of every arm runs with the same seed
// and run number, so the arms draw the same numbers for everything their policies do not change,
// and the difference between arms is measured run by run (paired) instead of between clouds.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "observe/recorder.hpp"
#include "scenario/scenario.hpp"

namespace siege {

/// One whole-run figure of every pocket in every arm and run.
struct Metric {
  std::string name;    ///< the comparison file calls it outcome_<name>
  std::string label;   ///< what the console table calls it
  std::string units;
  std::vector<double> values;  ///< [arm][run][pocket]
};

/// The outcomes of a run that comparisons and sweeps report, with empty values, in table order.
std::vector<Metric> outcome_metrics();
/// Stores one run's outcomes of every pocket into each metric's values, from index `at` on.
void store_outcomes(std::vector<Metric>& metrics, const observe::RunRecord& record, std::size_t pockets,
                    std::size_t at);

struct CompareOptions {
  std::int64_t replicates = 200;
  int threads = 0;
  /// Where to write the comparison file; empty writes none.
  std::string output_path;
  /// If > 0: each replicate runs its history up to this day once, under the first arm, and every
  /// arm continues from that world; the arms' figures before it are the same by construction.
  std::int64_t branch_day = 0;
  /// Parameter uncertainty: [set][arm], the arms under each of a calibration's accepted parameter
  /// sets; replicate r of every arm runs set parameter_set_of(r, replicates, sets). Empty: `arms`.
  std::vector<std::vector<std::shared_ptr<const Scenario>>> posterior;
  std::string parameters_file;  ///< where the sets came from, for the file's provenance
  std::vector<std::string> parameter_sets;  ///< each set, key=value lines
  /// Told after each run: runs done and runs in all (arms x replicates).
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct Comparison {
  std::vector<std::string> arms;
  std::vector<std::string> pockets;
  std::size_t runs = 0;
  std::vector<Metric> metrics;
  double wall_seconds = 0.0;
  int threads = 0;
  double value(const Metric& metric, std::size_t arm, std::size_t run, std::size_t pocket) const {
    return metric.values[(arm * runs + run) * pockets.size() + pocket];
  }
};

/// Runs every arm (one scenario per arm, its policy applied) for `options.replicates` paired
/// replicates and, if asked, writes one file with an `arm` dimension, each metric per run and the
/// paired differences. The file appears under its name only once every run is in it.
Comparison compare_policies(const std::vector<std::shared_ptr<const Scenario>>& arms, const CompareOptions& options);

/// Summary statistics of a sample.
struct Spread {
  double median = 0.0, low = 0.0, high = 0.0;  ///< median and the 5 % and 95 % quantiles
};
Spread spread(std::vector<double> values);

/// The paired difference (b - a) of two arms: its mean with a 95 % confidence interval (Student
/// t). It says which way and how far the arms differ, not which is better: the user weighs that.
struct PairedDifference {
  double mean = 0.0, low = 0.0, high = 0.0;
};
PairedDifference paired_difference(const std::vector<double>& a, const std::vector<double>& b);

/// The 97.5 % quantile of Student's t with `df` degrees of freedom (for a 95 % interval; Boost.Math).
double student_t_975(double df);

/// The comparison as a table, one block per pocket marked in `shown`.
std::string format_comparison(const Comparison& comparison, const std::vector<bool>& shown);

}  // namespace siege
