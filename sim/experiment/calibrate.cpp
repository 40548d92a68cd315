#include "experiment/calibrate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "core/statistics.hpp"
#include "core/version.hpp"
#include "experiment/design.hpp"
#include "experiment/emulator.hpp"
#include "experiment/simulation.hpp"
#include "observe/hdf5.hpp"
#include "observe/recorder.hpp"

namespace siege {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// A fact's value that is infinite in a run (a ratio over none) counts as this many times the
/// documented range's largest end: far outside it, and finite for the emulator.
constexpr double kInfiniteAs = 10.0;

/// One documented fact as the implausibility measure needs it.
struct Target {
  std::size_t target = 0, fact = 0;
  double z = 0.0;              ///< the middle of the documented range
  double v_observation = 0.0;  ///< (range / 4)^2: the range read as a 95 % interval
  double v_discrepancy = 0.0;
  double cap = 0.0;       ///< what an infinite value counts as
  bool excluded = false;  ///< measured and reported, but no part of the implausibility
};

std::vector<Target> targets_of(const CalibrationDef& def, const std::vector<CalibrationTarget>& targets) {
  std::vector<Target> out;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    for (std::size_t f = 0; f < targets[t].observations.facts.size(); ++f) {
      const FactDef& fact = targets[t].observations.facts[f];
      Target o{t, f};
      o.z = 0.5 * (fact.low + fact.high);
      const double half_width = 0.5 * (fact.high - fact.low);
      o.v_observation = std::pow(half_width / 2.0, 2);
      o.v_discrepancy = std::pow(def.discrepancy_share * std::max(std::abs(o.z), half_width), 2);
      o.cap = kInfiniteAs * std::max({std::abs(fact.low), std::abs(fact.high), 1.0});
      const std::string name = targets[t].observations.name + ": " + fact.id;
      o.excluded = std::any_of(def.excluded_facts.begin(), def.excluded_facts.end(),
                               [&](const ExcludedFactDef& e) { return e.fact == name; });
      out.push_back(o);
    }
  }
  return out;
}

/// The implausibility that decides a point: the (allowed + 1)-th largest of its facts'.
double deciding(std::vector<double> implausibilities, std::size_t allowed) {
  if (allowed >= implausibilities.size()) return 0.0;
  std::nth_element(implausibilities.begin(), implausibilities.begin() + static_cast<std::ptrdiff_t>(allowed),
                   implausibilities.end(), std::greater<>());
  return implausibilities[allowed];
}

double implausibility(const Target& t, double expected, double variance) {
  const double total = t.v_observation + t.v_discrepancy + variance;
  if (total <= 0.0) return expected == t.z ? 0.0 : std::numeric_limits<double>::infinity();
  return std::abs(t.z - expected) / std::sqrt(total);
}

/// A wave's points: unit-cube coordinates (as run, after rounding) and values.
struct WavePoints {
  Eigen::MatrixXd unit, values;
};

WavePoints points_from_unit(const CalibrationDef& def, const Eigen::MatrixXd& unit) {
  WavePoints w{unit, unit};
  for (Eigen::Index j = 0; j < unit.cols(); ++j) {
    const SweepParameterDef& p = def.parameters[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
      double v = p.min + unit(i, j) * (p.max - p.min);
      if (p.integer) v = std::clamp(std::round(v), p.min, p.max);
      w.values(i, j) = v;
      w.unit(i, j) = (v - p.min) / (p.max - p.min);
    }
  }
  return w;
}

/// What a wave measured: each fact's mean and variance over replicates at each point (NaN where a
/// run failed), and the wave's emulators.
struct WaveResult {
  WavePoints points;
  Eigen::MatrixXd mean, variance;                  ///< points x facts
  std::vector<std::optional<Emulator>> emulators;  ///< per fact; none where too few points finished
  /// Per fact: of the log of single runs' variance, which differs across the parameter space
  /// (Andrianakis et al. 2015 emulate it too); none where too few points finished.
  std::vector<std::optional<Emulator>> variance_emulators;
  std::vector<double> variance_floor;  ///< per fact: added before the log, so that no variance is 0
  double nonimplausible_share = 1.0;

  /// Single runs' variance of fact f at each row of `x`.
  Eigen::VectorXd stochastic_variance(std::size_t f, const Eigen::MatrixXd& x) const {
    return (variance_emulators[f]->predict(x).mean.array().exp() - variance_floor[f]).cwiseMax(0.0);
  }
};

