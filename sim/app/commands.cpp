#include "app/commands.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include "core/errors.hpp"
#include "core/isolated.hpp"
#include "core/parallel.hpp"
#include "core/printable.hpp"
#include "core/text_file.hpp"
#include "core/version.hpp"
#include "experiment/calibrate.hpp"
#include "experiment/checkpoint.hpp"
#include "experiment/compare.hpp"
#include "experiment/run.hpp"
#include "experiment/score.hpp"
#include "experiment/sweep.hpp"
#include "scenario/sweep.hpp"
#include "observe/file_info.hpp"
#include "observe/hdf5.hpp"
#include "observe/hdf5_output.hpp"
#include "observe/variables.hpp"
#include "scenario/load.hpp"
#include "world/world.hpp"

namespace siege::app {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void bad_output(const std::string& path, const std::string& why) {
  throw InputError::in_file(path, why);
}

/// Checks, before any work is done, that the output can be written where the user asked.
void check_output_path(const std::string& path) {
  const fs::path target(path);
  std::error_code error;
  if (target.filename().empty() || fs::is_directory(target, error)) {
    bad_output(path, "is a directory; give a file name such as run.h5");
  }
  const fs::path directory = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (!fs::is_directory(directory, error)) {
    bad_output(path, fmt::format("the directory '{}' does not exist; create it or choose another path",
                                 directory.string()));
  }
  if (::access(directory.c_str(), W_OK) != 0) {
    bad_output(path, fmt::format("cannot write in the directory '{}' (permission denied or read-only)",
                                 directory.string()));
  }
  if (fs::exists(target, error) && ::access(target.c_str(), W_OK) != 0) {
    bad_output(path, "exists and cannot be replaced (read-only); remove it or choose another path");
  }
}

std::string default_output(const std::string& scenario_path, const std::string& policy) {
  fs::create_directories("output");
  const std::string suffix = policy.empty() || policy == "baseline" ? "" : "-" + policy;
  return (fs::path("output") / fs::path(scenario_path).stem()).string() + suffix + ".h5";
}

/// The --set options, each key=value (InputError naming the one that is not).
std::vector<scenario::Override> set_options(const std::vector<std::string>& sets) {
  std::vector<scenario::Override> out;
  for (const auto& text : sets) out.push_back(scenario::Override::from_option(text));
  return out;
}

std::shared_ptr<const Scenario> load_with_overrides(const std::string& path, std::optional<std::int64_t> seed,
                                                    std::optional<std::int64_t> days, const std::string& policy,
                                                    const std::vector<scenario::Override>& sets) {
  Scenario scenario = scenario::load_text(read_text_file(path, "scenario"), path, policy, sets);
  if (seed) scenario.seed = *seed;
  if (days) scenario.days = *days;
  return std::make_shared<const Scenario>(std::move(scenario));
}

void read_hdf5_in_child(const std::string& path, const std::function<void()>& read);

/// The scenario under each accepted parameter set of a calibration file (`--parameters`) that
/// `runs` runs use, after the policy and the --set options, and each set as key=value lines; none
/// without a file. A --set may not name a fitted key.
struct Posterior {
  std::vector<std::shared_ptr<const Scenario>> scenarios;
  std::vector<std::string> sets;
};
Posterior posterior_scenarios(const std::string& parameters,
                                                                 const std::string& path,
                                                                 std::optional<std::int64_t> seed,
                                                                 std::optional<std::int64_t> days,
                                                                 const std::string& policy,
                                                                 const std::vector<scenario::Override>& sets,
                                                                 std::size_t runs) {
  if (parameters.empty()) return {};
  read_hdf5_in_child(parameters, [&] { read_parameter_sets(parameters); });
  const ParameterSets read = read_parameter_sets(parameters);
  for (const auto& o : sets) {
    for (const auto& fitted : read.sets.front()) {
      if (o.key == fitted.key) {
        throw InputError::in_file("--set", fmt::format("{} is a parameter of {}, which gives it in every run; leave out "
                                                       "--set {} or --parameters", o.key, parameters, o.text()));
      }
    }
  }
  // Only the sets the runs use are read in.
  std::vector<std::shared_ptr<const Scenario>> out(read.sets.size());
  for (std::size_t run = 0; run < runs; ++run) {
    const std::size_t s = parameter_set_of(run, runs, read.sets.size());
    if (out[s]) continue;
    std::vector<scenario::Override> all = sets;
    all.insert(all.end(), read.sets[s].begin(), read.sets[s].end());
    out[s] = load_with_overrides(path, seed, days, policy, all);
  }
  // The unused sets are left out; each run's index is then taken among those used.
  Posterior used;
  for (std::size_t s = 0; s < out.size(); ++s) {
    if (!out[s]) continue;
    used.scenarios.push_back(std::move(out[s]));
    std::string text;
    for (const auto& o : read.sets[s]) text.append(text.empty() ? "" : "\n").append(o.text());
    used.sets.push_back(text);
  }
  return used;
}

void print_summary(const Scenario& scenario, const RunReport& report, const std::string& output) {
  const std::size_t runs = report.runs.size();
  fmt::print("siege {}: '{}', policy {}, {} run{} x {} days, {} persons, {} threads\n", program_version(),
             scenario.name, scenario.policy, runs, runs == 1 ? "" : "s", scenario.days, scenario.persons(),
             report.threads);
  for (std::size_t p = 0; p < scenario.pockets.size(); ++p) {
    // Means over runs.
    double alive = 0, trucks = 0, price = 0, malnourished = 0;
    std::array<double, kCauses> deaths{};
    for (const auto& run : report.runs) {
      alive += static_cast<double>(run[p].final_alive);
      trucks += static_cast<double>(run[p].aid_trucks);
      price = std::max(price, run[p].peak_price_multiple);
      malnourished = std::max(malnourished, run[p].peak_share_malnourished);
      for (std::size_t c = 0; c < kCauses; ++c) deaths[c] += static_cast<double>(run[p].deaths[c]);
    }
    const double n = static_cast<double>(runs);
    std::string death_text;
    for (std::size_t c = 0; c < kCauses; ++c) {
      death_text += fmt::format("{}{} {:.0f}", c ? ", " : "", cause_name(kDeathCauses[c]), deaths[c] / n);
    }
    const auto& first = report.runs.front()[p];
    fmt::print("  {}: {} -> {:.0f} alive; deaths: {}; aid trucks {:.0f}; peak food price {:.1f}x; "
               "up to {:.0f}% malnourished{}\n",
               first.name, first.initial, alive / n, death_text, trucks / n, price, 100.0 * malnourished,
               runs > 1 ? " (means over runs; peaks over all runs)" : "");
    double arrivals = 0, demonstrations = 0, first_support = 0, final_support = 0, runs_with_residents = 0;
    for (const auto& run : report.runs) {
      arrivals += static_cast<double>(run[p].arrivals);
      demonstrations += static_cast<double>(run[p].demonstrations);
      first_support += run[p].first_support;
      if (run[p].final_alive > 0) {
        final_support += run[p].final_support;
        ++runs_with_residents;
      }
    }
    if (arrivals > 0) fmt::print("    evacuees arrived from other pockets {:.0f}\n", arrivals / n);
    if (!scenario.pockets[p].conflict) continue;
    double strikes = 0, released = 0, evacuated = 0, surrendered = 0;
    for (const auto& run : report.runs) {
      strikes += static_cast<double>(run[p].strikes);
      released += static_cast<double>(run[p].detainees_released);
      evacuated += static_cast<double>(run[p].evacuated);
      surrendered += run[p].surrender_day >= 0;
    }
    fmt::print("    support for holding the release condition {:.0f}% on day 0, {} on the last day; "
               "demonstrations {:.0f}\n",
               100.0 * first_support / n,
               runs_with_residents > 0 ? fmt::format("{:.0f}%", 100.0 * final_support / runs_with_residents)
                                       : std::string("nobody left"),
               demonstrations / n);
    fmt::print("    strikes {:.0f}; detainees released {:.0f} of {} on the list; evacuated {:.0f}; surrendered in "
               "{:.0f}% of runs{}\n",
               strikes / n, released / n, scenario.pockets[p].conflict->detainees.on_list, evacuated / n,
               100.0 * surrendered / n,
               runs == 1 && first.surrender_day >= 0 ? fmt::format(" (day {})", first.surrender_day) : std::string());
  }
  const double rate = static_cast<double>(report.person_days) / std::max(report.wall_seconds, 1e-9);
  fmt::print("  {:.2f} s ({:.1f} million person-days/s); writing output {:.3f} s{}\n", report.wall_seconds,
             rate / 1e6, report.output_seconds, output.empty() ? "" : " -> " + output);
}

}  // namespace

