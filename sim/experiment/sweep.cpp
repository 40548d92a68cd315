#include "experiment/sweep.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>

#include "core/errors.hpp"
#include "core/version.hpp"
#include "experiment/design.hpp"
#include "experiment/simulation.hpp"
#include "observe/hdf5.hpp"
#include "scenario/load.hpp"

namespace siege {
namespace {

std::string hex_float(double x) { return fmt::format("{:a}", x); }

/// The command line's values, then the point's sampled ones (which never name the same key).
std::vector<scenario::Override> overrides_at(const SweepPlan& plan, std::size_t point) {
  std::vector<scenario::Override> out = plan.def.sets;
  for (std::size_t j = 0; j < plan.def.parameters.size(); ++j) {
    const auto& p = plan.def.parameters[j];
    out.push_back(scenario::Override::number(
        p.key, plan.values(static_cast<Eigen::Index>(point), static_cast<Eigen::Index>(j)), p.integer));
  }
  return out;
}


/// One run of the plan: its outcomes, [metric][pocket]. A point whose scenario is invalid throws
/// InputError (the run fails for good, with NaN outcomes).
std::vector<double> run_one(const SweepPlan& plan, std::size_t index) {
  const SweepRun& run = plan.runs[index];
  auto scenario = std::make_shared<const Scenario>(scenario::load_text(
      plan.def.scenario_text, plan.def.scenario_path, plan.def.arm_names[run.arm], overrides_at(plan, run.point)));
  observe::Recorder recorder;
  Simulation simulation(scenario, run.replicate);
  simulation.add_observer(recorder);
  simulation.run();
  std::vector<Metric> outcomes = outcome_metrics();
  for (Metric& m : outcomes) m.values.assign(plan.pockets.size(), 0.0);
  store_outcomes(outcomes, recorder.record(), plan.pockets.size(), 0);
  std::vector<double> values;
  for (const Metric& m : outcomes) values.insert(values.end(), m.values.begin(), m.values.end());
  return values;
}

SweepTable empty_table(const SweepPlan& plan) {
  SweepTable t;
  const SweepDef& d = plan.def;
  t.sweep_id = plan.sweep_id;
  t.sweep_yaml = d.source_text;
  t.sweep_file = d.source_file;
  t.scenario_yaml = d.scenario_text;
  t.scenario_file = d.scenario_path;
  for (const auto& o : d.sets) t.overrides.push_back(o.text());
  t.design = std::string(design_name(d.design));
  t.samples = d.samples;
  t.seed = d.seed;
  t.replicates = d.replicates;
  t.total_runs = plan.runs.size();
  t.points = static_cast<std::size_t>(plan.values.rows());
  t.arms = d.arm_names;
  for (const auto& p : d.parameters) t.parameters.push_back(p.key);
  t.pockets = plan.pockets;
  for (bool b : plan.besieged) t.besieged.push_back(b);
  t.outcomes = outcome_metrics();
  return t;
}

void add_row(SweepTable& t, const SweepPlan& plan, std::size_t run, const FinishedRun& f) {
  const SweepRun& r = plan.runs[run];
  t.run.push_back(static_cast<std::int64_t>(run));
  t.point.push_back(static_cast<std::int64_t>(r.point));
  t.arm.push_back(static_cast<std::int64_t>(r.arm));
  t.replicate.push_back(static_cast<std::int64_t>(r.replicate));
  t.id.push_back(r.id);
  t.error.push_back(f.error);
  for (Eigen::Index j = 0; j < plan.values.cols(); ++j) {
    t.parameter_values.push_back(plan.values(static_cast<Eigen::Index>(r.point), j));
  }
  const std::size_t pockets = t.pockets.size();
  for (std::size_t m = 0; m < t.outcomes.size(); ++m) {
    for (std::size_t p = 0; p < pockets; ++p) t.outcomes[m].values.push_back(f.values[m * pockets + p]);
  }
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == separator) {
      out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!text.empty()) out.push_back(current);
  return out;
}

std::string variable_name(const std::string& key) {
  std::string out = key;
  for (char& c : out) c = c == '/' ? '_' : c;
  return out;
}

}  // namespace