/// Candidates (rows of `unit`) that every wave's emulators keep.
std::vector<Eigen::Index> screen(const Eigen::MatrixXd& unit, const std::vector<WaveResult>& waves,
                                 const std::vector<Target>& facts, const CalibrationDef& def) {
  std::vector<Eigen::Index> kept(static_cast<std::size_t>(unit.rows()));
  std::iota(kept.begin(), kept.end(), Eigen::Index{0});
  const auto allowed = static_cast<std::size_t>(def.facts_allowed_above_cutoff);
  for (const WaveResult& wave : waves) {
    if (kept.empty()) break;
    const Eigen::MatrixXd x = unit(kept, Eigen::all);
    std::vector<std::vector<double>> rows(kept.size());
    for (std::size_t f = 0; f < facts.size(); ++f) {
      if (!wave.emulators[f] || facts[f].excluded) continue;
      const Emulator::Prediction p = wave.emulators[f]->predict(x);
      const Eigen::VectorXd stochastic = wave.stochastic_variance(f, x);
      for (std::size_t i = 0; i < kept.size(); ++i) {
        const auto at = static_cast<Eigen::Index>(i);
        rows[i].push_back(implausibility(facts[f], p.mean(at), p.variance(at) + stochastic(at)));
      }
    }
    std::vector<Eigen::Index> still;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      if (deciding(rows[i], allowed) <= def.cutoff) still.push_back(kept[i]);
    }
    kept = std::move(still);
  }
  return kept;
}

/// The prior's candidates for wave `w`: uniform points keyed by the calibration's seed and the wave.
Eigen::MatrixXd candidates(const CalibrationDef& def, std::size_t w) {
  const auto k = static_cast<Eigen::Index>(def.parameters.size());
  const auto m = static_cast<Eigen::Index>(def.candidates);
  Eigen::MatrixXd unit(m, k);
  for (Eigen::Index i = 0; i < m; ++i) {
    rng::Draws draws(rng::RunKey{static_cast<std::uint64_t>(def.seed), 0}, rng::Stream::kCalibration, w,
                     static_cast<std::uint64_t>(i));
    for (Eigen::Index j = 0; j < k; ++j) unit(i, j) = draws.uniform();
  }
  return unit;
}

std::string manifest_name(const std::string& output, std::size_t w, const Shard& shard) {
  return shard.count > 1
             ? fmt::format("{}.wave{}.shard{}of{}.manifest", output, w + 1, shard.index, shard.count)
             : fmt::format("{}.wave{}.manifest", output, w + 1);
}

/// Every manifest of wave `w` beside the output: the slices' of any shard count, and the whole's.
std::vector<std::string> wave_manifests(const std::string& output, std::size_t w) {
  const fs::path target(output);
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string prefix = fmt::format("{}.wave{}.", target.filename().string(), w + 1);
  std::vector<std::string> out;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && name.ends_with(".manifest"))
      out.push_back((target.parent_path() / name).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The facts of one target measured in one run at one point.
std::vector<double> measure_run(const CalibrationTargetDef& def, const CalibrationTarget& target,
                                const std::vector<scenario::Override>& overrides, std::size_t replicate,
                                std::size_t values) {
  auto scenario = std::make_shared<const Scenario>(
      scenario::load_text(def.scenario_text, def.scenario_path, "", overrides));
  observe::Recorder recorder;
  Simulation simulation(scenario, replicate);
  simulation.add_observer(recorder);
  simulation.run();
  std::vector<double> out(values, 0.0);
  for (std::size_t f = 0; f < target.observations.facts.size(); ++f) {
    out[f] = measure_fact(target.observations.facts[f], *scenario, recorder.record());
  }
  return out;
}

std::vector<scenario::Override> overrides_of(const CalibrationDef& def, const Eigen::MatrixXd& values,
                                             Eigen::Index point) {
  std::vector<scenario::Override> out;
  for (std::size_t j = 0; j < def.parameters.size(); ++j) {
    const SweepParameterDef& p = def.parameters[j];
    out.push_back(scenario::Override::number(p.key, values(point, static_cast<Eigen::Index>(j)), p.integer));
  }
  return out;
}

/// Fits each fact's emulators, of the mean and of the log variance, to the wave's points that
/// finished (at least k + 2 of them).
void fit_emulators(WaveResult& wave, const std::vector<Target>& facts, int threads) {
  const std::size_t k = static_cast<std::size_t>(wave.points.unit.cols());
  wave.emulators.assign(facts.size(), std::nullopt);
  wave.variance_emulators.assign(facts.size(), std::nullopt);
  wave.variance_floor.assign(facts.size(), 0.0);
  Threads(threads).run([&] {
    for_each_index(facts.size(), [&](std::size_t f) {
      const auto column = static_cast<Eigen::Index>(f);
      std::vector<Eigen::Index> rows;
      for (Eigen::Index i = 0; i < wave.mean.rows(); ++i) {
        if (std::isfinite(wave.mean(i, column))) rows.push_back(i);
      }
      if (rows.size() < k + 2 || facts[f].excluded) return;
      const Eigen::MatrixXd x = wave.points.unit(rows, Eigen::all);
      wave.emulators[f] = Emulator::fit(x, wave.mean(rows, column));
      // A variance of 0 (every replicate alike) is a log of minus infinity: a floor of a thousandth
      // of the documented value's own variance keeps it finite without weighing on the cut-off.
      wave.variance_floor[f] = 1e-3 * (facts[f].v_observation + facts[f].v_discrepancy) + 1e-12;
      wave.variance_emulators[f] =
          Emulator::fit(x, (wave.variance(rows, column).array() + wave.variance_floor[f]).log().matrix());
    });
  });
}

}  // namespace