int run_command(const RunArgs& args) {
  const auto scenario = load_with_overrides(args.scenario, args.seed, args.days, args.policy, set_options(args.sets));
  const std::string output = args.output.empty() ? default_output(args.scenario, args.policy) : args.output;
  check_output_path(output);
  // One world at a time, and every replicate's saved world when a checkpoint is made or read.
  const bool snapshots = args.checkpoint_at > 0 || !args.resume_from.empty();
  check_memory(*scenario, 1 + (snapshots ? static_cast<std::size_t>(args.replicates) : 0));
  RunOptions options;
  options.output_path = output;
  options.replicates = args.replicates;
  options.threads = args.threads;
  options.policy = scenario->policy;
  if (!args.parameters.empty() && (args.checkpoint_at > 0 || !args.resume_from.empty())) {
    throw InputError::in_file("--parameters", "cannot be combined with --checkpoint-at or --resume-from; run the "
                                              "parameter sets without checkpoints");
  }
  Posterior posterior = posterior_scenarios(args.parameters, args.scenario, args.seed, args.days, args.policy,
                                            set_options(args.sets), static_cast<std::size_t>(args.replicates));
  options.posterior = std::move(posterior.scenarios);
  options.parameter_sets = std::move(posterior.sets);
  options.parameters_file = args.parameters;
  std::optional<Checkpoint> resume;
  if (!args.resume_from.empty()) {
    resume = read_checkpoint(args.resume_from);
    if (resume->scenario_text != scenario->source_text || resume->overrides != scenario->overrides ||
        resume->seed != scenario->seed || resume->days != scenario->days) {
      std::string sets;
      for (const auto& o : resume->overrides) sets += " --set " + o;
      throw InputError::in_file(args.resume_from,
                                fmt::format("was made from {} (policy {}, seed {}, {} days, {}); resume it with that "
                                            "scenario, seed, days and --set options (the policy may differ: the runs "
                                            "then branch at the checkpoint's day)", resume->scenario_file,
                                            resume->policy, resume->seed, resume->days,
                                            sets.empty() ? std::string("no --set") : sets.substr(1)));
    }
    if (resume->policy != scenario->policy) {
      // Branch: the saved history is the checkpoint's policy's; from its day on, this policy's.
      Scenario trunk = scenario::load_text(resume->scenario_text, resume->scenario_file, resume->policy,
                                           set_options(args.sets));
      trunk.seed = resume->seed;
      trunk.days = resume->days;
      const std::string differs = fixed_at_start_difference(trunk, *scenario);
      if (!differs.empty()) {
        throw InputError::in_file(args.resume_from,
                                  fmt::format("was made under policy {}; policy {} changes {}, which is fixed when a "
                                              "run starts, so it cannot branch from this checkpoint", resume->policy,
                                              scenario->policy, differs));
      }
      options.resume_trunk = std::make_shared<const Scenario>(std::move(trunk));
    }
    const auto held = static_cast<std::int64_t>(resume->runs.size());
    if (args.replicates_given && args.replicates != held) {
      throw InputError::in_file(args.resume_from, fmt::format("holds {} run{}; give --replicates {} or leave it out",
                                                              held, held == 1 ? "" : "s", held));
    }
    options.replicates = held;
    options.resume = &*resume;
    options.resume_path = args.resume_from;
  }
  if (args.checkpoint_at > 0) {
    const std::int64_t from = resume ? resume->day : 0;
    if (args.checkpoint_at <= from || args.checkpoint_at >= scenario->days) {
      throw InputError::in_file("--checkpoint-at", fmt::format("is {} but a checkpoint must fall after day {} and "
                                                               "before the last day, {}", args.checkpoint_at, from,
                                                               scenario->days - 1));
    }
    options.checkpoint_at = args.checkpoint_at;
    const fs::path out(output);
    options.checkpoint_path =
        (out.parent_path() / fmt::format("{}-day{}.checkpoint", out.stem().string(), args.checkpoint_at)).string();
    check_output_path(options.checkpoint_path);
  }
  const RunReport report = run_replicates(scenario, options);
  if (!args.quiet) {
    print_summary(*scenario, report, output);
    if (!options.posterior.empty()) {
      fmt::print("  run r took one of {} accepted parameter sets of {} (attribute parameter_sets)\n",
                 options.posterior.size(), args.parameters);
    }
    if (resume) {
      fmt::print("  resumed from {} at day {}{}\n", args.resume_from, resume->day,
                 options.resume_trunk ? fmt::format(" (policy {} until then, {} from then on, with the same random "
                                                    "numbers)", resume->policy, scenario->policy)
                                      : std::string());
    }
    if (options.checkpoint_at > 0) {
      fmt::print("  checkpoint of every run at day {} -> {}\n", options.checkpoint_at, options.checkpoint_path);
    }
  }
  return 0;
}