SweepPlan plan_sweep(SweepDef def) {
  SweepPlan plan;
  const std::size_t k = def.parameters.size();
  Eigen::MatrixXd unit;
  try {
    unit = design_points(def.design, k, def.samples, def.seed);
  } catch (const std::invalid_argument& e) {
    throw InputError::in_file(def.source_file, std::string(e.what()) + "; lower samples or use another design");
  }
  plan.values = unit;
  for (std::size_t j = 0; j < k; ++j) {
    const auto& p = def.parameters[j];
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
      double v = p.min + unit(i, static_cast<Eigen::Index>(j)) * (p.max - p.min);
      if (p.integer) v = std::round(v);
      plan.values(i, static_cast<Eigen::Index>(j)) = v;
    }
  }
  const auto arms = def.arm_names.size();
  const auto reps = static_cast<std::size_t>(def.replicates);
  // Values set on the command line change every run: they belong to each run's identity, and the sweep's.
  std::string sets;
  for (const auto& o : def.sets) sets += "\n# set: " + o.text();
  for (Eigen::Index i = 0; i < plan.values.rows(); ++i) {
    std::string resolved = def.scenario_text + sets;
    for (std::size_t j = 0; j < k; ++j) {
      resolved += "\n# sweep: " + def.parameters[j].key + " = " + hex_float(plan.values(i, static_cast<Eigen::Index>(j)));
    }
    for (std::size_t a = 0; a < arms; ++a) {
      for (std::size_t r = 0; r < reps; ++r) {
        plan.runs.push_back({static_cast<std::size_t>(i), a, r,
                             hash_hex(resolved + "\narm " + def.arm_names[a] + "\nreplicate " + std::to_string(r) +
                                      "\nprogram " + std::string(git_commit()))});
      }
    }
  }
  // The program belongs to a run's identity: a rebuilt siege may compute other numbers.
  plan.sweep_id = hash_hex(def.source_text + "\n" + def.scenario_text + sets + "\n" + std::string(git_commit()));
  const Scenario base = scenario::load_text(def.scenario_text, def.scenario_path);
  for (const auto& p : base.pockets) {
    plan.pockets.push_back(p.name);
    plan.besieged.push_back(p.conflict.has_value());
  }
  plan.def = std::move(def);
  return plan;
}

SweepTable run_sweep(const SweepPlan& plan, const SweepOptions& options) {
  ResumableRuns runs;
  for (const SweepRun& r : plan.runs) runs.ids.push_back(r.id);
  runs.values = outcome_metrics().size() * plan.pockets.size();
  runs.run = [&](std::size_t index) { return run_one(plan, index); };
  const auto done = run_resumable(
      runs, {options.output + ".manifest", {}, options.shard, options.threads, options.progress});
  SweepTable table = empty_table(plan);
  for (std::size_t index = options.shard.index; index < plan.runs.size(); index += options.shard.count) {
    add_row(table, plan, index, done.at(index));
  }
  write_sweep(options.output, table);
  return table;
}

