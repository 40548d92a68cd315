#pragma once
// A sweep file: a base scenario, its arms (policies), replicates, a design and the parameters it
// samples with their ranges. Read strictly like a scenario: every problem with file:line:col.
//
//   scenario: waer.yaml                  # beside the sweep file or below it; or --scenario FILE
//   arms: hold, drop                     # policies of the scenario; absent: the scenario as written
//   replicates: 5
//   design: sobol                        # grid, latin_hypercube or sobol (Saltelli sampling)
//   samples: 32                          # grid: levels per parameter; otherwise points (sobol: base N)
//   seed: 1                              # latin_hypercube: of its points; sobol: of the bootstrap
//                                        # resamples of the indices' intervals (no random points)
//   parameters:
//     - {key: besieger.siege_cost_share_per_year, min: 0.02, max: 0.2}
//     - {key: pockets[Waer].conflict.evacuation.batch_persons_max, min: 500, max: 3000, integer: true}
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scenario/load.hpp"
#include "scenario/spec.hpp"

namespace siege {

enum class Design : std::uint8_t { kGrid, kLatinHypercube, kSobol };

struct SweepParameterDef {
  std::string key;
  double min = 0.0;
  double max = 0.0;
  bool integer = false;
};

struct SweepDef {
  std::string scenario;  ///< as the file names it, or --scenario's path; empty: neither gave one (an error)
  std::string arms;
  std::int64_t replicates = 1;
  Design design = Design::kLatinHypercube;
  std::int64_t samples = 16;
  std::int64_t seed = 1;
  std::vector<SweepParameterDef> parameters;

  // Filled in by load_sweep.
  std::vector<std::string> arm_names;  ///< "baseline" when no arms are given
  std::string scenario_path;           ///< resolved against the sweep file's folder, or as given
  std::string scenario_text;
  std::string source_text;             ///< the sweep file itself
  std::string source_file;
  std::vector<scenario::Override> sets;  ///< --set on the command line: every run, after its arm's policy
};

std::string_view design_name(Design design);

namespace scenario {
/// Where `named_file`, the value of `key` in the `owner` file read under `ctx` ("sweep file"), leads,
/// canonical, if that lies in `base_dir` (the owner's folder) or below it; otherwise an error at the key, and nothing outside
/// the folder is opened. Both sides are compared with every symbolic link followed and every `..`
/// resolved, so `../x.yaml`, an absolute path and a link that leads out are all refused, and a
/// folder reached through a link still works. `elsewhere` says how to name a file anywhere, if the
/// command has a way.
std::optional<std::filesystem::path> file_within(const std::string& named_file, const std::string& key,
                                                 const std::string& owner, const std::string& base_dir, Context& ctx,
                                                 const std::string& elsewhere);
/// Both ends of every parameter's range must give a valid scenario under every arm (with `sets`),
/// and so must a value between them that is not whole (a whole-number key needs `integer: true`);
/// errors go to `ctx` at parameters[i].min, .max or .key, `where` added to their text.
void check_parameter_ranges(const std::vector<SweepParameterDef>& parameters, const std::string& scenario_text,
                            const std::string& scenario_path, const std::vector<std::string>& arms,
                            const std::vector<Override>& sets, Context& ctx, const std::string& where = "");
/// Policy names separated by commas, each trimmed of spaces (an empty name stays, to be reported).
std::vector<std::string> split_arms(const std::string& text);
/// Reads and checks a sweep file and its scenario: the arms must be policies of the scenario, and
/// each parameter's key path and both ends of its range must give a valid scenario.
///
/// `scenario` is the scenario named on the command line (`siege sweep --scenario FILE`): trusted,
/// read as given, and it replaces the sweep file's `scenario` key. Without it the key must name a
/// file in the sweep file's folder or below it, symbolic links followed; one that lies outside
/// (`../x.yaml`, an absolute path, a link that leads out) is refused at the key, before it is read,
/// so that a sweep file can make siege read nothing outside its own folder.
///
/// `sets` (`--set key=value`) apply to every run after its arm's policy; they must give a valid
/// scenario under every arm, and may set neither a key an arm's policy sets nor a sampled one.
SweepDef load_sweep(const std::string& path, const std::string& scenario = "", const std::vector<Override>& sets = {});
/// The same from text (`base_dir`, the sweep file's folder, resolves and bounds the scenario path).
SweepDef load_sweep_text(const std::string& text, const std::string& file_label, const std::string& base_dir,
                         const std::string& scenario = "", const std::vector<Override>& sets = {});
}  // namespace scenario

}  // namespace siege