namespace {

/// Runs done, rate and time left: a bar on a terminal, a line every few seconds elsewhere (CI and
/// Slurm logs), nothing when quiet.
class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet), terminal_(::isatty(STDERR_FILENO) != 0) {}
  void operator()(std::size_t done, std::size_t total) {
    if (quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    const bool last = done == total;
    if (!last && now - shown_ < (terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000))) return;
    if (!started_) {
      start_ = now;
      first_ = done;
      started_ = true;
    }
    shown_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done - first_) / seconds : 0.0;
    const std::string eta = rate > 0 ? fmt::format("{:.0f} s", static_cast<double>(total - done) / rate) : "?";
    const std::string text = fmt::format("{}/{} runs, {:.2f} runs/s, {} left", done, total, rate, eta);
    if (terminal_) {
      const std::size_t width = 30, filled = total ? width * done / total : width;
      std::fprintf(stderr, "\r[%s%s] %s", std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                   text.c_str());
      if (last) std::fputc('\n', stderr);
    } else {
      std::fprintf(stderr, "siege: %s\n", text.c_str());
    }
    std::fflush(stderr);
  }

 private:
  bool quiet_, terminal_;
  bool started_ = false;
  std::size_t first_ = 0;
  std::chrono::steady_clock::time_point start_{}, shown_{};
};

}  // namespace