void write_sweep(const std::string& path, const SweepTable& t) {
  h5::write_file_atomically(path, [&](hid_t file) {
    h5::write_attribute(file, "Conventions", "CF-1.8");
    h5::write_attribute(file, "title", fmt::format("siege sweep of scenario {}", t.scenario_file));
    h5::write_attribute(file, "comment",
                        "Exploratory output of an agent-based model under stated assumptions; not a forecast. One "
                        "row per run: sampled parameters, arm, replicate and whole-run outcomes per pocket.");
    h5::write_attribute(file, "siege_version", program_version());
    h5::write_attribute(file, "git_commit", git_commit());
    h5::write_attribute(file, "kind", "sweep");
    h5::write_attribute(file, "sweep_id", t.sweep_id);
    h5::write_attribute(file, "sweep_yaml", t.sweep_yaml);
    h5::write_attribute(file, "sweep_file", t.sweep_file);
    h5::write_attribute(file, "scenario_yaml", t.scenario_yaml);
    h5::write_attribute(file, "scenario_file", t.scenario_file);
    h5::write_attribute(file, "design", t.design);
    h5::write_attribute(file, "samples", t.samples);
    h5::write_attribute(file, "seed", t.seed);
    h5::write_attribute(file, "replicates", t.replicates);
    h5::write_attribute(file, "total_runs", static_cast<std::int64_t>(t.total_runs));
    h5::write_attribute(file, "points", static_cast<std::int64_t>(t.points));
    h5::write_attribute(file, "arms", join(t.arms, ","));
    h5::write_attribute(file, "parameters", join(t.parameters, "\n"));
    h5::write_attribute(file, "overrides", join(t.overrides, "\n"));
    h5::write_attribute(file, "policy", join(t.arms, ","));

    std::vector<std::int32_t> run(t.run.begin(), t.run.end());
    const h5::Hid run_scale = h5::write_vector(file, "run", run, "run number within the whole sweep", "1");
    const h5::Hid pocket_scale = h5::write_vector(file, "pocket", t.pockets, "besieged pocket", "1");
    h5::write_vector(file, "pocket_besieged", std::vector<std::int32_t>(t.besieged.begin(), t.besieged.end()),
                     "1 if the pocket has a conflict block", "1", pocket_scale);
    h5::write_vector(file, "point", std::vector<std::int32_t>(t.point.begin(), t.point.end()),
                     "design point of the run", "1", run_scale);
    const h5::Hid arm = h5::write_vector(file, "arm", std::vector<std::int32_t>(t.arm.begin(), t.arm.end()),
                                         "policy arm of the run", "1", run_scale);
    h5::write_attribute(arm, "flag_values", h5::iota(t.arms.size()));
    h5::write_attribute(arm, "flag_meanings", join(t.arms, " "));
    h5::write_vector(file, "replicate", std::vector<std::int32_t>(t.replicate.begin(), t.replicate.end()),
                     "replicate: the run number its random numbers are keyed by", "1", run_scale);
    h5::write_vector(file, "run_id", t.id, "hash of the resolved scenario, arm and replicate", "1", run_scale);
    h5::write_vector(file, "error", t.error, "why the run failed; empty for a run that finished", "1", run_scale);
    const std::size_t k = t.parameters.size();
    for (std::size_t j = 0; j < k; ++j) {
      std::vector<double> column;
      for (std::size_t r = 0; r < t.run.size(); ++r) column.push_back(t.parameter_values[r * k + j]);
      const h5::Hid v = h5::write_vector(file, variable_name(t.parameters[j]).c_str(), column,
                                         "sampled value of scenario parameter " + t.parameters[j], "1", run_scale);
      h5::write_attribute(v, "key_path", t.parameters[j]);
    }
    const std::array<hsize_t, 2> dims = {t.run.size(), t.pockets.size()};
    const std::array<hid_t, 2> scales = {run_scale, pocket_scale};
    for (const Metric& m : t.outcomes) {
      h5::Hid ds = h5::create_dataset(file, ("outcome_" + m.name).c_str(), H5T_NATIVE_DOUBLE, dims);
      if (!m.values.empty()) {
        const std::array<hsize_t, 2> zero = {0, 0};
        h5::write_block(ds, H5T_NATIVE_DOUBLE, m.values.data(), zero, dims);
      }
      h5::describe(ds, m.label + " (whole run; NaN if the run failed)", m.units);
      h5::attach(ds, scales);
    }
    if (t.complete() && !t.run.empty()) {
      const Sensitivity s = sensitivity(t);
      const h5::Hid group_properties(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create group properties");
      h5::check(H5Pset_obj_track_times(group_properties, false), "stop recording times");
      const h5::Hid group(H5Gcreate2(file, "sensitivity", H5P_DEFAULT, group_properties, H5P_DEFAULT), H5Gclose,
                          "create group sensitivity");
      h5::write_attribute(group, "method", s.method == "sobol"
                                               ? "Sobol indices (Saltelli sampling on a Sobol' sequence), with "
                                                 "bootstrap confidence intervals"
                                               : "standardized regression coefficients");
      const h5::Hid outcome_scale = h5::write_vector(group, "outcome", s.outcomes, "headline outcome", "1");
      const h5::Hid parameter_scale = h5::write_vector(group, "parameter", s.parameters, "sampled parameter", "1");
      const std::array<hsize_t, 2> sdims = {s.outcomes.size(), s.parameters.size()};
      const std::array<hid_t, 2> sscales = {outcome_scale, parameter_scale};
      const std::array<hsize_t, 2> zero = {0, 0};
      const auto write = [&](const char* name, const std::vector<double>& v, const char* long_name) {
        h5::Hid ds = h5::create_dataset(group, name, H5T_NATIVE_DOUBLE, sdims);
        if (!v.empty()) h5::write_block(ds, H5T_NATIVE_DOUBLE, v.data(), zero, sdims);
        h5::describe(ds, long_name, "1");
        h5::attach(ds, sscales);
      };
      if (s.method == "sobol") {
        h5::write_attribute(group, "confidence_level", kSobolConfidence);
        h5::write_attribute(group, "bootstrap_resamples", static_cast<std::int64_t>(kBootstrapResamples));
        write("first_order", s.first_order, "first-order Sobol index");
        write("first_order_conf", s.first_order_conf,
              "half-width of the 95% bootstrap confidence interval of the first-order Sobol index");
        write("total", s.total, "total Sobol index");
        write("total_conf", s.total_conf,
              "half-width of the 95% bootstrap confidence interval of the total Sobol index");
      } else {
        write("src", s.first_order, "standardized regression coefficient");
      }
    }
  });
}

SweepTable read_sweep(const std::string& path) {
  h5::quiet_errors();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError::in_file(path, "cannot be opened as HDF5; is it a sweep file?");
  const h5::Hid file(id, H5Fclose, "open " + path);
  if (h5::read_string_attribute(file, "kind").value_or("") != "sweep") {
    throw InputError::in_file(path, "is not a sweep file written by siege sweep (no kind = sweep attribute)");
  }
  SweepTable t;
  try {
    const auto text = [&](const char* name) { return h5::read_string_attribute(file, name).value_or(""); };
    const auto number = [&](const char* name) { return h5::read_int_attribute(file, name).value_or(0); };
    t.sweep_id = text("sweep_id");
    t.sweep_yaml = text("sweep_yaml");
    t.sweep_file = text("sweep_file");
    t.scenario_yaml = text("scenario_yaml");
    t.scenario_file = text("scenario_file");
    t.design = text("design");
    t.samples = number("samples");
    t.seed = number("seed");
    t.replicates = number("replicates");
    t.total_runs = static_cast<std::size_t>(number("total_runs"));
    t.points = static_cast<std::size_t>(number("points"));
    t.arms = split(text("arms"), ',');
    t.parameters = split(text("parameters"), '\n');
    t.overrides = split(text("overrides"), '\n');
    t.pockets = h5::read_strings(file, "pocket");
    std::vector<hsize_t> shape;
    const auto ints = [&](const char* name) {
      const auto v = h5::read_doubles(file, name, shape);
      return std::vector<std::int64_t>(v.begin(), v.end());
    };
    for (auto b : ints("pocket_besieged")) t.besieged.push_back(static_cast<std::uint8_t>(b));
    t.run = ints("run");
    t.point = ints("point");
    t.arm = ints("arm");
    t.replicate = ints("replicate");
    t.id = h5::read_strings(file, "run_id");
    t.error = h5::read_strings(file, "error");
    const std::size_t rows = t.run.size(), k = t.parameters.size();
    t.parameter_values.assign(rows * k, 0.0);
    for (std::size_t j = 0; j < k; ++j) {
      const auto column = h5::read_doubles(file, variable_name(t.parameters[j]).c_str(), shape);
      if (column.size() != rows) throw std::runtime_error("a parameter column has the wrong length");
      for (std::size_t r = 0; r < rows; ++r) t.parameter_values[r * k + j] = column[r];
    }
    t.outcomes = outcome_metrics();
    for (Metric& m : t.outcomes) {
      m.values = h5::read_doubles(file, ("outcome_" + m.name).c_str(), shape);
      if (m.values.size() != rows * t.pockets.size()) throw std::runtime_error("an outcome has the wrong shape");
    }
    if (t.point.size() != rows || t.arm.size() != rows || t.replicate.size() != rows || t.id.size() != rows ||
        t.error.size() != rows || t.besieged.size() != t.pockets.size() || t.arms.empty() ||
        rows > t.total_runs) {
      throw std::runtime_error("run columns of different lengths");
    }
    for (std::size_t r = 0; r < rows; ++r) {
      if (t.point[r] < 0 || static_cast<std::size_t>(t.point[r]) >= t.points || t.arm[r] < 0 ||
          static_cast<std::size_t>(t.arm[r]) >= t.arms.size() || t.run[r] < 0 ||
          static_cast<std::size_t>(t.run[r]) >= t.total_runs) {
        throw std::runtime_error("a run's point, arm or number is out of range");
      }
    }
  } catch (const std::exception& e) {
    throw InputError::in_file(path, fmt::format("a sweep file that cannot be read ({}); is it damaged?", e.what()));
  }
  return t;
}

SweepTable merge_sweeps(const std::vector<SweepTable>& shards, const std::vector<std::string>& paths) {
  if (shards.empty()) throw InputError("siege merge: give the shard files to merge");
  SweepTable out = shards.front();
  for (std::size_t s = 1; s < shards.size(); ++s) {
    if (shards[s].sweep_id != out.sweep_id) {
      throw InputError::in_file(paths[s], fmt::format("belongs to sweep {}, but {} belongs to sweep {}; merge the "
                                                      "shards of one sweep", shards[s].sweep_id, paths[0],
                                                      out.sweep_id));
    }
  }
  // Rows by run number, each run once.
  std::map<std::int64_t, std::pair<std::size_t, std::size_t>> rows;  // run -> (shard, row)
  for (std::size_t s = 0; s < shards.size(); ++s) {
    for (std::size_t r = 0; r < shards[s].run.size(); ++r) {
      if (!rows.emplace(shards[s].run[r], std::make_pair(s, r)).second) {
        throw InputError::in_file(paths[s], fmt::format("holds run {} that another shard holds too; merge each "
                                                        "shard once", shards[s].run[r]));
      }
    }
  }
  if (rows.size() != out.total_runs) {
    std::int64_t first_missing = 0;
    while (rows.count(first_missing)) ++first_missing;
    throw InputError::in_file(paths.front(), fmt::format("the shards hold {} of the sweep's {} runs (run {} is "
                                                         "missing); run the missing shards and merge them all",
                                                         rows.size(), out.total_runs, first_missing));
  }
  const std::size_t k = out.parameters.size(), pockets = out.pockets.size();
  out.run.clear(); out.point.clear(); out.arm.clear(); out.replicate.clear(); out.id.clear(); out.error.clear();
  out.parameter_values.clear();
  for (Metric& m : out.outcomes) m.values.clear();
  for (const auto& [run, where] : rows) {
    const SweepTable& t = shards[where.first];
    const std::size_t r = where.second;
    out.run.push_back(run);
    out.point.push_back(t.point[r]);
    out.arm.push_back(t.arm[r]);
    out.replicate.push_back(t.replicate[r]);
    out.id.push_back(t.id[r]);
    out.error.push_back(t.error[r]);
    for (std::size_t j = 0; j < k; ++j) out.parameter_values.push_back(t.parameter_values[r * k + j]);
    for (std::size_t m = 0; m < out.outcomes.size(); ++m) {
      for (std::size_t p = 0; p < pockets; ++p) out.outcomes[m].values.push_back(t.outcomes[m].values[r * pockets + p]);
    }
  }
  return out;
}

Sensitivity sensitivity(const SweepTable& t) {
  Sensitivity s;
  s.method = t.design == "sobol" ? "sobol" : "src";
  s.parameters = t.parameters;
  const std::size_t k = t.parameters.size(), pockets = t.pockets.size(), arms = t.arms.size();
  // Headline outcomes, summed over besieged pockets, averaged over replicates at each point and arm.
  const std::vector<std::string> headline = {"civilian_deaths", "detainees_released", "days_under_siege", "surrendered"};
  std::vector<std::vector<double>> per_point;  // one series per (outcome, arm), then differences
  // The besieged pockets' totals; a scenario without a siege counts all its pockets.
  std::vector<std::uint8_t> counted = t.besieged;
  if (std::find(counted.begin(), counted.end(), 1) == counted.end()) counted.assign(pockets, 1);
  for (const auto& name : headline) {
    const auto metric = std::find_if(t.outcomes.begin(), t.outcomes.end(), [&](const Metric& m) { return m.name == name; });
    std::vector<std::vector<double>> sum(arms, std::vector<double>(t.points, 0.0)), count = sum;
    for (std::size_t r = 0; r < t.run.size(); ++r) {
      double total = 0.0;
      for (std::size_t p = 0; p < pockets; ++p) {
        if (counted[p]) total += metric->values[r * pockets + p];
      }
      if (std::isnan(total)) continue;
      const auto a = static_cast<std::size_t>(t.arm[r]);
      const auto point = static_cast<std::size_t>(t.point[r]);
      sum[a][point] += total;
      count[a][point] += 1.0;
    }
    for (std::size_t a = 0; a < arms; ++a) {
      for (std::size_t i = 0; i < t.points; ++i) sum[a][i] = count[a][i] > 0 ? sum[a][i] / count[a][i] : std::nan("");
      s.outcomes.push_back(arms > 1 ? fmt::format("{} ({})", name, t.arms[a]) : name);
      per_point.push_back(sum[a]);
    }
    if (arms > 1) {
      std::vector<double> difference(t.points);
      for (std::size_t i = 0; i < t.points; ++i) difference[i] = sum[0][i] - sum[1][i];
      s.outcomes.push_back(fmt::format("{} ({} - {})", name, t.arms[0], t.arms[1]));
      per_point.push_back(difference);
    }
  }
  // Parameter values at each point (the same in every run of a point).
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(t.points), static_cast<Eigen::Index>(k));
  for (std::size_t r = 0; r < t.run.size(); ++r) {
    for (std::size_t j = 0; j < k; ++j) {
      x(static_cast<Eigen::Index>(t.point[r]), static_cast<Eigen::Index>(j)) = t.parameter_values[r * k + j];
    }
  }
  for (std::size_t o = 0; o < per_point.size(); ++o) {
    const auto& f = per_point[o];
    // Points where every run failed are left out: a base row of a Saltelli design with all its
    // blocks, or a row of the regression.
    if (s.method == "sobol") {
      const std::size_t n = f.size() / (k + 2);
      std::vector<std::size_t> kept;
      for (std::size_t r = 0; r < n; ++r) {
        bool finite = true;
        for (std::size_t b = 0; b < k + 2; ++b) finite = finite && std::isfinite(f[b * n + r]);
        if (finite) kept.push_back(r);
      }
      s.dropped_points = std::max(s.dropped_points, (n - kept.size()) * (k + 2));
      std::vector<double> g;
      for (std::size_t b = 0; b < k + 2; ++b) {
        for (std::size_t r : kept) g.push_back(f[b * n + r]);
      }
      if (kept.size() < 2) {
        for (auto* v : {&s.first_order, &s.total, &s.first_order_conf, &s.total_conf}) {
          v->insert(v->end(), k, std::nan(""));
        }
        continue;
      }
      const SobolIndices indices = sobol_indices(g, k, static_cast<std::uint64_t>(t.seed), o);
      s.first_order.insert(s.first_order.end(), indices.first_order.begin(), indices.first_order.end());
      s.total.insert(s.total.end(), indices.total.begin(), indices.total.end());
      s.first_order_conf.insert(s.first_order_conf.end(), indices.first_order_conf.begin(),
                                indices.first_order_conf.end());
      s.total_conf.insert(s.total_conf.end(), indices.total_conf.begin(), indices.total_conf.end());
    } else {
      std::vector<Eigen::Index> rows;
      std::vector<double> g;
      for (std::size_t r = 0; r < f.size(); ++r) {
        if (!std::isfinite(f[r])) continue;
        rows.push_back(static_cast<Eigen::Index>(r));
        g.push_back(f[r]);
      }
      s.dropped_points = std::max(s.dropped_points, f.size() - g.size());
      const Eigen::MatrixXd kept = x(rows, Eigen::all);
      const auto src = standardized_regression(kept, g);
      s.first_order.insert(s.first_order.end(), src.begin(), src.end());
      s.total.insert(s.total.end(), k, std::nan(""));
    }
  }
  return s;
}

