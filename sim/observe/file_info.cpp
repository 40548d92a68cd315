#include "observe/file_info.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <filesystem>

#include "core/errors.hpp"
#include "observe/hdf5.hpp"

namespace siege::observe {
namespace {

[[noreturn]] void not_a_run_file(const std::string& path, const std::string& why) {
  throw InputError::in_file(path, why);
}

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

}  // namespace

FileInfo read_file_info(const std::string& path) {
  h5::quiet_errors();
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) not_a_run_file(path, "no such file (check the path)");
  if (H5Fis_hdf5(path.c_str()) <= 0) not_a_run_file(path, "not an HDF5 file; expected a file written by siege run");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) not_a_run_file(path, "cannot be opened as HDF5; is it damaged or still being written?");
  const h5::Hid file(id, H5Fclose, "open " + path);
  const auto version = h5::read_string_attribute(file, "siege_version");
  if (!version) not_a_run_file(path, "an HDF5 file, but not one written by siege (no siege_version attribute)");

  FileInfo info;
  info.path = path;
  info.siege_version = *version;
  info.scenario_name = h5::read_string_attribute(file, "scenario_name").value_or("?");
  info.scenario_file = h5::read_string_attribute(file, "scenario_file").value_or("?");
  info.git_commit = h5::read_string_attribute(file, "git_commit").value_or("?");
  info.policy = h5::read_string_attribute(file, "policy").value_or("?");
  info.overrides = h5::read_string_attribute(file, "overrides").value_or("");
  info.start_date = h5::read_string_attribute(file, "start_date").value_or("?");
  info.seed = h5::read_int_attribute(file, "seed").value_or(0);

  std::vector<std::string> names;
  if (H5Literate(file, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, collect_name, &names) < 0) {
    names.clear();
    H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names);
  }
  info.variables = names;

  try {
    for (const char* dim : {"arm", "run", "time", "pocket", "cause", "town"}) {
      if (h5::has_link(file, dim)) info.dimensions.emplace_back(dim, h5::shape_of(file, dim).at(0));
    }
    const auto pockets = h5::read_strings(file, "pocket");
    const auto causes = h5::read_strings(file, "cause");
    std::vector<hsize_t> pop_shape, death_shape, truck_shape, init_shape;
    const auto population = h5::read_doubles(file, "population", pop_shape);
    const auto deaths = h5::read_doubles(file, "deaths", death_shape);
    const auto trucks = h5::read_doubles(file, "aid_trucks", truck_shape);
    const auto initial = h5::read_doubles(file, "initial_population", init_shape);
    // A comparison file has a leading arm dimension: its figures are given arm by arm.
    const std::size_t lead = pop_shape.size() == 4 ? 1 : 0;
    const std::vector<std::string> arm_names = lead ? h5::read_strings(file, "arm") : std::vector<std::string>{""};
    const std::size_t arms = arm_names.size();
    if (pop_shape.size() != 3 + lead || (lead && pop_shape.at(0) != arms)) {
      throw std::runtime_error("variables of inconsistent shapes");
    }
    const std::size_t runs = pop_shape.at(lead), days = pop_shape.at(lead + 1), n = pop_shape.at(lead + 2),
                      nc = causes.size();
    if (n != pockets.size() || population.size() != arms * runs * days * n || trucks.size() != population.size() ||
        deaths.size() != population.size() * nc || initial.size() != n) {
      throw std::runtime_error("variables of inconsistent shapes");
    }
    for (std::size_t a = 0; a < arms; ++a) for (std::size_t p = 0; p < n; ++p) {
      FileInfo::Pocket pocket;
      pocket.name = lead ? fmt::format("{} [{}]", pockets[p], arm_names[a]) : pockets[p];
      pocket.initial = initial.at(p);
      pocket.deaths.resize(nc);
      for (std::size_t c = 0; c < nc; ++c) pocket.deaths[c].first = causes[c];
      for (std::size_t r = a * runs; r < (a + 1) * runs; ++r) {
        if (days > 0) pocket.final_alive += population[(r * days + days - 1) * n + p];
        for (std::size_t d = 0; d < days; ++d) {
          const std::size_t i = (r * days + d) * n + p;
          pocket.aid_trucks += trucks[i];
          for (std::size_t c = 0; c < nc; ++c) pocket.deaths[c].second += deaths[i * nc + c];
        }
      }
      if (runs > 0) {
        pocket.final_alive /= static_cast<double>(runs);
        pocket.aid_trucks /= static_cast<double>(runs);
        for (auto& d : pocket.deaths) d.second /= static_cast<double>(runs);
      }
      info.pockets.push_back(std::move(pocket));
    }
    // Conflict totals: flows summed over days, the cumulative evacuated taken on the last day.
    const auto mean_over_runs = [&](const char* name, bool cumulative, auto member) {
      if (!h5::has_link(file, name)) return;
      std::vector<hsize_t> shape;
      const auto values = h5::read_doubles(file, name, shape);
      if (values.size() != arms * runs * days * n) throw std::runtime_error(fmt::format("{} has the wrong shape", name));
      for (std::size_t a = 0; a < arms; ++a) for (std::size_t p = 0; p < n; ++p) {
        double total = 0.0;
        for (std::size_t r = a * runs; r < (a + 1) * runs; ++r) {
          for (std::size_t d = cumulative && days > 0 ? days - 1 : 0; d < days; ++d) total += values[(r * days + d) * n + p];
        }
        info.pockets[a * n + p].*member = runs ? total / static_cast<double>(runs) : 0.0;
      }
    };
    mean_over_runs("strikes", false, &FileInfo::Pocket::strikes);
    mean_over_runs("detainees_released", false, &FileInfo::Pocket::detainees_released);
    mean_over_runs("evacuated", true, &FileInfo::Pocket::evacuated);
    if (h5::has_link(file, "events")) {
      const h5::Hid events(H5Gopen2(file, "events", H5P_DEFAULT), H5Gclose, "open group events");
      info.events = h5::shape_of(events, "event").at(0);
    }
  } catch (const std::exception& e) {
    not_a_run_file(path, fmt::format("a siege file whose variables cannot be read ({}); is it damaged?", e.what()));
  }
  return info;
}