int compare_command(const CompareArgs& args) {
  const std::vector<std::string> names = scenario::split_arms(args.arms);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      throw InputError::in_file("--arms", fmt::format("'{}' has an empty arm; give policy names separated by commas, "
                                                      "e.g. --arms hold,drop", args.arms));
    }
    if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), names[i]) !=
        names.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw InputError::in_file("--arms", fmt::format("'{}' appears twice; each arm is a different policy", names[i]));
    }
  }
  if (names.size() < 2) {
    throw InputError::in_file("--arms", fmt::format("'{}' names one arm; a comparison needs two or more, e.g. "
                                                    "--arms hold,drop", args.arms));
  }
  const std::vector<scenario::Override> sets = set_options(args.sets);
  std::vector<std::shared_ptr<const Scenario>> arms;
  for (const auto& name : names) arms.push_back(load_with_overrides(args.scenario, args.seed, args.days, name, sets));
  scenario::check_sets_leave_arms_alone(*arms.front(), names, sets);
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : "-vs-") + name;
  const std::string output = args.output.empty() ? default_output(args.scenario, joined) : args.output;
  check_output_path(output);
  if (args.branch_day > 0) {
    if (args.branch_day >= arms.front()->days) {
      throw InputError::in_file("--branch-day", fmt::format("is {} but the runs last {} days; branch on a day "
                                                            "between 1 and {}", args.branch_day, arms.front()->days,
                                                            arms.front()->days - 1));
    }
    for (std::size_t a = 1; a < arms.size(); ++a) {
      const std::string differs = fixed_at_start_difference(*arms.front(), *arms[a]);
      if (!differs.empty()) {
        throw InputError::in_file("--branch-day",
                                  fmt::format("policy '{}' changes {}, which is fixed when a run starts; compare "
                                              "without --branch-day", arms[a]->policy, differs));
      }
    }
  }
  for (const auto& arm : arms) check_memory(*arm, args.branch_day > 0 ? 2 : 1);  // a trunk and a branch
  CompareOptions options;
  options.branch_day = args.branch_day;
  options.replicates = args.replicates;
  options.threads = args.threads;
  options.output_path = output;
  if (!args.parameters.empty()) {
    read_hdf5_in_child(args.parameters, [&] { read_parameter_sets(args.parameters); });
    scenario::check_sets_leave_arms_alone(*arms.front(), names, read_parameter_sets(args.parameters).sets.front());
    std::vector<Posterior> by_arm;
    for (const auto& name : names) {
      by_arm.push_back(posterior_scenarios(args.parameters, args.scenario, args.seed, args.days, name, sets,
                                           static_cast<std::size_t>(args.replicates)));
    }
    for (std::size_t s = 0; s < by_arm.front().scenarios.size(); ++s) {
      options.posterior.emplace_back();
      for (const auto& arm : by_arm) options.posterior.back().push_back(arm.scenarios[s]);
    }
    options.parameter_sets = by_arm.front().sets;
    options.parameters_file = args.parameters;
  }
  Progress progress(args.quiet);
  options.progress = [&](std::size_t done, std::size_t total) { progress(done, total); };
  const Comparison comparison = compare_policies(arms, options);
  if (args.quiet) return 0;
  const Scenario& scenario = *arms.front();
  // Besieged pockets, and those that received evacuees in any arm (what the move cost them shows there).
  std::vector<bool> shown;
  const auto arrivals = std::find_if(comparison.metrics.begin(), comparison.metrics.end(),
                                     [](const Metric& m) { return m.name == "arrivals"; });
  for (std::size_t p = 0; p < scenario.pockets.size(); ++p) {
    bool received = false;
    for (std::size_t a = 0; a < comparison.arms.size(); ++a) {
      for (std::size_t r = 0; r < comparison.runs; ++r) received = received || comparison.value(*arrivals, a, r, p) > 0;
    }
    shown.push_back(scenario.pockets[p].conflict.has_value() || received);
  }
  fmt::print("siege {} compare: '{}', arms {}, {} paired replicate{} x {} days (same seed and run numbers in "
             "every arm{}), {} threads\n\n",
             program_version(), scenario.name, joined, comparison.runs, comparison.runs == 1 ? "" : "s", scenario.days,
             args.branch_day > 0 ? fmt::format("; one shared history under {} up to day {}", names.front(), args.branch_day)
                                 : std::string(),
             comparison.threads);
  if (!options.posterior.empty()) {
    fmt::print("Parameter uncertainty: replicate r of every arm takes one of {} accepted parameter sets of {}, so "
               "the intervals\nbelow carry the parameters' uncertainty as well as the runs' own.\n\n",
               options.posterior.size(), args.parameters);
  }
  fmt::print("{}", format_comparison(comparison, shown));
  fmt::print("\n  {:.2f} s -> {}\n", comparison.wall_seconds, output);
  return 0;
}