namespace {

/// The next wave's points: the first wave fills the prior's box with a Latin hypercube (Andrianakis
/// et al. 2015 use a maximin one); a later one takes the first candidates that every earlier wave
/// keeps. None when no candidate is left (`stopped` says so).
std::optional<WavePoints> next_points(const CalibrationDef& def, const std::vector<Target>& facts,
                                      const std::vector<WaveResult>& waves, double& share,
                                      std::string& stopped) {
  const std::size_t w = waves.size();
  share = 1.0;
  if (w == 0) {
    return points_from_unit(
        def, design_points(Design::kLatinHypercube, def.parameters.size(), def.points_per_wave, def.seed));
  }
  const Eigen::MatrixXd unit = candidates(def, w);
  const std::vector<Eigen::Index> kept = screen(unit, waves, facts, def);
  share = static_cast<double>(kept.size()) / static_cast<double>(unit.rows());
  if (kept.empty()) {
    stopped = fmt::format(
        "no candidate of wave {} is left by the earlier waves' emulators: every point of the prior is "
        "implausible for more than {} fact(s) at a cut-off of {}",
        w + 1, def.facts_allowed_above_cutoff, def.cutoff);
    return std::nullopt;
  }
  const std::size_t take = std::min(kept.size(), static_cast<std::size_t>(def.points_per_wave));
  const std::vector<Eigen::Index> chosen(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(take));
  return points_from_unit(def, unit(chosen, Eigen::all));
}

/// The wave's runs, numbered point by point, then target, then replicate; each run's identity is
/// its target's texts, the point's values, the replicate and the program. `ran` counts the runs made.
ResumableRuns wave_runs(const CalibrationDef& def, const std::vector<CalibrationTarget>& targets,
                        const WavePoints& points, std::size_t values, std::atomic<std::size_t>& ran) {
  const std::size_t n_targets = targets.size(), replicates = static_cast<std::size_t>(def.replicates);
  ResumableRuns runs;
  runs.values = values;
  const std::string program = "\nprogram " + std::string(git_commit());
  for (Eigen::Index i = 0; i < points.values.rows(); ++i) {
    std::string point;
    for (const auto& o : overrides_of(def, points.values, i)) point += "\n# calibrate: " + o.text();
    for (std::size_t t = 0; t < n_targets; ++t) {
      for (std::size_t r = 0; r < replicates; ++r) {
        runs.ids.push_back(hash_hex(def.targets[t].scenario_text + def.targets[t].observations_text + point +
                                    "\nreplicate " + std::to_string(r) + program));
      }
    }
  }
  runs.run = [&def, &targets, &points, &ran, n_targets, replicates, values](std::size_t index) {
    ++ran;
    const std::size_t r = index % replicates, t = (index / replicates) % n_targets;
    const auto i = static_cast<Eigen::Index>(index / replicates / n_targets);
    return measure_run(def.targets[t], targets[t], overrides_of(def, points.values, i), r, values);
  };
  return runs;
}

/// Each fact's mean and variance over replicates at each point of the wave (NaN where a run failed).
void measure_wave(WaveResult& wave, const std::map<std::size_t, FinishedRun>& done,
                  const std::vector<Target>& facts, std::size_t n_targets, std::size_t replicates) {
  const Eigen::Index points = wave.points.values.rows();
  wave.mean = Eigen::MatrixXd::Constant(points, static_cast<Eigen::Index>(facts.size()), kNaN);
  wave.variance = wave.mean;
  for (Eigen::Index i = 0; i < points; ++i) {
    for (std::size_t f = 0; f < facts.size(); ++f) {
      std::vector<double> sample;
      for (std::size_t r = 0; r < replicates; ++r) {
        const std::size_t run = (static_cast<std::size_t>(i) * n_targets + facts[f].target) * replicates + r;
        const double v = done.at(run).values[facts[f].fact];
        sample.push_back(std::isinf(v) ? std::copysign(facts[f].cap, v) : v);
      }
      double mean = 0.0, squares = 0.0;
      for (double v : sample) mean += v / static_cast<double>(replicates);
      for (double v : sample) squares += (v - mean) * (v - mean);
      wave.mean(i, static_cast<Eigen::Index>(f)) = mean;
      wave.variance(i, static_cast<Eigen::Index>(f)) = squares / static_cast<double>(replicates - 1);
    }
  }
}

/// What the calibration was, before any point: its texts, parameters and facts.
CalibrationResult describe(const CalibrationDef& def, const std::vector<CalibrationTarget>& targets,
                           const std::vector<Target>& facts) {
  CalibrationResult out;
  out.calibration_yaml = def.source_text;
  out.calibration_file = def.source_file;
  for (const auto& t : def.targets) {
    out.target_scenarios.push_back(t.scenario_path);
    out.target_scenario_yaml.push_back(t.scenario_text);
    out.target_observations_yaml.push_back(t.observations_text);
  }
  for (const auto& p : def.parameters) {
    out.parameters.push_back(p.key);
    out.prior_min.push_back(p.min);
    out.prior_max.push_back(p.max);
    out.integer.push_back(p.integer);
  }
  for (const Target& f : facts) {
    const FactDef& fact = targets[f.target].observations.facts[f.fact];
    out.facts.push_back(targets[f.target].observations.name + ": " + fact.id);
    out.fact_target.push_back(static_cast<std::int32_t>(f.target));
    out.fact_low.push_back(fact.low);
    out.fact_high.push_back(fact.high);
    out.fact_excluded.push_back(f.excluded);
  }
  out.replicates = def.replicates;
  out.seed = def.seed;
  out.cutoff = def.cutoff;
  return out;
}

/// Adds a wave's summary and its points, each judged by its own runs, to the result.
void add_wave(CalibrationResult& out, const WaveResult& wave, std::size_t w, const std::vector<Target>& facts,
              const CalibrationDef& def) {
  const auto replicates = static_cast<double>(def.replicates);
  const auto allowed = static_cast<std::size_t>(def.facts_allowed_above_cutoff);
  std::vector<double> within, ratio;
  for (const auto& e : wave.emulators) {
    if (!e) continue;
    within.push_back(e->loo_within_3sd());
    ratio.push_back(e->linear_loo_rmse() > 0.0 ? e->loo_rmse() / e->linear_loo_rmse() : 1.0);
  }
  out.wave_nonimplausible_share.push_back(wave.nonimplausible_share);
  out.wave_points.push_back(static_cast<std::int32_t>(wave.points.values.rows()));
  out.wave_loo_within_3sd.push_back(within.empty() ? kNaN : median(within));
  out.wave_loo_rmse_ratio.push_back(ratio.empty() ? kNaN : median(ratio));
  for (Eigen::Index i = 0; i < wave.points.values.rows(); ++i) {
    out.wave.push_back(static_cast<std::int32_t>(w + 1));
    for (Eigen::Index j = 0; j < wave.points.values.cols(); ++j)
      out.values.push_back(wave.points.values(i, j));
    std::vector<double> each;
    std::int32_t matched = 0;
    bool finished = true;
    for (std::size_t f = 0; f < facts.size(); ++f) {
      const auto column = static_cast<Eigen::Index>(f);
      const double mean = wave.mean(i, column), variance = wave.variance(i, column);
      out.fact_mean.push_back(mean);
      out.fact_sd.push_back(std::sqrt(variance));
      finished = finished && std::isfinite(mean);
      matched += mean >= out.fact_low[f] && mean <= out.fact_high[f];
      if (facts[f].excluded) continue;
      // A point's own runs: the noise of their mean and of the one history that happened.
      const double stochastic =
          wave.variance_emulators[f] ? wave.stochastic_variance(f, wave.points.unit.row(i))(0) : variance;
      each.push_back(implausibility(facts[f], mean, stochastic * (1.0 + 1.0 / replicates)));
    }
    const double decisive = finished ? deciding(each, allowed) : kNaN;
    out.implausibility.push_back(decisive);
    out.max_implausibility.push_back(finished && !each.empty() ? *std::max_element(each.begin(), each.end())
                                                               : kNaN);
    out.facts_matched.push_back(matched);
    out.accepted.push_back(finished && decisive <= def.cutoff);
  }
}

}  // namespace

