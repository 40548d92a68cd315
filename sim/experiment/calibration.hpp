#pragma once
// A calibration file: which scenario parameters to fit, over what prior ranges, against which
// documented facts (history scenarios and their observations files), and how (history matching in
// waves). Read strictly like a scenario: every problem with file:line:col.
//
//   name: history
//   method: history_matching
//   waves: 3                     # waves of runs; each refocuses on the space not yet ruled out
//   points_per_wave: 40          # parameter points run in each wave
//   replicates: 4                # runs per point and target
//   parameters:
//     - {key: mortality.starvation_per_1000_day, min: 20, max: 200}
//   targets:
//     - {scenario: waer_2015_17.yaml, observations: waer_2015_17.observations.yaml}
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "experiment/score.hpp"
#include "scenario/sweep.hpp"

namespace siege {

enum class CalibrationMethod : std::uint8_t { kHistoryMatching };

struct CalibrationTargetDef {
  std::string scenario;      ///< as the file names it: beside the calibration file or below it
  std::string observations;  ///< the same

  // Filled in by load_calibration.
  std::string scenario_path, scenario_text, observations_path, observations_text;
};

/// A documented fact left out of the implausibility, and why: one the model cannot represent at any
/// parameter value (a missing mechanism), which would otherwise rule out the whole prior.
struct ExcludedFactDef {
  std::string fact;  ///< "case: id", the case as its observations file names it
  std::string why;
};

struct CalibrationDef {
  std::string name;
  std::string description;
  CalibrationMethod method = CalibrationMethod::kHistoryMatching;
  std::int64_t waves = 3;
  std::int64_t points_per_wave = 40;
  std::int64_t replicates = 4;
  std::int64_t candidates = 20000;
  std::int64_t seed = 1;
  double cutoff = 3.0;
  std::int64_t facts_allowed_above_cutoff = 0;
  double discrepancy_share = 0.2;
  std::vector<SweepParameterDef> parameters;
  std::vector<CalibrationTargetDef> targets;
  std::vector<ExcludedFactDef> excluded_facts;

  // Filled in by load_calibration.
  std::string source_text;
  std::string source_file;
};

/// One target as the runs need it: its scenario and its facts, resolved against it.
struct CalibrationTarget {
  std::shared_ptr<const Scenario> scenario;  ///< as written, without the parameters' values
  ObservationsDef observations;
};

namespace scenario {
/// Reads and checks a calibration file, its targets' scenarios and observations (each within the
/// calibration file's folder or below it), and that both ends of every prior range give a valid
/// scenario of every target.
CalibrationDef load_calibration(const std::string& path);
CalibrationDef load_calibration_text(const std::string& text, const std::string& file_label,
                                     const std::string& base_dir);
/// JSON Schema of the calibration format (for editors).
std::string calibration_schema();
/// Markdown tables of the calibration format's keys.
std::string calibration_reference();
/// Its targets, read from the texts the definition holds.
std::vector<CalibrationTarget> calibration_targets(const CalibrationDef& def);
}  // namespace scenario

}  // namespace siege