namespace {

/// Reads an HDF5 input in a child process first (core/isolated.hpp): libhdf5 crashes, loops or
/// grows without end on some damaged files. Reading one of ours takes milliseconds and a few times
/// its size in memory; the limits leave room for a slow disk: 10 s and 1 s more for each 10 MB,
/// 1 GB and 20 times the file's size.
void read_hdf5_in_child(const std::string& path, const std::function<void()>& read) {
  std::error_code error;
  std::uintmax_t bytes = fs::file_size(path, error);
  if (error) bytes = 0;
  try_in_child(path, "the HDF5 library",
               ChildLimits{std::chrono::seconds(10) + std::chrono::seconds(bytes / 10'000'000), 1'000'000'000 + 20 * bytes},
               read);
}

/// The file's `kind` attribute (sweep, calibration), empty for a run file or anything else.
std::string file_kind(const std::string& path) {
  h5::quiet_errors();
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return "";
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) return "";
  const h5::Hid file(id, H5Fclose, "open " + path);
  return h5::read_string_attribute(file, "kind").value_or("");
}

std::string sweep_summary(const SweepTable& table, const std::string& output) {
  std::size_t failed = 0;
  for (const auto& e : table.error) failed += !e.empty();
  std::string text =
      fmt::format("siege {} sweep: {} design, {} points x {} arm{} x {} replicates = {} runs; this file holds {}{}\n",
                  program_version(), table.design, table.points, table.arms.size(), table.arms.size() == 1 ? "" : "s",
                  table.replicates, table.total_runs, table.run.size(),
                  failed ? fmt::format(" ({} failed; see the error variable)", failed) : std::string());
  if (table.complete() && !table.run.empty()) text += format_sensitivity(sensitivity(table));
  text += fmt::format("  -> {}\n", output);
  return text;
}

void print_sweep(const SweepTable& table, const std::string& output) {
  fmt::print("{}", printable(sweep_summary(table, output)));  // names and labels come from a file that may be damaged
}

}  // namespace