std::optional<CalibrationResult> run_calibration(const CalibrationDef& def,
                                                 const CalibrationOptions& options) {
  const std::vector<CalibrationTarget> targets = scenario::calibration_targets(def);
  const std::vector<Target> facts = targets_of(def, targets);
  const std::size_t n_targets = targets.size(), replicates = static_cast<std::size_t>(def.replicates);
  std::size_t values = 0;
  for (const auto& t : targets) values = std::max(values, t.observations.facts.size());
  const auto say = [&](const std::string& line) {
    if (options.say) options.say(line);
  };
  std::vector<WaveResult> waves;
  std::string stopped;
  for (std::size_t w = 0; w < static_cast<std::size_t>(def.waves); ++w) {
    WaveResult wave;
    const auto points = next_points(def, facts, waves, wave.nonimplausible_share, stopped);
    if (!points) break;
    wave.points = *points;
    std::atomic<std::size_t> ran = 0;
    const ResumableRuns runs = wave_runs(def, targets, wave.points, values, ran);
    const std::string manifest = manifest_name(options.output, w, options.shard);
    std::vector<std::string> others;
    for (const auto& m : wave_manifests(options.output, w)) {
      if (m != manifest) others.push_back(m);
    }
    ResumableOptions run_options{manifest, others, options.shard, options.threads, {}};
    if (options.progress) {
      run_options.progress = [&](std::size_t done, std::size_t total) { options.progress(w, done, total); };
    }
    const auto done = run_resumable(runs, run_options);
    // A slice stops once it has run its part of a wave: the next wave needs every slice's runs.
    if (done.size() < runs.ids.size() || (options.shard.count > 1 && ran > 0)) {
      say(fmt::format(
          "wave {}: {} of its {} runs are done, slice {} of {} among them. {}", w + 1, done.size(),
          runs.ids.size(), options.shard.index, options.shard.count,
          done.size() < runs.ids.size()
              ? "Run the other slices, then this command again for the next wave."
              : "The wave is complete: run this command again for the next wave, or without --shard "
                "once all waves are done to write the calibration file."));
      return std::nullopt;
    }
    measure_wave(wave, done, facts, n_targets, replicates);
    fit_emulators(wave, facts, options.threads);
    say(fmt::format(
        "wave {}: {} points x {} targets x {} replicates; non-implausible share of the prior before "
        "it: {:.4f}",
        w + 1, wave.points.values.rows(), n_targets, replicates, wave.nonimplausible_share));
    waves.push_back(std::move(wave));
  }
  CalibrationResult out = describe(def, targets, facts);
  out.stopped = stopped;
  for (std::size_t w = 0; w < waves.size(); ++w) add_wave(out, waves[w], w, facts, def);
  if (stopped.empty()) {
    const Eigen::MatrixXd unit = candidates(def, waves.size());
    out.final_nonimplausible_share =
        static_cast<double>(screen(unit, waves, facts, def).size()) / static_cast<double>(unit.rows());
  }
  return out;
}

