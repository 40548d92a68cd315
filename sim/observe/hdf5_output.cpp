#include "observe/hdf5_output.hpp"

#include <fmt/format.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <numeric>
#include <optional>
#include <type_traits>

#include "core/version.hpp"

namespace siege::observe {
namespace {

using h5::attach;
using h5::describe;
using h5::iota;
using h5::write_vector;

std::string temporary_name(const std::string& path) {
  const std::filesystem::path target(path);
  return (target.parent_path() / fmt::format(".{}.tmp-{}", target.filename().string(), ::getpid())).string();
}

}  // namespace

Hdf5Output::Hdf5Output(std::string path, const Scenario& scenario, const Provenance& provenance)
    : path_(std::move(path)),
      temporary_(temporary_name(path_)),
      runs_(provenance.runs),
      arms_(provenance.arms),
      days_(static_cast<std::size_t>(scenario.days)),
      pockets_(scenario.pockets.size()),
      towns_(0),
      time_units_("days since " + format_date(scenario.start_date)) {
  h5::quiet_errors();
  for (const auto& p : scenario.pockets) pocket_names_.push_back(p.name);
  const h5::Hid create(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "create file properties");
  // As netCDF-4 does: creation order tracked, and attributes in dense storage so that the embedded
  // scenario text may exceed the 64 KiB limit of compact attributes.
  h5::check(H5Pset_link_creation_order(create, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track link order");
  h5::check(H5Pset_attr_creation_order(create, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), "track attribute order");
  h5::check(H5Pset_attr_phase_change(create, 0, 0), "use dense attribute storage");
  h5::check(H5Pset_obj_track_times(create, false), "stop recording times");
  const h5::Hid access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
  h5::check(H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_V18), "set the file format version");
  file_ = h5::Hid(H5Fcreate(temporary_.path().c_str(), H5F_ACC_TRUNC, create, access), H5Fclose,
                  fmt::format("create {}", temporary_.path()));

  h5::write_attribute(file_, "Conventions", "CF-1.8");
  h5::write_attribute(file_, "title", fmt::format("siege run of scenario '{}'", scenario.name));
  h5::write_attribute(file_, "source", fmt::format("siege {} ({})", program_version(), git_commit()));
  h5::write_attribute(file_, "comment",
                      "Exploratory output of an agent-based model under stated assumptions; not a forecast.");
  h5::write_attribute(file_, "siege_version", program_version());
  h5::write_attribute(file_, "git_commit", git_commit());
  h5::write_attribute(file_, "scenario_name", scenario.name);
  h5::write_attribute(file_, "scenario_file", scenario.source_file);
  h5::write_attribute(file_, "scenario_yaml", scenario.source_text);
  h5::write_attribute(file_, "start_date", format_date(scenario.start_date));
  h5::write_attribute(file_, "days", scenario.days);
  h5::write_attribute(file_, "seed", provenance.seed);
  h5::write_attribute(file_, "policy", provenance.policy);
  // What --set changed on top of the file and the policy, one key=value a line ("" when nothing).
  std::string overrides;
  for (const auto& o : scenario.overrides) overrides += (overrides.empty() ? "" : "\n") + o;
  h5::write_attribute(file_, "overrides", overrides);
  h5::write_attribute(file_, "runs", static_cast<std::int64_t>(runs_));
  if (!provenance.parameters_file.empty()) {
    std::string sets;
    for (const auto& s : provenance.parameter_sets) sets += (sets.empty() ? "" : "\n\n") + s;
    h5::write_attribute(file_, "parameters_file", provenance.parameters_file);
    h5::write_attribute(file_, "parameter_sets", sets);
    h5::write_attribute(file_, "parameter_set_of_run",
                        "run r uses the set floor(r * sets / runs) when runs <= sets, else r mod sets (sets in "
                        "parameter_sets, separated by blank lines)");
  }
  if (!arms_.empty()) {
    std::string arms;
    for (const auto& a : arms_) arms += (arms.empty() ? "" : ",") + a;
    h5::write_attribute(file_, "arms", arms);
    h5::write_attribute(file_, "branch_day", provenance.branch_day);
    h5::write_attribute(file_, "comment",
                        "Exploratory output of an agent-based model under stated assumptions; not a forecast. Each "
                        "arm applies one policy; replicate r of every arm uses the same seed and run number, so arms "
                        "share their random numbers wherever their policies do not change what happens.");
  }
  h5::write_attribute(file_, "persons", scenario.persons());

  write_coordinates(scenario, town_layout(scenario));
  create_variables();
}

Hdf5Output::TemporaryFile::~TemporaryFile() {
  if (kept_) return;
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

void Hdf5Output::write_coordinates(const Scenario& scenario, const std::vector<TownLayout>& layout) {
  if (!arms_.empty()) arm_scale_ = write_vector(file_, "arm", arms_, "policy arm of the comparison", "1");
  run_scale_ = write_vector(file_, "run", iota(runs_), "replicate run; random numbers are keyed by (seed, run)", "1");
  time_scale_ = write_vector(file_, "time", iota(days_), "simulated day (values cover the whole day)", time_units_);
  h5::write_attribute(time_scale_, "calendar", "proleptic_gregorian");
  h5::write_attribute(time_scale_, "standard_name", "time");
  h5::write_attribute(time_scale_, "axis", "T");
  pocket_scale_ = write_vector(file_, "pocket", pocket_names_, "besieged pocket", "1");
  std::vector<std::string> causes;
  for (Cause c : kDeathCauses) causes.emplace_back(cause_name(c));
  cause_scale_ = write_vector(file_, "cause", causes, "cause of death", "1");
  age_band_scale_ = write_vector(file_, "age_band", std::vector<std::string>{"child", "adult", "elderly"},
                                 "age band: child under 15, adult 15 to 59, elderly 60 and over", "1");
  sex_scale_ = write_vector(file_, "sex", std::vector<std::string>{"female", "male"}, "sex", "1");

  std::vector<std::string> town_names, town_pockets;
  std::vector<double> lat, lon;
  std::vector<std::int32_t> town_population;
  std::vector<std::int32_t> pocket_population(scenario.pockets.size(), 0);
  std::vector<double> area;
  towns_ = layout.size();
  for (const TownLayout& t : layout) {
    town_names.push_back(t.name);
    town_pockets.push_back(scenario.pockets[t.pocket].name);
    lat.push_back(t.lat);
    lon.push_back(t.lon);
    const std::int64_t population = t.scenario_town ? t.scenario_town->population : 0;
    town_population.push_back(static_cast<std::int32_t>(population));
    pocket_population[t.pocket] += static_cast<std::int32_t>(population);
  }
  for (const auto& p : scenario.pockets) area.push_back(p.area_km2);
  town_scale_ = write_vector(file_, "town", town_names, "town or village", "1");
  write_vector(file_, "town_pocket", town_pockets, "pocket the town belongs to", "1", town_scale_);
  h5::write_attribute(write_vector(file_, "town_lat", lat, "latitude of the town", "degrees_north", town_scale_),
                      "standard_name", "latitude");
  h5::write_attribute(write_vector(file_, "town_lon", lon, "longitude of the town", "degrees_east", town_scale_),
                      "standard_name", "longitude");
  write_vector(file_, "town_initial_population", town_population, "residents at the start", "persons", town_scale_);
  write_vector(file_, "initial_population", pocket_population, "residents at the start", "persons", pocket_scale_);
  write_vector(file_, "area", area, "area of the pocket", "km2", pocket_scale_);
}

void Hdf5Output::create_variables() {
  for (const Variable& v : variables()) {
    std::vector<hsize_t> dims = {runs_, days_};
    std::vector<hid_t> scales = {run_scale_, time_scale_};
    if (!arms_.empty()) {
      dims.insert(dims.begin(), arms_.size());
      scales.insert(scales.begin(), arm_scale_);
    }
    switch (v.shape) {
      case Shape::kPocket:
        dims.push_back(pockets_);
        scales.push_back(pocket_scale_);
        break;
      case Shape::kPocketCause:
        dims.insert(dims.end(), {pockets_, kCauses});
        scales.insert(scales.end(), {pocket_scale_, cause_scale_});
        break;
      case Shape::kPocketCauseAgeSex:
        dims.insert(dims.end(), {pockets_, kCauses, kAgeBands, kSexes});
        scales.insert(scales.end(), {pocket_scale_, cause_scale_, age_band_scale_, sex_scale_});
        break;
      case Shape::kTown:
        dims.push_back(towns_);
        scales.push_back(town_scale_);
        break;
    }
    const hid_t type = v.storage == Storage::kInt32 ? H5T_NATIVE_INT32 : H5T_NATIVE_DOUBLE;
    h5::Hid ds = h5::create_dataset(file_, std::string(v.name).c_str(), type, dims);
    describe(ds, v.long_name, v.units);
    if (!v.flag_meanings.empty()) {
      const auto n = static_cast<std::size_t>(std::count(v.flag_meanings.begin(), v.flag_meanings.end(), ' ') + 1);
      h5::write_attribute(ds, "flag_values", iota(n));
      h5::write_attribute(ds, "flag_meanings", v.flag_meanings);
    }
    attach(ds, scales);
    datasets_.push_back(std::move(ds));
  }
}

void Hdf5Output::write_run(std::size_t run, const RunRecord& record, std::size_t arm) {
  if (run >= runs_ || record.days != days_ || arm >= std::max<std::size_t>(arms_.size(), 1)) {
    throw std::logic_error(fmt::format("run {} of arm {} of {} days does not fit the file ({} runs of {} days)", run,
                                       arm, record.days, runs_, days_));
  }
  const auto vars = variables();
  for (std::size_t v = 0; v < vars.size(); ++v) {
    const auto per_day = values_per_day(vars[v], pockets_, towns_);
    std::vector<hsize_t> offset = {run, 0}, count = {1, days_};
    switch (vars[v].shape) {
      case Shape::kPocket: offset.push_back(0); count.push_back(pockets_); break;
      case Shape::kPocketCause: offset.insert(offset.end(), {0, 0}); count.insert(count.end(), {pockets_, kCauses}); break;
      case Shape::kPocketCauseAgeSex:
        offset.insert(offset.end(), {0, 0, 0, 0});
        count.insert(count.end(), {pockets_, kCauses, kAgeBands, kSexes});
        break;
      case Shape::kTown: offset.push_back(0); count.push_back(towns_); break;
    }
    if (!arms_.empty()) {
      offset.insert(offset.begin(), arm);
      count.insert(count.begin(), 1);
    }
    const auto& values = record.values[v];
    if (values.size() != per_day * days_) throw std::logic_error("recorded values do not match the file's shape");
    if (vars[v].storage == Storage::kInt32) {
      std::vector<std::int32_t> ints(values.size());
      for (std::size_t i = 0; i < values.size(); ++i) ints[i] = static_cast<std::int32_t>(values[i]);
      h5::write_block(datasets_[v], H5T_NATIVE_INT32, ints.data(), offset, count);
    } else {
      h5::write_block(datasets_[v], H5T_NATIVE_DOUBLE, values.data(), offset, count);
    }
  }
  for (const Event& e : record.events) events_.push_back({arm, run, e});
}

void Hdf5Output::write_summary(const std::string& name, const std::string& long_name, const std::string& units,
                               const std::vector<double>& values) {
  const std::size_t arms = std::max<std::size_t>(arms_.size(), 1);
  if (values.size() != arms * runs_ * pockets_) throw std::logic_error("summary values do not match the file's shape");
  std::vector<hsize_t> dims = {runs_, pockets_};
  std::vector<hid_t> scales = {run_scale_, pocket_scale_};
  if (!arms_.empty()) {
    dims.insert(dims.begin(), arms);
    scales.insert(scales.begin(), arm_scale_);
  }
  h5::Hid ds = h5::create_dataset(file_, name.c_str(), H5T_NATIVE_DOUBLE, dims);
  h5::write_block(ds, H5T_NATIVE_DOUBLE, values.data(), std::vector<hsize_t>(dims.size(), 0), dims);
  describe(ds, long_name + " (whole run)", units);
  attach(ds, scales);
  if (arms_.size() != 2) return;
  std::vector<double> difference(runs_ * pockets_);
  for (std::size_t i = 0; i < difference.size(); ++i) difference[i] = values[runs_ * pockets_ + i] - values[i];
  const std::vector<hsize_t> paired = {runs_, pockets_};
  h5::Hid diff = h5::create_dataset(file_, (name + "_difference").c_str(), H5T_NATIVE_DOUBLE, paired);
  h5::write_block(diff, H5T_NATIVE_DOUBLE, difference.data(), std::vector<hsize_t>(2, 0), paired);
  describe(diff, fmt::format("paired difference {} minus {} of {} (same seed and run)", arms_[1], arms_[0], long_name),
           units);
  const std::array<hid_t, 2> diff_scales = {run_scale_, pocket_scale_};
  attach(diff, diff_scales);
}

void Hdf5Output::write_events() {
  const h5::Hid group_properties(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create group properties");
  h5::check(H5Pset_link_creation_order(group_properties, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
            "track link order");
  h5::check(H5Pset_obj_track_times(group_properties, false), "stop recording times");
  const h5::Hid group(H5Gcreate2(file_, "events", H5P_DEFAULT, group_properties, H5P_DEFAULT), H5Gclose,
                      "create group events");
  h5::write_attribute(group, "long_name", "discrete events, one row each, in the order they happened");
  const std::size_t n = events_.size();
  const h5::Hid scale = write_vector(group, "event", iota(n), "event number", "1");
  std::vector<std::int32_t> arm(n), run(n), day(n), kind(n), agreement(n);
  std::vector<std::string> pocket(n), reason(n);
  std::vector<double> value(n);
  for (std::size_t i = 0; i < n; ++i) {
    arm[i] = static_cast<std::int32_t>(events_[i].arm);
    run[i] = static_cast<std::int32_t>(events_[i].run);
    day[i] = static_cast<std::int32_t>(events_[i].event.day);
    kind[i] = static_cast<std::int32_t>(events_[i].event.kind);
    pocket[i] = pocket_names_[events_[i].event.pocket];
    value[i] = events_[i].event.value;
    agreement[i] = events_[i].event.agreement;
    reason[i] = events_[i].event.reason;
  }
  std::vector<std::int32_t> flag_values;
  std::string meanings, value_meanings;
  for (const auto& k : event_kinds()) {
    flag_values.push_back(static_cast<std::int32_t>(k.kind));
    if (!meanings.empty()) meanings += ' ';
    meanings += k.name;
    value_meanings += fmt::format("{}{}: {}", value_meanings.empty() ? "" : "; ", k.name, k.value_meaning);
  }
  if (!arms_.empty()) {
    const h5::Hid arm_ds = write_vector(group, "arm", arm, "arm the event happened in (index along arm)", "1", scale);
    std::string arms;
    for (const auto& a : arms_) arms += (arms.empty() ? "" : " ") + a;
    h5::write_attribute(arm_ds, "flag_values", iota(arms_.size()));
    h5::write_attribute(arm_ds, "flag_meanings", arms);
  }
  write_vector(group, "run", run, "run the event happened in", "1", scale);
  h5::write_attribute(write_vector(group, "time", day, "day the event happened", time_units_, scale), "calendar",
                      "proleptic_gregorian");
  write_vector(group, "pocket", pocket, "pocket the event happened in", "1", scale);
  const h5::Hid kind_ds = write_vector(group, "kind", kind, "what happened", "1", scale);
  h5::write_attribute(kind_ds, "flag_values", flag_values);
  h5::write_attribute(kind_ds, "flag_meanings", meanings);
  h5::write_attribute(write_vector(group, "value", value, "size of the event, by kind", "1", scale), "comment",
                      value_meanings);
  h5::write_attribute(write_vector(group, "agreement", agreement, "agreement the event concerns", "1", scale),
                      "comment", "index of the agreement within its run, in the order they were signed; -1 for none");
  write_vector(group, "reason", reason, "what happened and why, in words", "1", scale);
}

void Hdf5Output::commit() {
  write_events();
  datasets_.clear();
  arm_scale_.reset();
  run_scale_.reset();
  time_scale_.reset();
  pocket_scale_.reset();
  cause_scale_.reset();
  age_band_scale_.reset();
  sex_scale_.reset();
  town_scale_.reset();
  h5::check(H5Fflush(file_, H5F_SCOPE_GLOBAL), fmt::format("write {} (is the disk full?)", temporary_.path()));
  file_.close(fmt::format("close {} (is the disk full?)", temporary_.path()));
  std::error_code error;
  std::filesystem::rename(temporary_.path(), path_, error);
  if (error) {
    throw std::runtime_error(fmt::format("cannot rename the finished output to {}: {}", path_, error.message()));
  }
  temporary_.keep();
}

}  // namespace siege::observe
