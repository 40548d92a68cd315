#include "scenario/sweep.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "core/errors.hpp"
#include "core/text_file.hpp"
#include "scenario/load.hpp"
#include "scenario/spec.hpp"

namespace siege {

std::string_view design_name(Design design) {
  switch (design) {
    case Design::kGrid: return "grid";
    case Design::kLatinHypercube: return "latin_hypercube";
    case Design::kSobol: return "sobol";
  }
  return "?";
}

namespace scenario {
namespace {

const ObjectSpec<SweepParameterDef>& parameter_spec() {
  static const auto spec = [] {
    ObjectSpec<SweepParameterDef> s("parameter", "A scenario value the sweep samples, uniformly over its range.");
    s.required("key", &SweepParameterDef::key,
               {"Key path of the value, as in a policy's set (e.g. pockets[Waer].conflict.committee.hold_release_share).",
                "", ""});
    s.required("min", &SweepParameterDef::min, {"Lowest value sampled.", "", ""});
    s.required("max", &SweepParameterDef::max, {"Highest value sampled.", "", ""});
    s.value("integer", &SweepParameterDef::integer, {"Round sampled values to whole numbers.", "", ""});
    s.rule("min is not above max", [](const SweepParameterDef& p, const Checker& c) {
      if (p.min > p.max) c.error("max", fmt::format("is {} but min is {}; give max >= min", p.max, p.min));
    });
    return s;
  }();
  return spec;
}

const ObjectSpec<SweepDef>& sweep_spec() {
  static const auto spec = [] {
    ObjectSpec<SweepDef> s("sweep", "A sweep over a scenario's parameters, arms and replicates.");
    s.value("scenario", &SweepDef::scenario,
            {"Scenario file, relative to the sweep file; it must lie in the sweep file's folder or below it "
             "(siege sweep --scenario FILE names one anywhere, and replaces this key).",
             "", ""});
    s.value("arms", &SweepDef::arms, {"Policies of the scenario, separated by commas; absent: as written.", "", ""});
    s.value("replicates", &SweepDef::replicates, {"Replicates per point and arm.", "runs", ""},
            Range::between(1, 100000));
    s.choice("design", &SweepDef::design,
             {{"grid", Design::kGrid}, {"latin_hypercube", Design::kLatinHypercube}, {"sobol", Design::kSobol}},
             {"How points are chosen: a full grid, a Latin hypercube, or Saltelli's scheme for Sobol indices.", "", ""});
    s.value("samples", &SweepDef::samples,
            {"grid: levels per parameter; latin_hypercube: points; sobol: base points N (N x (k + 2) points).", "",
             ""},
            Range::between(1, 1000000));
    s.value("seed", &SweepDef::seed,
            {"Seed of the random numbers: latin_hypercube's points; sobol's bootstrap resamples for the confidence "
             "intervals of its indices (a sobol design's points come from the Sobol' sequence and use no seed); "
             "unused by grid.",
             "", ""},
            Range::between(0, 9007199254740991.0));
    s.list("parameters", &SweepDef::parameters, parameter_spec(), {"Sampled parameters.", "", ""}, 1, true);
    s.rule("parameters are named once", [](const SweepDef& d, const Checker& c) {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < d.parameters.size(); ++i) {
        if (!seen.insert(d.parameters[i].key).second) {
          c.error(fmt::format("parameters[{}].key", i),
                  fmt::format("'{}' is sampled twice; give each key once", d.parameters[i].key));
        }
      }
    });
    return s;
  }();
  return spec;
}

}  // namespace

std::optional<std::filesystem::path> file_within(const std::string& named_file, const std::string& key,
                                                 const std::string& owner, const std::string& base_dir, Context& ctx,
                                                 const std::string& elsewhere) {
  namespace fs = std::filesystem;
  const fs::path folder_named = base_dir.empty() ? fs::path(".") : fs::path(base_dir);
  const fs::path named = (folder_named / named_file).lexically_normal();  // an absolute key stays absolute
  std::error_code error;
  fs::path folder = fs::weakly_canonical(folder_named, error);
  if (error) folder = fs::absolute(folder_named, error).lexically_normal();
  const fs::path target = fs::weakly_canonical(folder_named / named_file, error);  // `..` after a link too
  if (error) {
    ctx.error_at(key, fmt::format("cannot follow the path '{}' ({})", named_file, error.message()));
    return std::nullopt;
  }
  const fs::path below = target.lexically_relative(folder);
  if (!below.empty() && *below.begin() != "..") return target;
  const bool linked = target != fs::absolute(named, error).lexically_normal();  // a symbolic link on the way
  const std::string what = key.substr(key.rfind('.') + 1);  // "scenario" of targets[0].scenario
  ctx.error_at(key, fmt::format("the {} '{}' lies outside the {}'s folder {}{}; put the {} beside the {} (or below "
                                "it){}",
                                what, named_file, owner, folder.string(),
                                linked ? fmt::format(" (it leads to {})", target.string()) : std::string(),
                                what, owner, elsewhere.empty() ? std::string() : ", or " + elsewhere));
  return std::nullopt;
}

namespace {
}  // namespace

std::vector<std::string> split_arms(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text + ",") {
    if (c == ',') {
      const auto first = current.find_first_not_of(' ');
      const auto last = current.find_last_not_of(' ');
      out.push_back(first == std::string::npos ? "" : current.substr(first, last - first + 1));
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

void check_parameter_ranges(const std::vector<SweepParameterDef>& parameters, const std::string& scenario_text,
                            const std::string& scenario_path, const std::vector<std::string>& arms,
                            const std::vector<Override>& sets, Context& ctx, const std::string& where) {
  // Both ends of every range must give a valid scenario under every arm (with the command line's
  // values), and so must a value between them that is not whole (a whole-number key needs
  // `integer: true`).
  const auto with_sets = [&](Override sample) {
    std::vector<Override> overrides = sets;
    overrides.push_back(std::move(sample));
    return overrides;
  };
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const SweepParameterDef& p = parameters[i];
    if (!p.integer && p.max - p.min >= 1.0) {
      try {
        load_text(scenario_text, scenario_path, arms.front(),
                  with_sets(Override::number(p.key, std::floor(p.min + 0.5 * (p.max - p.min)) + 0.5, false)));
      } catch (const InputError& e) {
        if (e.diagnostics().front().message.find("whole number") != std::string::npos) {
          ctx.error_at(fmt::format("parameters[{}].key", i),
                       fmt::format("{} takes whole numbers{}; add integer: true to this parameter", p.key, where));
          continue;
        }
      }
    }
    for (double value : {p.min, p.max}) {
      for (const auto& arm : arms) {
        try {
          load_text(scenario_text, scenario_path, arm, with_sets(Override::number(p.key, value, p.integer)));
        } catch (const InputError& e) {
          std::string why;
          for (const auto& d : e.diagnostics()) why += (why.empty() ? "" : "; ") + d.message;
          ctx.error_at(fmt::format("parameters[{}].{}", i, value == p.min ? "min" : "max"),
                       fmt::format("{} = {} does not give a valid scenario{}{}: {}", p.key, value,
                                   arm == "baseline" ? std::string() : " under " + arm, where, why));
          break;
        }
      }
    }
  }
}

SweepDef load_sweep_text(const std::string& text, const std::string& file_label, const std::string& base_dir,
                         const std::string& scenario, const std::vector<Override>& sets) {
  Context ctx(file_label);
  const YAML::Node root = parse_yaml(text, ctx);
  SweepDef sweep;
  if (!root.IsMap()) {
    ctx.error(root.Mark(), "", "a sweep file is a mapping with scenario, arms, replicates, design and parameters");
    throw InputError(ctx.diagnostics());
  }
  sweep_spec().read(root, sweep, ctx, "");
  if (!ctx.diagnostics().empty()) throw InputError(ctx.diagnostics());
  sweep.source_text = text;
  sweep.source_file = file_label;
  if (!scenario.empty()) {
    // Named on the command line: the user's own choice, read as given (relative to the current folder).
    sweep.scenario = scenario;
    sweep.scenario_path = scenario;
    sweep.scenario_text = read_text_file(scenario, "scenario");
  } else if (sweep.scenario.empty()) {
    const std::string fix = fmt::format("name the scenario file beside the sweep file (scenario: waer.yaml) or on "
                                        "the command line: siege sweep {} --scenario FILE", file_label);
    if (root["scenario"]) {
      ctx.error_at("scenario", "is empty; " + fix);
    } else {
      ctx.error(root.Mark(), "scenario", "missing key 'scenario'; " + fix);
    }
    throw InputError(ctx.diagnostics());
  } else {
    const auto target = file_within(sweep.scenario, "scenario", "sweep file", base_dir, ctx,
                                    fmt::format("name it on the command line: siege sweep {} --scenario {}", file_label,
                                                (std::filesystem::path(base_dir) / sweep.scenario).lexically_normal().string()));
    if (!target) throw InputError(ctx.diagnostics());
    sweep.scenario_path = (std::filesystem::path(base_dir) / sweep.scenario).lexically_normal().string();
    try {
      sweep.scenario_text = read_text_file(target->string(), "scenario");  // the very file that was checked
    } catch (const InputError& error) {
      ctx.error_at("scenario", error.what());  // names the path as resolved against the sweep file's folder
      throw InputError(ctx.diagnostics());
    }
  }
  const Scenario base = load_text(sweep.scenario_text, sweep.scenario_path);  // its own errors, its own lines
  sweep.sets = sets;

  sweep.arm_names = sweep.arms.empty() ? std::vector<std::string>{"baseline"} : split_arms(sweep.arms);
  std::set<std::string> seen;
  for (const auto& arm : sweep.arm_names) {
    const bool declared = arm == "baseline" || std::any_of(base.policies.begin(), base.policies.end(),
                                                           [&](const PolicyDef& p) { return p.name == arm; });
    if (arm.empty() || !declared) {
      std::vector<std::string> names;
      for (const auto& p : base.policies) names.push_back(p.name);
      ctx.error_at("arms", arm.empty() ? std::string("has an empty arm; separate policy names with commas")
                                       : fmt::format("the scenario has no policy '{}'{}", arm,
                                                     detail::suggest(arm, names)));
    } else if (!seen.insert(arm).second) {
      ctx.error_at("arms", fmt::format("'{}' appears twice; each arm is a different policy", arm));
    }
  }
  if (!sets.empty()) {
    // The command line's values, under every arm (declared ones), before any range is tried with them.
    if (!ctx.diagnostics().empty()) throw InputError(ctx.diagnostics());
    check_sets_leave_arms_alone(base, sweep.arm_names, sets);
    for (const auto& arm : sweep.arm_names) load_text(sweep.scenario_text, sweep.scenario_path, arm, sets);
  }
  // A sampled key must not be one an arm's policy sets, nor one the command line sets: the sample
  // would silently replace the arm's value, or the user's.
  for (const auto& arm : sweep.arm_names) {
    const auto policy = std::find_if(base.policies.begin(), base.policies.end(),
                                     [&](const PolicyDef& p) { return p.name == arm; });
    if (policy == base.policies.end()) continue;
    for (const auto& key : policy->keys) {
      for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
        if (key != sweep.parameters[i].key) continue;
        ctx.error_at(fmt::format("parameters[{}].key", i),
                     fmt::format("{} is set by the arm '{}'; sampling it would replace the arm's value; sample "
                                 "another key or drop that arm", sweep.parameters[i].key, arm));
      }
    }
  }
  for (const Override& o : sets) {
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
      if (o.key != sweep.parameters[i].key) continue;
      ctx.error_at(fmt::format("parameters[{}].key", i),
                   fmt::format("{} is set on the command line (--set {}); sampling it would replace that value; "
                               "leave out the --set or this parameter", o.key, o.text()));
    }
  }
  check_parameter_ranges(sweep.parameters, sweep.scenario_text, sweep.scenario_path, sweep.arm_names, sets, ctx);
  if (!ctx.diagnostics().empty()) throw InputError(ctx.diagnostics());
  return sweep;
}

SweepDef load_sweep(const std::string& path, const std::string& scenario, const std::vector<Override>& sets) {
  return load_sweep_text(read_text_file(path, "sweep"), path, std::filesystem::path(path).parent_path().string(),
                         scenario, sets);
}

}  // namespace scenario
}  // namespace siege