void write_calibration(const std::string& path, const CalibrationResult& r) {
  h5::write_file_atomically(path, [&](hid_t file) {
    h5::write_attribute(file, "Conventions", "CF-1.8");
    h5::write_attribute(file, "title", fmt::format("siege calibration {}", r.calibration_file));
    h5::write_attribute(
        file, "comment",
        "History matching of an agent-based model to documented facts: every parameter point run, "
        "its facts' values over replicates, its implausibility, and whether it is accepted (not "
        "ruled out). Exploratory, under stated assumptions; not a forecast.");
    h5::write_attribute(file, "siege_version", program_version());
    h5::write_attribute(file, "git_commit", git_commit());
    h5::write_attribute(file, "kind", "calibration");
    h5::write_attribute(file, "method", "history_matching");
    h5::write_attribute(file, "calibration_yaml", r.calibration_yaml);
    h5::write_attribute(file, "calibration_file", r.calibration_file);
    h5::write_attribute(file, "seed", r.seed);
    h5::write_attribute(file, "replicates", r.replicates);
    h5::write_attribute(file, "cutoff", r.cutoff);
    h5::write_attribute(file, "final_nonimplausible_share", r.final_nonimplausible_share);
    h5::write_attribute(file, "stopped", r.stopped);
    h5::write_attribute(file, "policy", "baseline");

    const std::size_t n = r.points(), k = r.parameters.size(), facts = r.facts.size();
    const h5::Hid point = h5::write_vector(file, "point", h5::iota(n), "parameter point run", "1");
    const h5::Hid parameter =
        h5::write_vector(file, "parameter", r.parameters, "key path of a fitted parameter", "1");
    const h5::Hid fact = h5::write_vector(file, "fact", r.facts, "documented fact (case: id)", "1");
    const h5::Hid target = h5::write_vector(file, "target", r.target_scenarios, "history scenario", "1");
    const h5::Hid wave =
        h5::write_vector(file, "wave", h5::iota(r.wave_points.size()), "wave of runs (0: the first)", "1");
    h5::write_vector(file, "target_scenario_yaml", r.target_scenario_yaml, "the scenario's text", "1",
                     target);
    h5::write_vector(file, "target_observations_yaml", r.target_observations_yaml,
                     "its observations file's text", "1", target);
    h5::write_vector(file, "prior_min", r.prior_min, "lowest value of the uniform prior", "1", parameter);
    h5::write_vector(file, "prior_max", r.prior_max, "highest value of the uniform prior", "1", parameter);
    h5::write_vector(file, "parameter_integer", std::vector<std::int32_t>(r.integer.begin(), r.integer.end()),
                     "1 if the parameter takes whole numbers", "1", parameter);
    h5::write_vector(file, "fact_target", r.fact_target, "the target the fact belongs to", "1", fact);
    h5::write_vector(file, "fact_low", r.fact_low, "lowest value the sources allow", "1", fact);
    h5::write_vector(file, "fact_high", r.fact_high, "highest value the sources allow", "1", fact);
    h5::write_vector(
        file, "fact_excluded", std::vector<std::int32_t>(r.fact_excluded.begin(), r.fact_excluded.end()),
        "1 if the fact is left out of the implausibility (excluded_facts of the calibration file)", "1",
        fact);
    h5::write_vector(file, "point_wave", std::vector<std::int32_t>(r.wave.begin(), r.wave.end()),
                     "wave the point was run in (1: the first)", "1", point);
    h5::write_matrix(file, "value", r.values, n, k, std::array<hid_t, 2>{point, parameter},
                     "value of the parameter at the point", "1");
    const std::array<hid_t, 2> by_fact = {point, fact};
    h5::write_matrix(file, "fact_mean", r.fact_mean, n, facts, by_fact,
                     "the fact's value, mean over the point's replicates (NaN if a run failed)", "1");
    h5::write_matrix(file, "fact_sd", r.fact_sd, n, facts, by_fact,
                     "the fact's standard deviation over the point's replicates", "1");
    h5::write_vector(
        file, "implausibility", r.implausibility,
        "deciding implausibility of the point's own runs (the largest but facts_allowed_above_cutoff)", "1",
        point);
    h5::write_vector(file, "max_implausibility", r.max_implausibility, "largest implausibility of any fact",
                     "1", point);
    h5::write_vector(file, "facts_matched", r.facts_matched,
                     "facts whose mean over the point's replicates lies inside the documented range", "1",
                     point);
    const h5::Hid accepted =
        h5::write_vector(file, "accepted", std::vector<std::int32_t>(r.accepted.begin(), r.accepted.end()),
                         "1 if the point is not ruled out (deciding implausibility <= cutoff)", "1", point);
    h5::write_attribute(accepted, "flag_values", h5::iota(2));
    h5::write_attribute(accepted, "flag_meanings", "ruled_out accepted");
    h5::write_vector(file, "wave_points", r.wave_points, "points run in the wave", "1", wave);
    h5::write_vector(file, "wave_nonimplausible_share", r.wave_nonimplausible_share,
                     "share of the prior not ruled out by the earlier waves, before the wave", "1", wave);
    h5::write_vector(file, "wave_emulator_loo_within_3sd", r.wave_loo_within_3sd,
                     "share of leave-one-out predictions within 3 sd (median over the wave's emulators)", "1",
                     wave);
    h5::write_vector(file, "wave_emulator_loo_rmse_ratio", r.wave_loo_rmse_ratio,
                     "leave-one-out RMSE of the Gaussian process over that of the linear mean alone (median)",
                     "1", wave);
  });
}

