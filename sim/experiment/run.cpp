#include "experiment/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <limits>
#include <optional>

#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "observe/hdf5_output.hpp"

namespace siege {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::vector<PocketHeadline> headline(const Scenario& scenario, const observe::RunRecord& record) {
  using observe::variable_index;
  const std::size_t n = scenario.pockets.size();
  const auto& population = record.values[variable_index("population")];
  const auto& deaths = record.values[variable_index("deaths")];
  const auto& trucks = record.values[variable_index("aid_trucks")];
  const auto& price = record.values[variable_index("food_price_multiple")];
  const auto& nutrition = record.values[variable_index("mean_nutrition")];
  const auto& malnourished = record.values[variable_index("share_malnourished")];
  const auto& strikes = record.values[variable_index("strikes")];
  const auto& released = record.values[variable_index("detainees_released")];
  const auto& evacuated = record.values[variable_index("evacuated")];
  const auto& state = record.values[variable_index("negotiation_state")];
  const auto& arrivals = record.values[variable_index("arrivals")];
  const auto& demonstrations = record.values[variable_index("demonstrations")];
  const auto& support = record.values[variable_index("support_release_condition")];
  std::vector<PocketHeadline> out(n);
  for (std::size_t p = 0; p < n; ++p) {
    PocketHeadline& h = out[p];
    h.name = scenario.pockets[p].name;
    for (const auto& t : scenario.pockets[p].towns) h.initial += t.population;
    h.final_alive = record.days ? static_cast<std::int64_t>(population[(record.days - 1) * n + p]) : h.initial;
    for (std::size_t d = 0; d < record.days; ++d) {
      const std::size_t i = d * n + p;
      for (std::size_t c = 0; c < kCauses; ++c) {
        const auto count = static_cast<std::int64_t>(deaths[i * kCauses + c]);
        h.deaths[c] += count;
        if (kDeathCauses[c] == Cause::kMalnutrition && count > 0 && h.first_hunger_death_day < 0) {
          h.first_hunger_death_day = static_cast<std::int64_t>(d);
        }
      }
      h.aid_trucks += static_cast<std::int64_t>(trucks[i]);
      h.peak_price_multiple = std::max(h.peak_price_multiple, price[i]);
      h.lowest_mean_nutrition = std::min(h.lowest_mean_nutrition, nutrition[i]);
      h.peak_share_malnourished = std::max(h.peak_share_malnourished, malnourished[i]);
      h.strikes += static_cast<std::int64_t>(strikes[i]);
      h.detainees_released += static_cast<std::int64_t>(released[i]);
      h.evacuated = static_cast<std::int64_t>(evacuated[i]);
      h.arrivals += static_cast<std::int64_t>(arrivals[i]);
      h.demonstrations += static_cast<std::int64_t>(demonstrations[i]);
      if (d == 0) h.first_support = support[i];
      h.final_support = support[i];
      h.final_state = static_cast<NegotiationState>(static_cast<int>(state[i]));
      if (h.surrender_day < 0 && h.final_state == NegotiationState::kSurrender) h.surrender_day = static_cast<std::int64_t>(d);
    }
  }
  return out;
}

double world_bytes(const Scenario& scenario) {
  double slots = 0.0;
  for (const PocketDef& pocket : scenario.pockets) {
    double own = 0.0;
    for (const TownDef& town : pocket.towns) own += static_cast<double>(town.population);
    const bool evacuated_elsewhere = pocket.conflict && !pocket.conflict->evacuation.destination.empty();
    slots += evacuated_elsewhere ? 2.0 * own : own;
  }
  return kWorldBytesPerSlot * slots;
}

void check_memory(const Scenario& scenario, std::size_t worlds) {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double available_kb = -1.0;
  while (meminfo >> key) {
    if (key == "MemAvailable:") {
      meminfo >> available_kb;
      break;
    }
    meminfo.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  if (available_kb < 0) return;  // not Linux, or not said: nothing to check against
  const double needed = world_bytes(scenario) * static_cast<double>(worlds);
  const double available = available_kb * 1024.0;
  if (needed <= available) return;
  throw InputError::in_file(
      scenario.source_file,
      fmt::format("needs about {:.1f} GB of memory ({} persons and their arrival slots at about {:.0f} bytes each{}) "
                  "but this machine has {:.1f} GB available; lower the towns' populations{}",
                  needed / 1e9, scenario.persons(), kWorldBytesPerSlot,
                  worlds > 1 ? fmt::format(", {} runs at once", worlds) : std::string(), available / 1e9,
                  worlds > 1 ? " or run fewer at once (--threads)" : ""));
}

RunReport run_replicates(std::shared_ptr<const Scenario> scenario, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  RunReport report;
  Threads threads(options.threads);
  report.threads = threads.count();
  const auto runs = static_cast<std::size_t>(options.replicates);

  std::optional<observe::Hdf5Output> output;
  if (!options.output_path.empty()) {
    const auto start = std::chrono::steady_clock::now();
    observe::Provenance provenance{options.policy, scenario->seed, runs};
    provenance.parameters_file = options.parameters_file;
    provenance.parameter_sets = options.parameter_sets;
    output.emplace(options.output_path, *scenario, provenance);
    report.output_seconds += seconds_since(start);
  }
  Checkpoint checkpoint;
  if (options.checkpoint_at > 0) {
    checkpoint = Checkpoint{scenario->source_text, scenario->source_file, scenario->policy, scenario->overrides,
                            scenario->seed, scenario->days, options.checkpoint_at, {}};
  }
  for (std::size_t run = 0; run < runs; ++run) {
    observe::Recorder recorder;
    threads.run([&] {
      const auto& own = options.posterior.empty()
                            ? scenario
                            : options.posterior[parameter_set_of(run, runs, options.posterior.size())];
      Simulation simulation(options.resume_trunk ? options.resume_trunk : own, run);
      if (options.resume) {
        const RunSnapshot& snapshot = options.resume->runs.at(run);
        simulation.restore(snapshot, options.resume_path);
        if (options.resume_trunk) simulation.adopt_policy(scenario);
        recorder.resume(snapshot.record);
      }
      simulation.add_observer(recorder);
      if (options.checkpoint_at > 0) {
        simulation.run_until(options.checkpoint_at);
        checkpoint.runs.push_back(simulation.snapshot(run, recorder.record()));
      }
      simulation.run();
      report.profile += simulation.profile();
      report.person_days += simulation.person_days();
    });
    report.runs.push_back(headline(*scenario, recorder.record()));
    if (options.on_record) options.on_record(run, recorder.record());
    if (output) {
      const auto start = std::chrono::steady_clock::now();
      output->write_run(run, recorder.record());
      report.output_seconds += seconds_since(start);
    }
  }
  if (options.checkpoint_at > 0) write_checkpoint(options.checkpoint_path, checkpoint);
  if (output) {
    const auto start = std::chrono::steady_clock::now();
    output->commit();
    report.output_seconds += seconds_since(start);
  }
  report.wall_seconds = seconds_since(wall_start);
  return report;
}

}  // namespace siege
