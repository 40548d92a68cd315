#pragma once
#include <string>
#include <vector>

#include "observe/hdf5.hpp"
#include "observe/recorder.hpp"
#include "scenario/scenario.hpp"

namespace siege::observe {

/// What the file says about how it was made, beside the scenario itself.
struct Provenance {
  std::string policy = "baseline";
  std::int64_t seed = 0;
  std::size_t runs = 1;
  /// A comparison file: the policy of each arm. Every daily variable then has a leading `arm`
  /// dimension, and the events an `arm` column. Empty for a plain run file.
  std::vector<std::string> arms = {};
  /// A comparison whose arms share their history up to this day (0: none).
  std::int64_t branch_day = 0;
  /// Runs drawn over a calibration's accepted parameter sets: the file, and each set as key=value
  /// lines; run r used set parameter_set_of(r, runs, sets). Empty: every run the scenario's values.
  std::string parameters_file = {};
  std::vector<std::string> parameter_sets = {};
};

/// The run file: one HDF5 file in netCDF-4 form (xarray.open_dataset reads it) with dimensions
/// run, time, pocket, cause and town, CF time, units and long names on every variable, events in
/// group `events`, and the scenario text, seed, policy and program version as attributes.
/// It is written under a temporary name beside the target and renamed only by commit(), so a
/// failed or interrupted run never leaves a partial file under the name the user asked for.
class Hdf5Output {
 public:
  Hdf5Output(std::string path, const Scenario& scenario, const Provenance& provenance);
  Hdf5Output(const Hdf5Output&) = delete;
  Hdf5Output& operator=(const Hdf5Output&) = delete;

  void write_run(std::size_t run, const RunRecord& record, std::size_t arm = 0);
  /// A per-run figure of each pocket, [arm][run][pocket], written as a variable over (arm, run,
  /// pocket); with two arms also `<name>_difference` over (run, pocket), the second arm minus the
  /// first, run by run.
  void write_summary(const std::string& name, const std::string& long_name, const std::string& units,
                     const std::vector<double>& values);
  /// Writes the events, closes the file and gives it its final name.
  void commit();
  const std::string& path() const { return path_; }

 private:
  void write_coordinates(const Scenario& scenario, const std::vector<TownLayout>& layout);
  void create_variables();
  void write_events();

  /// Removes the file at its path when destroyed, unless kept: declared before the HDF5 handles
  /// so that it runs after they have closed, even when the constructor throws half-way.
  class TemporaryFile {
   public:
    explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
    ~TemporaryFile();
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    const std::string& path() const { return path_; }
    void keep() { kept_ = true; }

   private:
    std::string path_;
    bool kept_ = false;
  };

  std::string path_;
  TemporaryFile temporary_;
  std::size_t runs_;
  std::vector<std::string> arms_;
  std::size_t days_, pockets_, towns_;
  std::string time_units_;
  h5::Hid file_;
  h5::Hid run_scale_, time_scale_, pocket_scale_, cause_scale_, age_band_scale_, sex_scale_, town_scale_;
  std::vector<h5::Hid> datasets_;
  struct RunEvent {
    std::size_t arm;
    std::size_t run;
    Event event;
  };
  h5::Hid arm_scale_;
  std::vector<RunEvent> events_;
  std::vector<std::string> pocket_names_;
};

}  // namespace siege::observe