std::string format_calibration(const CalibrationResult& r) {
  const auto excluded =
      static_cast<std::size_t>(std::count(r.fact_excluded.begin(), r.fact_excluded.end(), 1));
  std::string out = fmt::format(
      "siege {} calibration ({}): history matching, {} parameters, {} facts in {} targets{}\n",
      program_version(), r.calibration_file, r.parameters.size(), r.facts.size(), r.target_scenarios.size(),
      excluded ? fmt::format(" ({} of them excluded from the implausibility)", excluded) : std::string());
  out += "  wave  points  non-implausible share before  emulator LOO within 3 sd  LOO RMSE GP / linear\n";
  for (std::size_t w = 0; w < r.wave_points.size(); ++w) {
    out += fmt::format("  {:>4}  {:>6}  {:>28.4f}  {:>24.2f}  {:>20.2f}\n", w + 1, r.wave_points[w],
                       r.wave_nonimplausible_share[w], r.wave_loo_within_3sd[w], r.wave_loo_rmse_ratio[w]);
  }
  if (!r.stopped.empty())
    out += "  stopped early: " + r.stopped + "\n";
  else
    out += fmt::format("  non-implausible share of the prior after the last wave: {:.4f}\n",
                       r.final_nonimplausible_share);
  std::vector<std::size_t> accepted;
  for (std::size_t i = 0; i < r.points(); ++i) {
    if (r.accepted[i]) accepted.push_back(i);
  }
  const std::size_t k = r.parameters.size();
  out += fmt::format("  accepted points: {} of {} (cut-off {})\n", accepted.size(), r.points(), r.cutoff);
  if (!accepted.empty()) {
    out += fmt::format("  {:<56} {:>12} {:>12} {:>12}   prior\n", "parameter", "5 %", "median", "95 %");
    for (std::size_t j = 0; j < k; ++j) {
      std::vector<double> v;
      for (std::size_t i : accepted) v.push_back(r.values[i * k + j]);
      std::sort(v.begin(), v.end());
      out +=
          fmt::format("  {:<56} {:>12.4g} {:>12.4g} {:>12.4g}   [{:.4g}, {:.4g}]\n", r.parameters[j],
                      quantile(v, 0.05), quantile(v, 0.5), quantile(v, 0.95), r.prior_min[j], r.prior_max[j]);
    }
  }
  // The point that matches most facts, the deciding implausibility breaking ties.
  std::size_t best = r.points();
  for (std::size_t i = 0; i < r.points(); ++i) {
    if (!std::isfinite(r.implausibility[i])) continue;
    if (best == r.points() || r.facts_matched[i] > r.facts_matched[best] ||
        (r.facts_matched[i] == r.facts_matched[best] && r.implausibility[i] < r.implausibility[best])) {
      best = i;
    }
  }
  if (best < r.points()) {
    out += fmt::format(
        "  best point (wave {}): {} of {} facts matched by the mean of its runs, implausibility {:.2f}\n",
        r.wave[best], r.facts_matched[best], r.facts.size(), r.implausibility[best]);
    for (std::size_t j = 0; j < k; ++j)
      out += fmt::format("    --set {}={}\n", r.parameters[j], r.values[best * k + j]);
  }
  return out;
}