int sweep_command(const SweepArgs& args) {
  const SweepDef def = scenario::load_sweep(args.sweep, args.scenario, set_options(args.sets));
  const Shard shard = parse_shard(args.shard);
  const std::string stem = fs::path(args.sweep).stem().string();
  std::string output = args.output;
  if (output.empty()) {
    fs::create_directories("output");
    output = (fs::path("output") / (shard.count > 1 ? fmt::format("{}-shard{}of{}.h5", stem, shard.index, shard.count)
                                                     : stem + ".h5")).string();
  }
  check_output_path(output);
  const SweepPlan plan = plan_sweep(def);
  // Runs go in parallel, one world per thread (checked at the scenario's own sizes).
  const std::size_t at_once = std::min(static_cast<std::size_t>(Threads(args.threads).count()), plan.runs.size());
  for (const auto& arm : plan.def.arm_names) {
    check_memory(scenario::load_text(plan.def.scenario_text, plan.def.scenario_path, arm, plan.def.sets), at_once);
  }
  SweepOptions options;
  options.output = output;
  options.shard = shard;
  options.threads = args.threads;
  Progress progress(args.quiet);
  options.progress = [&](std::size_t done, std::size_t total) { progress(done, total); };
  const SweepTable table = run_sweep(plan, options);
  if (!args.quiet) print_sweep(table, output);
  return 0;
}

int merge_command(const MergeArgs& args) {
  check_output_path(args.output);
  std::vector<SweepTable> shards;
  for (const auto& path : args.shards) {
    read_hdf5_in_child(path, [&] { read_sweep(path); });
    shards.push_back(read_sweep(path));
  }
  const SweepTable merged = merge_sweeps(shards, args.shards);
  write_sweep(args.output, merged);
  if (!args.quiet) print_sweep(merged, args.output);
  return 0;
}

int validate_command(const std::vector<std::string>& scenarios) {
  int status = 0;
  for (const auto& path : scenarios) {
    try {
      const Scenario s = scenario::load_file(path);
      // Every policy's overlay must give a valid scenario too.
      for (const auto& policy : s.policies) scenario::load_file(path, policy.name);
      std::size_t towns = 0;
      for (const auto& p : s.pockets) towns += p.towns.size();
      fmt::print("{}: ok: '{}', {} persons in {} pocket{} ({} towns), {} days from {}\n", path, s.name,
                 s.persons(), s.pockets.size(), s.pockets.size() == 1 ? "" : "s", towns, s.days,
                 format_date(s.start_date));
    } catch (const InputError& e) {
      std::fprintf(stderr, "%s\n", printable(e.what()).c_str());
      status = 2;
    }
  }
  return status;
}

int schema_command(const SchemaArgs& args) {
  const bool markdown = args.format == "markdown";
  const std::string text =
      args.calibration    ? (markdown ? scenario::calibration_reference() : scenario::calibration_schema())
      : args.observations ? (markdown ? measures_reference() : observations_schema())
                          : (markdown ? scenario::markdown_reference() : scenario::json_schema());
  if (args.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  check_output_path(args.output);
  std::ofstream out(args.output, std::ios::binary);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + args.output);
  return 0;
}

