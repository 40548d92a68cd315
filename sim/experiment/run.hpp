#pragma once
#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "experiment/simulation.hpp"
#include "observe/recorder.hpp"

namespace siege {

struct RunOptions {
  /// Where to write the run file; empty writes none.
  std::string output_path;
  std::int64_t replicates = 1;
  /// Worker threads; 0 uses every hardware thread. Results do not depend on it.
  int threads = 0;
  std::string policy = "baseline";
  /// If > 0: at the end of the day before this one, save every run to `checkpoint_path`.
  std::int64_t checkpoint_at = 0;
  std::string checkpoint_path;
  /// Continue the runs of this checkpoint (made from the same scenario) instead of starting them.
  const Checkpoint* resume = nullptr;
  std::string resume_path;
  /// The scenario under the checkpoint's own policy, when the runs resume under another one: they
  /// are restored under it and branch to `scenario` from the checkpoint's day.
  std::shared_ptr<const Scenario> resume_trunk;
  /// Parameter uncertainty: run r runs posterior[parameter_set_of(r, runs, size)] (the scenario with
  /// one of a calibration's accepted parameter sets) instead of the scenario. Empty: the scenario.
  std::vector<std::shared_ptr<const Scenario>> posterior;
  std::string parameters_file;  ///< where the sets came from, for the file's provenance
  std::vector<std::string> parameter_sets;  ///< each posterior scenario's set, key=value lines
  /// Called with each run's record once it is complete, in run order (siege score measures them).
  std::function<void(std::size_t run, const observe::RunRecord& record)> on_record;
};

/// A pocket's story in a few numbers, for the console.
struct PocketHeadline {
  std::string name;
  std::int64_t initial = 0;
  std::int64_t final_alive = 0;
  std::array<std::int64_t, kCauses> deaths{};
  std::int64_t aid_trucks = 0;
  double peak_price_multiple = 0.0;
  double lowest_mean_nutrition = 1.0;
  double peak_share_malnourished = 0.0;
  /// First day with a malnutrition death, -1 if none.
  std::int64_t first_hunger_death_day = -1;
  std::int64_t strikes = 0;
  std::int64_t detainees_released = 0;
  std::int64_t evacuated = 0;
  std::int64_t arrivals = 0;
  std::int64_t demonstrations = 0;
  /// Mean support for holding the release condition on the first and the last day.
  double first_support = 0.0, final_support = 0.0;
  /// Negotiation state on the last day, and the first day of surrender (-1 if none).
  NegotiationState final_state = NegotiationState::kUnbesieged;
  std::int64_t surrender_day = -1;
};

struct RunReport {
  std::vector<std::vector<PocketHeadline>> runs;  ///< [run][pocket]
  StageProfile profile;                           ///< summed over runs
  double output_seconds = 0.0;                    ///< writing the file (recording is in profile)
  double wall_seconds = 0.0;
  std::int64_t person_days = 0;
  int threads = 0;
};

/// The parameter set run `run` of `runs` uses out of `sets`: spread evenly over the sets when there
/// are at least as many sets as runs, else the sets in turn.
inline std::size_t parameter_set_of(std::size_t run, std::size_t runs, std::size_t sets) {
  return runs <= sets ? run * sets / runs : run % sets;
}

std::vector<PocketHeadline> headline(const Scenario& scenario, const observe::RunRecord& record);

/// Runs `options.replicates` runs of `scenario` (runs 0, 1, ...) and writes them to one file.
/// The file appears under its name only once every run is in it.
RunReport run_replicates(std::shared_ptr<const Scenario> scenario, const RunOptions& options);

/// Memory a world of `scenario` takes: about kWorldBytesPerSlot for each person slot (residents, and
/// the arrival slots a destination holds for every resident of the pockets evacuated to it).
inline constexpr double kWorldBytesPerSlot = 32.0;
double world_bytes(const Scenario& scenario);
/// Refuses (InputError, naming the scenario file) before anything runs when `worlds` worlds of
/// `scenario` at once would not fit in the memory the machine has available, so that a run too
/// large for it ends with a message instead of the kernel's out-of-memory kill.
void check_memory(const Scenario& scenario, std::size_t worlds);

}  // namespace siege
