#include "experiment/calibration.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

#include "core/errors.hpp"
#include "core/text_file.hpp"
#include "scenario/load.hpp"
#include "scenario/spec.hpp"

namespace siege::scenario {
namespace {

const ObjectSpec<SweepParameterDef>& prior_spec() {
  static const auto spec = [] {
    ObjectSpec<SweepParameterDef> s("parameter",
                                    "A scenario value to fit, with a uniform prior over its range.");
    s.required("key", &SweepParameterDef::key,
               {"Key path of the value, as in a policy's set; it must apply to every target (e.g. "
                "mortality.starvation_per_1000_day).",
                "", ""});
    s.required("min", &SweepParameterDef::min, {"Lowest value the prior allows.", "", ""});
    s.required("max", &SweepParameterDef::max, {"Highest value the prior allows.", "", ""});
    s.value("integer", &SweepParameterDef::integer, {"Round values to whole numbers.", "", ""});
    s.rule("min is below max", [](const SweepParameterDef& p, const Checker& c) {
      if (p.min >= p.max)
        c.error("max", fmt::format("is {} but min is {}; give a range with max > min", p.max, p.min));
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<CalibrationTargetDef>& target_spec() {
  static const auto spec = [] {
    ObjectSpec<CalibrationTargetDef> s("target",
                                       "A history scenario and the documented facts it is measured against.");
    s.required("scenario", &CalibrationTargetDef::scenario,
               {"Scenario file, beside the calibration file or below it.", "", ""});
    s.required(
        "observations", &CalibrationTargetDef::observations,
        {"Observations file of siege score for that scenario, beside the calibration file or below it.", "",
         ""});
    return s;
  }();
  return spec;
}

const ObjectSpec<ExcludedFactDef>& excluded_spec() {
  static const auto spec = [] {
    ObjectSpec<ExcludedFactDef> s("excluded fact",
                                  "A fact measured and reported but left out of the implausibility.");
    s.required("fact", &ExcludedFactDef::fact,
               {"The fact, as 'case: id' (the observations file's name and the fact's id).", "", ""});
    s.required("why", &ExcludedFactDef::why,
               {"Why no parameter value can match it (the missing mechanism), for the reader of the result.",
                "", ""});
    return s;
  }();
  return spec;
}

const ObjectSpec<CalibrationDef>& calibration_spec() {
  static const auto spec = [] {
    ObjectSpec<CalibrationDef> s("calibration",
                                 "Scenario parameters fitted to documented facts (siege calibrate).");
    s.required("name", &CalibrationDef::name, {"What is calibrated.", "", ""});
    s.value("description", &CalibrationDef::description,
            {"Why these parameters, ranges and targets.", "", ""});
    s.choice(
        "method", &CalibrationDef::method, {{"history_matching", CalibrationMethod::kHistoryMatching}},
        {"history_matching: waves of runs, each ruling out the parameter space where an emulator says the "
         "facts cannot be matched (Craig et al. 1997; Vernon et al. 2010; Andrianakis et al. 2015).",
         "", ""});
    s.value("waves", &CalibrationDef::waves, {"Waves of runs.", "waves", ""}, Range::between(1, 20));
    s.value("points_per_wave", &CalibrationDef::points_per_wave,
            {"Parameter points run in each wave; an emulator is fitted to them.", "points", ""},
            Range::between(4, 2000));
    s.value("replicates", &CalibrationDef::replicates,
            {"Runs per point and target (their spread is the model's stochastic variance).", "runs", ""},
            Range::between(2, 1000));
    s.value("candidates", &CalibrationDef::candidates,
            {"Points of the prior screened by the emulators before each wave after the first.", "points", ""},
            Range::between(100, 10000000));
    s.value("seed", &CalibrationDef::seed, {"Seed of the design's random numbers.", "", ""},
            Range::between(0, 9007199254740991.0));
    s.value("cutoff", &CalibrationDef::cutoff,
            {"Implausibility above which a point is ruled out for a fact (3: Pukelsheim's three-sigma rule).",
             "1", ""},
            Range::above(0));
    s.value(
        "facts_allowed_above_cutoff", &CalibrationDef::facts_allowed_above_cutoff,
        {"Facts whose implausibility may exceed the cut-off at a point still kept (0: the largest decides; "
         "1: "
         "the second-largest, as Vernon et al. 2010 do with many outputs, against one emulator's failure).",
         "facts", ""},
        Range::between(0, 1000));
    s.value("discrepancy_share", &CalibrationDef::discrepancy_share,
            {"Standard deviation of the model's discrepancy from reality, as a share of a fact's documented "
             "value "
             "(the middle of its range, at least its half-width).",
             "1", ""},
            Range::between(0, 100));
    s.list("parameters", &CalibrationDef::parameters, prior_spec(), {"Parameters to fit.", "", ""}, 1, true);
    s.list("targets", &CalibrationDef::targets, target_spec(), {"What the parameters are fitted to.", "", ""},
           1, true);
    s.list("excluded_facts", &CalibrationDef::excluded_facts, excluded_spec(),
           {"Facts of the targets measured and reported but left out of the implausibility, each with why.",
            "", ""},
           0, false);
    s.rule("parameters are named once", [](const CalibrationDef& d, const Checker& c) {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < d.parameters.size(); ++i) {
        if (!seen.insert(d.parameters[i].key).second) {
          c.error(fmt::format("parameters[{}].key", i),
                  fmt::format("'{}' is named twice; give each key once", d.parameters[i].key));
        }
      }
    });
    return s;
  }();
  return spec;
}

/// Reads the file `named` at `key`, which must lie within `base_dir`; an error at the key otherwise.
std::string read_within(const std::string& named, const std::string& key, const std::string& base_dir,
                        Context& ctx, std::string& path) {
  const auto target = file_within(named, key, "calibration file", base_dir, ctx, "");
  if (!target) return {};
  path = (std::filesystem::path(base_dir) / named).lexically_normal().string();
  try {
    return read_text_file(target->string(), key.substr(key.rfind('.') + 1));
  } catch (const InputError& error) {
    ctx.error_at(key, error.what());
    return {};
  }
}

}  // namespace

CalibrationDef load_calibration_text(const std::string& text, const std::string& file_label,
                                     const std::string& base_dir) {
  Context ctx(file_label);
  const YAML::Node root = parse_yaml(text, ctx);
  CalibrationDef def;
  if (!root.IsMap()) {
    ctx.error(root.Mark(), "", "a calibration file is a mapping with name, parameters and targets");
    throw InputError(ctx.diagnostics());
  }
  calibration_spec().read(root, def, ctx, "");
  if (!ctx.diagnostics().empty()) throw InputError(ctx.diagnostics());
  def.source_text = text;
  def.source_file = file_label;
  for (std::size_t t = 0; t < def.targets.size(); ++t) {
    CalibrationTargetDef& target = def.targets[t];
    const std::string at = fmt::format("targets[{}]", t);
    target.scenario_text =
        read_within(target.scenario, at + ".scenario", base_dir, ctx, target.scenario_path);
    target.observations_text =
        read_within(target.observations, at + ".observations", base_dir, ctx, target.observations_path);
  }
  if (!ctx.diagnostics().empty()) throw InputError(ctx.diagnostics());
  std::set<std::string> facts;
  for (const CalibrationTargetDef& target : def.targets) {
    // Their own errors, with their own files' lines.
    const Scenario scenario = load_text(target.scenario_text, target.scenario_path);
    const ObservationsDef observations =
        load_observations_text(target.observations_text, target.observations_path, scenario);
    for (const FactDef& f : observations.facts) facts.insert(observations.name + ": " + f.id);
    check_parameter_ranges(def.parameters, target.scenario_text, target.scenario_path, {"baseline"}, {}, ctx,
                           " in " + target.scenario_path);
  }
  for (std::size_t i = 0; i < def.excluded_facts.size(); ++i) {
    const std::string& name = def.excluded_facts[i].fact;
    if (facts.count(name)) continue;
    ctx.error_at(
        fmt::format("excluded_facts[{}].fact", i),
        fmt::format("no target has the fact '{}'{}; name it as 'case: id', the case as its observations "
                    "file's name says",
                    name, detail::suggest(name, std::vector<std::string>(facts.begin(), facts.end()))));
  }
  if (!ctx.diagnostics().empty()) throw InputError(ctx.diagnostics());
  return def;
}

CalibrationDef load_calibration(const std::string& path) {
  return load_calibration_text(read_text_file(path, "calibration"), path,
                               std::filesystem::path(path).parent_path().string());
}

std::string calibration_schema() {
  Json out = calibration_spec().json_schema();
  out.set("$schema", "https://json-schema.org/draft/2020-12/schema");
  return out.dump() + "\n";
}

std::string calibration_reference() {
  std::string out;
  const auto table = [&](const char* title, const auto& spec) {
    out += fmt::format("{}\n\n| key | type | default | valid values | meaning |\n|---|---|---|---|---|\n",
                       title);
    for (const auto& row : spec.doc_rows()) {
      out += fmt::format("| `{}` | {} | {} | {} | {}{} |\n", row.key, row.type, row.default_text,
                         row.range_text, row.meaning,
                         row.units.empty() || row.units == "1" ? std::string() : " (" + row.units + ")");
    }
    out += "\n";
  };
  table("The calibration file", calibration_spec());
  table("Each of `parameters`", prior_spec());
  table("Each of `targets`", target_spec());
  table("Each of `excluded_facts`", excluded_spec());
  return out;
}

std::vector<CalibrationTarget> calibration_targets(const CalibrationDef& def) {
  std::vector<CalibrationTarget> out;
  for (const CalibrationTargetDef& t : def.targets) {
    auto scenario = std::make_shared<const Scenario>(load_text(t.scenario_text, t.scenario_path));
    out.push_back({scenario, load_observations_text(t.observations_text, t.observations_path, *scenario)});
  }
  return out;
}

}  // namespace siege::scenario