int info_command(const std::string& file) {
  if (file.empty()) throw InputError("siege info: give a run file (siege info FILE.h5) or --variables");
  const auto describe = [&] {
    const std::string kind = file_kind(file);
    if (kind == "sweep") return sweep_summary(read_sweep(file), file);
    if (kind == "calibration") return format_calibration(read_calibration(file));
    return observe::format_file_info(observe::read_file_info(file));
  };
  read_hdf5_in_child(file, [&] { describe(); });
  fmt::print("{}", printable(describe()));  // names and labels come from a file that may be damaged
  return 0;
}

int variables_command() {
  fmt::print("{}", observe::markdown_variables());
  return 0;
}

int score_command(const ScoreArgs& args) {
  const auto scenario = load_with_overrides(args.scenario, args.seed, std::nullopt, args.policy, set_options(args.sets));
  const ObservationsDef observations = load_observations(args.observations, *scenario);
  if (!args.json.empty()) check_output_path(args.json);
  if (!args.output.empty()) check_output_path(args.output);
  check_memory(*scenario, 1);
  std::vector<observe::RunRecord> records;
  RunOptions options;
  options.output_path = args.output;
  options.replicates = args.replicates;
  options.threads = args.threads;
  options.policy = scenario->policy;
  Posterior posterior = posterior_scenarios(args.parameters, args.scenario, args.seed, std::nullopt, args.policy,
                                            set_options(args.sets), static_cast<std::size_t>(args.replicates));
  options.posterior = std::move(posterior.scenarios);
  options.parameter_sets = std::move(posterior.sets);
  options.parameters_file = args.parameters;
  options.on_record = [&](std::size_t, const observe::RunRecord& record) { records.push_back(record); };
  run_replicates(scenario, options);
  const ScoreReport report = score(observations, *scenario, records);
  fmt::print("{}", printable(format_score(observations, *scenario, report)));
  if (!options.posterior.empty()) {
    fmt::print("Replicate r took one of {} accepted parameter sets of {}: the intervals carry parameter "
               "uncertainty.\n", options.posterior.size(), args.parameters);
  }
  if (!args.json.empty()) write_text_atomically(args.json, score_json(observations, *scenario, report));
  return 0;
}

int calibrate_command(const CalibrateArgs& args) {
  const CalibrationDef def = scenario::load_calibration(args.calibration);
  const Shard shard = parse_shard(args.shard);
  std::string output = args.output;
  if (output.empty()) {
    fs::create_directories("output");
    output = (fs::path("output") / (fs::path(args.calibration).stem().string() + ".h5")).string();
  }
  check_output_path(output);
  // Runs go in parallel, one world per thread, of the largest target.
  const std::size_t at_once = static_cast<std::size_t>(Threads(args.threads).count());
  for (const auto& target : def.targets) check_memory(scenario::load_text(target.scenario_text, target.scenario_path), at_once);
  CalibrationOptions options;
  options.output = output;
  options.shard = shard;
  options.threads = args.threads;
  Progress progress(args.quiet);
  std::size_t shown_wave = 0;
  options.progress = [&](std::size_t wave, std::size_t done, std::size_t total) {
    if (wave + 1 != shown_wave && !args.quiet) {
      shown_wave = wave + 1;
      progress = Progress(args.quiet);
      std::fprintf(stderr, "siege: calibration wave %zu of %lld\n", shown_wave, static_cast<long long>(def.waves));
    }
    progress(done, total);
  };
  options.say = [&](const std::string& line) {
    if (!args.quiet) std::fprintf(stderr, "siege: %s\n", line.c_str());
  };
  const auto result = run_calibration(def, options);
  if (!result) return 0;  // this shard's slice of a wave is done; the other slices are for other tasks
  write_calibration(output, *result);
  if (!args.quiet) fmt::print("{}  -> {}\n", printable(format_calibration(*result)), output);
  return 0;
}

}  // namespace siege::app