namespace {

h5::Hid open_calibration(const std::string& path) {
  h5::quiet_errors();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0)
    throw InputError::in_file(path, "cannot be opened as HDF5; give a file written by siege calibrate");
  h5::Hid file(id, H5Fclose, "open " + path);
  if (h5::read_string_attribute(file, "kind").value_or("") != "calibration") {
    throw InputError::in_file(path,
                              "is not a calibration file written by siege calibrate (no kind = calibration "
                              "attribute); give the file siege calibrate -o wrote");
  }
  return file;
}

template <class T>
std::vector<T> read_column(hid_t file, const char* name, std::size_t length) {
  std::vector<hsize_t> shape;
  const std::vector<double> v = h5::read_doubles(file, name, shape);
  if (v.size() != length)
    throw std::runtime_error(fmt::format("{} has {} values, not {}", name, v.size(), length));
  std::vector<T> out;
  for (double x : v) out.push_back(static_cast<T>(x));
  return out;
}

}  // namespace

CalibrationResult read_calibration(const std::string& path) {
  const h5::Hid file = open_calibration(path);
  CalibrationResult r;
  try {
    const auto text = [&](const char* name) { return h5::read_string_attribute(file, name).value_or(""); };
    r.calibration_yaml = text("calibration_yaml");
    r.calibration_file = text("calibration_file");
    r.stopped = text("stopped");
    r.seed = h5::read_int_attribute(file, "seed").value_or(0);
    r.replicates = h5::read_int_attribute(file, "replicates").value_or(0);
    r.cutoff = h5::read_double_attribute(file, "cutoff").value_or(0.0);
    r.final_nonimplausible_share =
        h5::read_double_attribute(file, "final_nonimplausible_share").value_or(0.0);
    r.parameters = h5::read_strings(file, "parameter");
    r.facts = h5::read_strings(file, "fact");
    r.target_scenarios = h5::read_strings(file, "target");
    r.target_scenario_yaml = h5::read_strings(file, "target_scenario_yaml");
    r.target_observations_yaml = h5::read_strings(file, "target_observations_yaml");
    const std::size_t k = r.parameters.size(), facts = r.facts.size();
    r.prior_min = read_column<double>(file, "prior_min", k);
    r.prior_max = read_column<double>(file, "prior_max", k);
    r.integer = read_column<std::uint8_t>(file, "parameter_integer", k);
    r.fact_target = read_column<std::int32_t>(file, "fact_target", facts);
    r.fact_low = read_column<double>(file, "fact_low", facts);
    r.fact_high = read_column<double>(file, "fact_high", facts);
    r.fact_excluded = read_column<std::uint8_t>(file, "fact_excluded", facts);
    r.wave = read_column<std::int32_t>(file, "point_wave", h5::shape_of(file, "point_wave").at(0));
    const std::size_t n = r.wave.size();
    r.values = read_column<double>(file, "value", n * k);
    r.fact_mean = read_column<double>(file, "fact_mean", n * facts);
    r.fact_sd = read_column<double>(file, "fact_sd", n * facts);
    r.implausibility = read_column<double>(file, "implausibility", n);
    r.max_implausibility = read_column<double>(file, "max_implausibility", n);
    r.facts_matched = read_column<std::int32_t>(file, "facts_matched", n);
    r.accepted = read_column<std::uint8_t>(file, "accepted", n);
    const std::size_t waves = h5::shape_of(file, "wave_points").at(0);
    r.wave_points = read_column<std::int32_t>(file, "wave_points", waves);
    r.wave_nonimplausible_share = read_column<double>(file, "wave_nonimplausible_share", waves);
    r.wave_loo_within_3sd = read_column<double>(file, "wave_emulator_loo_within_3sd", waves);
    r.wave_loo_rmse_ratio = read_column<double>(file, "wave_emulator_loo_rmse_ratio", waves);
  } catch (const std::exception& e) {
    throw InputError::in_file(
        path, fmt::format("a calibration file that cannot be read ({}); is it damaged?", e.what()));
  }
  return r;
}

ParameterSets read_parameter_sets(const std::string& path) {
  const CalibrationResult r = read_calibration(path);
  ParameterSets out;
  out.source = path;
  const std::size_t k = r.parameters.size();
  for (std::size_t i = 0; i < r.points(); ++i) {
    if (!r.accepted[i]) continue;
    std::vector<scenario::Override> set;
    for (std::size_t j = 0; j < k; ++j) {
      set.push_back(scenario::Override::number(r.parameters[j], r.values[i * k + j], r.integer[j] != 0));
    }
    out.sets.push_back(std::move(set));
  }
  if (out.sets.empty()) {
    throw InputError::in_file(path,
                              "accepts no parameter set (every point was ruled out); widen the priors, the "
                              "discrepancy or the cut-off and calibrate again");
  }
  return out;
}

}  // namespace siege