std::string format_sensitivity(const Sensitivity& s) {
  const std::size_t k = s.parameters.size();
  const bool sobol = s.method == "sobol";
  std::string out = sobol ? "Sobol indices, first order / total, ± the half-widths of their 95 % bootstrap intervals\n"
                            "(Saltelli sampling on a Sobol' sequence):\n"
                          : "Standardized regression coefficients:\n";
  if (s.dropped_points > 0) {
    out += fmt::format("  ({} design points left out: every run there failed)\n", s.dropped_points);
  }
  // Cells first, then parameters by the last part of their key path, in columns wide enough for
  // both (widths in characters: the cells hold a two-byte ±).
  const auto characters = [](const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  };
  std::vector<std::string> cells;
  std::size_t width = 12;
  for (std::size_t o = 0; o < s.outcomes.size(); ++o) {
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t c = o * k + j;
      cells.push_back(sobol ? fmt::format("{:.2f}±{:.2f} / {:.2f}±{:.2f}", s.first_order[c], s.first_order_conf[c],
                                          s.total[c], s.total_conf[c])
                            : fmt::format("{:.2f}", s.first_order[c]));
      width = std::max(width, characters(cells.back()));
    }
  }
  std::vector<std::string> names;
  for (const auto& p : s.parameters) {
    const auto dot = p.find_last_of('.');
    names.push_back(dot == std::string::npos ? p : p.substr(dot + 1));
    width = std::max(width, characters(names.back()));
  }
  out += fmt::format("  {:<44}", "outcome");
  for (const auto& n : names) out += fmt::format("  {:>{}}", n, width);
  out += "\n";
  for (std::size_t o = 0; o < s.outcomes.size(); ++o) {
    out += fmt::format("  {:<44}", s.outcomes[o]);
    for (std::size_t j = 0; j < k; ++j) out += fmt::format("  {:>{}}", cells[o * k + j], width);
    out += "\n";
  }
  return out;
}

}  // namespace siege