std::string format_file_info(const FileInfo& info) {
  std::string sets;
  for (char c : info.overrides) sets += c == '\n' ? std::string(", ") : std::string(1, c);
  std::string out = fmt::format("{}\n  scenario   {} ({})\n  policy     {}\n{}  seed       {}\n  start      {}\n"
                                "  written by siege {} (commit {})\n  dimensions ",
                                info.path, info.scenario_name, info.scenario_file, info.policy,
                                sets.empty() ? std::string() : "  --set      " + sets + "\n", info.seed,
                                info.start_date, info.siege_version, info.git_commit);
  for (std::size_t i = 0; i < info.dimensions.size(); ++i) {
    out += fmt::format("{}{}={}", i ? ", " : "", info.dimensions[i].first, info.dimensions[i].second);
  }
  out += fmt::format("\n  events     {}\n  variables  ", info.events);
  for (std::size_t i = 0; i < info.variables.size(); ++i) out += (i ? ", " : "") + info.variables[i];
  out += "\n  per pocket (mean over runs):\n";
  for (const auto& p : info.pockets) {
    out += fmt::format("    {}: {:.0f} -> {:.0f} persons; deaths", p.name, p.initial, p.final_alive);
    for (const auto& [cause, count] : p.deaths) out += fmt::format(" {} {:.1f},", cause, count);
    out += fmt::format(" aid trucks {:.1f}", p.aid_trucks);
    if (p.strikes) {
      out += fmt::format("; strikes {:.1f}, detainees released {:.1f}, evacuated {:.1f}", *p.strikes,
                         p.detainees_released.value_or(0.0), p.evacuated.value_or(0.0));
    }
    out += "\n";
  }
  return out;
}

}  // namespace siege::observe
