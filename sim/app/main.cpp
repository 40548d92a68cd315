// The `siege` command line.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <hdf5.h>

#include <cstdio>
#include <exception>

#include "app/commands.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/printable.hpp"
#include "core/version.hpp"
#include "rebellion/command.hpp"

namespace {

constexpr int kBadInput = 2;

/// `--set KEY=VALUE`, repeatable; each takes one value, so that a positional after it stays one.
void add_set_option(CLI::App* command, std::vector<std::string>& sets) {
  command
      ->add_option("--set", sets,
                   "Set one scenario value after the policy, as if typed in the file: a key path as in a policy's "
                   "set, '=', a value (e.g. --set pockets[Waer].conflict.committee.policy=drop); repeatable")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
}

/// `--parameters FILE.h5`: the runs draw their parameters from a calibration's accepted sets.
void add_parameters_option(CLI::App* command, std::string& parameters) {
  command->add_option("--parameters", parameters,
                      "Calibration file (siege calibrate): run r takes one of its accepted parameter sets, so that "
                      "results carry parameter uncertainty as well as the runs' own");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace siege;
  // Every file is closed (or its temporary removed) before siege exits. HDF5's own clean-up at exit
  // would try again to flush a file whose writing failed (a full disk) and crash in doing so.
  H5dont_atexit();
  CLI::App app{"siege: a parallel agent-based simulator of besieged pockets.\n"
               "Exploratory, not a forecast: it shows the consequences of stated assumptions.",
               "siege"};
  app.set_version_flag("--version", std::string(program_version()) + " (" + std::string(git_commit()) + ")");
  app.require_subcommand(1);
  app.fallthrough(false);

  app::RunArgs run_args;
  auto* run = app.add_subcommand("run", "Run a scenario and write its daily figures to an HDF5 file");
  run->add_option("scenario", run_args.scenario, "Scenario file (YAML)")->required();
  run->add_option("-o,--output", run_args.output, "Output file (default: output/<scenario file name without .yaml>[-<policy>].h5)");
  run->add_option("--seed", run_args.seed, "Seed of the random numbers (default: the scenario's)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{9007199254740991}));
  run->add_option("--policy", run_args.policy,
                  "Apply the named overlay from the scenario's policies block (default: the scenario as written)");
  add_set_option(run, run_args.sets);
  run->add_option("--replicates", run_args.replicates, "Runs with the same seed and run numbers 0, 1, ...")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  run->add_option("--threads", run_args.threads, "Worker threads; 0 uses all (results do not depend on it)")
      ->check(CLI::Range(0, 1024));
  run->add_option("--days", run_args.days, "Days to simulate (default: the scenario's)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{36500}));
  run->add_flag("-q,--quiet", run_args.quiet, "Print nothing on success");
  run->add_option("--checkpoint-at", run_args.checkpoint_at,
                  "Also save every run as it stands at the start of this day to <output>-day<D>.checkpoint")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{36500}));
  run->add_option("--resume-from", run_args.resume_from,
                  "Continue the runs of a checkpoint made from the same scenario (the output is the same as if "
                  "they had never stopped)");
  add_parameters_option(run, run_args.parameters);

  app::CompareArgs compare_args;
  auto* compare = app.add_subcommand(
      "compare", "Compare policies over paired replicates (common random numbers): medians, intervals, paired differences");
  compare->add_option("scenario", compare_args.scenario, "Scenario file (YAML) declaring the policies")->required();
  compare->add_option("--arms", compare_args.arms, "Policies to compare, comma-separated, e.g. hold,drop")->required();
  add_set_option(compare, compare_args.sets);
  compare->add_option("-n,--replicates", compare_args.replicates, "Paired replicates per arm (default 200)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  compare->add_option("-o,--output", compare_args.output,
                      "Comparison file (default: output/<scenario file name>-<arm>-vs-<arm>.h5)");
  compare->add_option("--branch-day", compare_args.branch_day,
                      "Run each replicate's history up to this day once (under the first arm), then every arm "
                      "from there")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{36500}));
  compare->add_option("--seed", compare_args.seed, "Seed of the random numbers (default: the scenario's)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{9007199254740991}));
  compare->add_option("--days", compare_args.days, "Days to simulate (default: the scenario's)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{36500}));
  compare->add_option("--threads", compare_args.threads, "Worker threads; 0 uses all (results do not depend on it)")
      ->check(CLI::Range(0, 1024));
  compare->add_flag("-q,--quiet", compare_args.quiet, "Print nothing on success");
  add_parameters_option(compare, compare_args.parameters);

  app::SweepArgs sweep_args;
  auto* sweep = app.add_subcommand("sweep", "Run a sweep file: a design over parameters, arms and replicates "
                                            "(resumes from its manifest; --shard K/N runs one slice)");
  sweep->add_option("sweep", sweep_args.sweep, "Sweep file (YAML)")->required();
  sweep->add_option("--scenario", sweep_args.scenario,
                    "Scenario file, anywhere (relative to the current folder); wins over the sweep file's scenario "
                    "key, which may only name a file in the sweep file's folder or below it");
  add_set_option(sweep, sweep_args.sets);
  sweep->add_option("-o,--output", sweep_args.output,
                    "Output file (default: output/<sweep file name>[-shardKofN].h5; the manifest sits beside it)");
  sweep->add_option("--shard", sweep_args.shard,
                    "Run slice K of N (runs K, K+N, ...); default: SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT if set");
  sweep->add_option("--threads", sweep_args.threads, "Worker threads; 0 uses all (results do not depend on it)")
      ->check(CLI::Range(0, 1024));
  sweep->add_flag("-q,--quiet", sweep_args.quiet, "Print nothing, not even progress");

  app::MergeArgs merge_args;
  auto* merge = app.add_subcommand("merge", "Join the shard files of one sweep into one file");
  merge->add_option("shards", merge_args.shards, "Shard files (HDF5)")->required();
  merge->add_option("-o,--output", merge_args.output, "Merged file")->required();
  merge->add_flag("-q,--quiet", merge_args.quiet, "Print nothing on success");

  app::CalibrateArgs calibrate_args;
  auto* calibrate = app.add_subcommand("calibrate", "Fit scenario parameters to documented facts by history "
                                                    "matching in waves (resumes from its manifests; --shard K/N runs "
                                                    "one slice of a wave)");
  calibrate->add_option("calibration", calibrate_args.calibration, "Calibration file (YAML)")->required();
  calibrate->add_option("-o,--output", calibrate_args.output,
                        "Output file (default: output/<calibration file name>.h5; the manifests sit beside it)");
  calibrate->add_option("--shard", calibrate_args.shard,
                        "Run slice K of N of the first wave not yet complete, then stop; default: "
                        "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT if set");
  calibrate->add_option("--threads", calibrate_args.threads, "Worker threads; 0 uses all (results do not depend on it)")
      ->check(CLI::Range(0, 1024));
  calibrate->add_flag("-q,--quiet", calibrate_args.quiet, "Print nothing, not even progress");

  std::vector<std::string> validate_files;
  auto* validate = app.add_subcommand("validate", "Check scenario files and report every problem with its line");
  validate->add_option("scenarios", validate_files, "Scenario files (YAML)")->required();

  app::SchemaArgs schema_args;
  auto* schema = app.add_subcommand("schema", "Print the scenario format as a JSON Schema or a Markdown reference");
  schema->add_option("--format", schema_args.format, "json or markdown")
      ->check(CLI::IsMember({"json", "markdown"}));
  schema->add_option("-o,--output", schema_args.output, "Write to this file instead of standard output");
  auto* observations_flag = schema->add_flag(
      "--observations", schema_args.observations,
      "The format of siege score's observations files instead (markdown: the measures)");
  schema->add_flag("--calibration", schema_args.calibration, "The format of siege calibrate's calibration files instead")
      ->excludes(observations_flag);

  std::string info_file;
  bool info_variables = false;
  auto* info = app.add_subcommand("info", "Describe a run file: scenario, seed, version, dimensions, totals");
  auto* info_file_option = info->add_option("file", info_file, "Run file (HDF5)");
  info->add_flag("--variables", info_variables, "Instead, list the daily variables every run file holds (Markdown)")
      ->excludes(info_file_option);

  app::BenchArgs bench_args;
  auto* bench = app.add_subcommand("bench", "Measure speed: person-days per second and time per stage");
  bench->add_option("scenario", bench_args.scenario, "Scenario file (default: scenarios/north_homs.yaml)");
  bench->add_option("--days", bench_args.days, "Days per run (default: the scenario's)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{36500}));
  bench->add_option("--repetitions", bench_args.repetitions, "Timed runs; the median is reported")
      ->check(CLI::Range(1, 1000));
  bench->add_option("--warmup", bench_args.warmup, "Untimed runs first")->check(CLI::Range(0, 100));
  bench->add_option("--threads", bench_args.threads,
                    "Worker threads, or a list such as 1,2,4,8,16 for speed-up and efficiency; 0 uses all")
      ->delimiter(',')
      ->check(CLI::Range(0, 1024));
  bench->add_option("--persons", bench_args.persons,
                    "Scale the scenario's towns (and what feeds them) to this many residents")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{200'000'000}));
  bench->add_option("--bandwidth", bench_args.bandwidth_gbs,
                    "The machine's memory bandwidth in GB/s, to say how far each stage is from it (default 45)")
      ->check(CLI::PositiveNumber);
  bench->add_option("--json", bench_args.json, "Also write the figures to this JSON file (for scripts/bench_compare.py)");

  app::ScoreArgs score_args;
  auto* score = app.add_subcommand("score", "Run a scenario's replicates and score them against documented facts "
                                            "(an observations file)");
  score->add_option("scenario", score_args.scenario, "Scenario file (YAML)")->required();
  score->add_option("--observations", score_args.observations, "Observations file (YAML; see docs/validation.md)")
      ->required();
  score->add_option("--replicates", score_args.replicates, "Runs with the same seed and run numbers 0, 1, ... (default 20)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  score->add_option("--policy", score_args.policy, "Apply the named overlay from the scenario's policies block");
  score->add_option("--seed", score_args.seed, "Seed of the random numbers (default: the scenario's)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{9007199254740991}));
  score->add_option("--json", score_args.json, "Also write the scores, with every replicate's value, to this JSON file");
  score->add_option("-o,--output", score_args.output, "Also write the runs to this HDF5 file");
  add_set_option(score, score_args.sets);
  add_parameters_option(score, score_args.parameters);
  score->add_option("--threads", score_args.threads, "Worker threads; 0 uses all (results do not depend on it)")
      ->check(CLI::Range(0, 1024));

  rebellion::RebellionArgs rebellion_args;
  rebellion::RebellionParams& cv = rebellion_args.params;
  auto* rebellion_cmd = app.add_subcommand(
      "rebellion", "Epstein's civil-violence model with Mesa's rules: counts per step, or --bench for agent-steps/s");
  rebellion_cmd->add_option("--width", cv.width, "Grid width in cells (torus; default 100)")->check(CLI::Range(3, 65535));
  rebellion_cmd->add_option("--height", cv.height, "Grid height in cells (default 100)")->check(CLI::Range(3, 65535));
  rebellion_cmd->add_option("--steps", cv.steps, "Steps per run (default 100)")->check(CLI::Range(0, 10000000));
  rebellion_cmd->add_option("--seed", cv.seed, "Seed of the random numbers (default 1)");
  rebellion_cmd->add_option("--runs", rebellion_args.runs, "Replicates: run numbers 0, 1, ... (default 1)")
      ->check(CLI::Range(1, 100000));
  rebellion_cmd->add_option("--legitimacy", cv.legitimacy, "Regime legitimacy L (default 0.8)")->check(CLI::Range(0.0, 1.0));
  rebellion_cmd->add_option("--cop-density", cv.cop_density, "Chance a cell starts with a cop (default 0.074)")
      ->check(CLI::Range(0.0, 1.0));
  rebellion_cmd->add_option("--citizen-density", cv.citizen_density, "Chance a cell starts with a citizen (default 0.7)")
      ->check(CLI::Range(0.0, 1.0));
  rebellion_cmd->add_option("--max-jail-term", cv.max_jail_term, "Longest jail term in steps (default 1000)")
      ->check(CLI::Range(0, 1 << 30));
  rebellion_cmd->add_option("--vision", cv.vision, "Neighbourhood radius, Manhattan distance (default 7)")
      ->check(CLI::Range(1, 14));
  rebellion_cmd->add_option("--threshold", cv.active_threshold, "Activation threshold T (default 0.1)");
  rebellion_cmd->add_option("--arrest-constant", cv.arrest_prob_constant, "k in P = 1 - exp(-k round(C/A)) (default 2.3)");
  rebellion_cmd->add_flag("--movement,!--no-movement", cv.movement, "Agents move (default) or stay put");
  rebellion_cmd->add_flag("--csv", rebellion_args.csv, "Print every step of every run as CSV: run,step,active,quiet,jailed");
  rebellion_cmd->add_flag("--bench", rebellion_args.bench, "Measure agent-steps per second (one thread) instead");
  rebellion_cmd->add_option("--repetitions", rebellion_args.repetitions, "Timed runs in --bench; the median is reported (default 5)")
      ->check(CLI::Range(1, 1000));
  rebellion_cmd->add_option("--warmup", rebellion_args.warmup, "Untimed runs first in --bench (default 1)")
      ->check(CLI::Range(0, 100));
  rebellion_cmd->add_option("--threads", rebellion_args.threads, "Worker threads for --runs; 0 uses all (results do not depend on it)")
      ->check(CLI::Range(0, 1024));

  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const auto* sub : app.get_subcommands({})) known = known || sub->get_name() == argv[1];
    if (!known) {
      std::fprintf(stderr, "siege: unknown command '%s' (commands: run, compare, sweep, merge, calibrate, validate, schema, info, bench, score, rebellion)\n"
                           "Run 'siege --help' for usage.\n", argv[1]);
      return kBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::fprintf(stderr, "siege: %s\nRun 'siege --help' or 'siege <command> --help' for usage.\n",
                 printable(e.what()).c_str());
    return kBadInput;
  }

  watch_for_interrupts();
  try {
    if (*run) {
      run_args.replicates_given = run->count("--replicates") > 0;
      return app::run_command(run_args);
    }
    if (*compare) return app::compare_command(compare_args);
    if (*sweep) return app::sweep_command(sweep_args);
    if (*merge) return app::merge_command(merge_args);
    if (*calibrate) return app::calibrate_command(calibrate_args);
    if (*validate) return app::validate_command(validate_files);
    if (*schema) return app::schema_command(schema_args);
    if (*info) return info_variables ? app::variables_command() : app::info_command(info_file);
    if (*bench) return app::bench_command(bench_args);
    if (*score) return app::score_command(score_args);
    if (*rebellion_cmd) return rebellion::rebellion_command(rebellion_args);
  } catch (const InputError& e) {
    // Messages quote input files, which may hold any bytes.
    std::fprintf(stderr, "%s\n", printable(e.what()).c_str());
    return kBadInput;
  } catch (const Interrupted& e) {
    std::fprintf(stderr, "siege: %s\n", e.what());
    return 128 + e.signal();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "siege: error: %s\n", printable(e.what()).c_str());
    return 1;
  }
  return kBadInput;
}
