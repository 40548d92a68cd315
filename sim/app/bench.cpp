// siege bench: how fast a scenario runs, where the time goes, how much memory each person takes,
// and how the speed grows with threads.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "app/commands.hpp"
#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/parallel.hpp"
#include "core/statistics.hpp"
#include "core/text_file.hpp"
#include "experiment/run.hpp"
#include "experiment/simulation.hpp"
#include "observe/hdf5_output.hpp"
#include "observe/recorder.hpp"
#include "scenario/load.hpp"
#include "world/world.hpp"

namespace siege::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::size_t peak_resident_bytes() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // Linux reports kilobytes
}

/// Bytes one day of the two person-level stages reads and writes, counted from the columns their
/// loops stream (every slot of a household range, the living and the others), to set against the
/// machine's memory bandwidth. A tie reads its index and the mean of the household it reaches.
struct DayTraffic {
  double households = 0.0;
  double opinion = 0.0;
};

DayTraffic day_traffic(const World& world) {
  const Households& h = world.households;
  const double persons = static_cast<double>(world.persons.size());
  const double households = static_cast<double>(h.size());
  const double ties = static_cast<double>(world.network.tied.size());
  constexpr double status = sizeof(Status), band = sizeof(AgeBand), f32 = sizeof(float), u32 = sizeof(std::uint32_t);
  const double inside = sizeof(h.inside[0]);
  DayTraffic traffic;
  // Demand: inside, food, cash read, demand written. Eating: inside, demand, first member read;
  // cash and food read and written; reserve sum written, settled read and written; each member's
  // status, band, sex, flags, reserve and adaptation read, reserve and adaptation written (an
  // upper bound: the healthy and fed skip most); then the classes' pass reads status, band, flags
  // and reserve again.
  traffic.households = households * ((inside + 3 * f32) + (inside + f32 + u32 + 4 * f32 + f32 + 2)) +
                       persons * (status + band + 2 + 4 * f32) + persons * (status + band + 1 + f32);
  // Gather: changed flag, inside, support sum read, mean written. Update: first tie, own mean,
  // inside, reserve sum, relatives, first member read, support sum written; each tie's index and
  // mean; each member's status and leaning read, support written.
  traffic.opinion = households * ((1 + inside + 2 * f32) + (u32 + f32 + inside + f32 + u32 + u32 + f32)) +
                    ties * (u32 + f32) + persons * (status + 1 + f32);
  return traffic;
}

struct Measurement {
  int threads = 0;
  std::int64_t person_days = 0;
  double rate = 0.0;       ///< person-days per second, median of repetitions
  double run_seconds = 0;  ///< median
  double init_seconds = 0;
  double output_seconds = 0;
  std::array<double, kStages> stage_seconds{};
};

Measurement measure(const std::shared_ptr<const Scenario>& scenario, int thread_count, const BenchArgs& args,
                    DayTraffic& traffic, World::StateBytes& state) {
  Threads threads(thread_count);
  const fs::path scratch = fs::temp_directory_path() / fmt::format("siege-bench-{}.h5", ::getpid());
  std::vector<double> rate, init, output, simulate;
  std::array<std::vector<double>, kStages> stage;
  Measurement m;
  m.threads = threads.count();
  for (int rep = 0; rep < args.warmup + args.repetitions; ++rep) {
    observe::Recorder recorder;
    double init_seconds = 0, run_seconds = 0;
    StageProfile profile;
    threads.run([&] {
      const auto t0 = Clock::now();
      Simulation simulation(scenario, static_cast<std::uint64_t>(rep));
      init_seconds = seconds_since(t0);
      state = simulation.world().state_bytes();
      traffic = day_traffic(simulation.world());
      simulation.add_observer(recorder);
      const auto t1 = Clock::now();
      simulation.run();
      run_seconds = seconds_since(t1);
      profile = simulation.profile();
      m.person_days = simulation.person_days();
    });
    const auto t2 = Clock::now();
    {
      observe::Hdf5Output file(scratch.string(), *scenario, observe::Provenance{"baseline", scenario->seed, 1});
      file.write_run(0, recorder.record());
      file.commit();
    }
    const double output_seconds = seconds_since(t2);
    fs::remove(scratch);
    if (rep < args.warmup) continue;
    rate.push_back(static_cast<double>(m.person_days) / run_seconds);
    init.push_back(init_seconds);
    simulate.push_back(run_seconds);
    output.push_back(output_seconds);
    for (std::size_t s = 0; s < kStages; ++s) stage[s].push_back(profile.seconds[s]);
  }
  m.rate = median(rate);
  m.run_seconds = median(simulate);
  m.init_seconds = median(init);
  m.output_seconds = median(output);
  for (std::size_t s = 0; s < kStages; ++s) m.stage_seconds[s] = median(stage[s]);
  return m;
}

void print_measurement(const Measurement& m, const DayTraffic& traffic, const Scenario& scenario, double bandwidth_gbs) {
  const double days = static_cast<double>(scenario.days);
  fmt::print("\n{} thread{}: {:.1f} million person-days/s ({} person-days in {:.3f} s)\n", m.threads,
             m.threads == 1 ? "" : "s", m.rate / 1e6, m.person_days, m.run_seconds);
  fmt::print("  {:<12} {:>9}  {:>6}  {:>14}  {:>8}  {:>13}\n", "stage", "ms", "share", "bytes/person-day", "GB/s",
             "of bandwidth");
  fmt::print("  {:<12} {:9.1f}\n", "initialise", 1e3 * m.init_seconds);
  const double persons = static_cast<double>(scenario.persons());
  for (std::size_t s = 0; s < kStages; ++s) {
    const auto stage = static_cast<Stage>(s);
    const double t = m.stage_seconds[s];
    const double bytes = stage == Stage::kHouseholds ? traffic.households
                         : stage == Stage::kOpinion  ? traffic.opinion
                                                     : 0.0;
    std::string flow;
    if (bytes > 0.0 && t > 0.0) {
      const double gbs = bytes * days / t / 1e9;
      flow = fmt::format("  {:16.1f}  {:8.2f}  {:12.1f}%", bytes / persons, gbs, 100.0 * gbs / bandwidth_gbs);
    }
    fmt::print("  {:<12} {:9.1f}  {:5.1f}%{}\n", stage_name(stage), 1e3 * t, 100.0 * t / m.run_seconds, flow);
  }
  const double observe = m.stage_seconds[static_cast<std::size_t>(Stage::kObserve)];
  fmt::print("  {:<12} {:9.1f}  {:5.1f}%  (observe stage and HDF5 file together: {:.1f}% of run time)\n",
             "output file", 1e3 * m.output_seconds, 100.0 * m.output_seconds / m.run_seconds,
             100.0 * (observe + m.output_seconds) / m.run_seconds);
}

Json measurement_json(const Measurement& m) {
  Json stages = Json::object();
  for (std::size_t s = 0; s < kStages; ++s) {
    stages.set(std::string(stage_name(static_cast<Stage>(s))), m.stage_seconds[s]);
  }
  Json result = Json::object();
  result.set("threads", m.threads)
      .set("person_days", m.person_days)
      .set("person_days_per_second", m.rate)
      .set("run_seconds", m.run_seconds)
      .set("initialise_seconds", m.init_seconds)
      .set("output_seconds", m.output_seconds)
      .set("stage_seconds", std::move(stages));
  return result;
}

}  // namespace

int bench_command(const BenchArgs& args) {
  Scenario loaded = scenario::load_file(args.scenario);
  if (args.days) loaded.days = *args.days;
  if (args.persons) {
    try {
      loaded = scenario::scaled_to_persons(loaded, *args.persons);
    } catch (const std::invalid_argument& error) {
      throw InputError(fmt::format("siege bench: {}; give more persons", error.what()));
    }
  }
  check_memory(loaded, 1);
  const auto scenario = std::make_shared<const Scenario>(std::move(loaded));
  const std::vector<int> thread_counts = args.threads.empty() ? std::vector<int>{0} : args.threads;

  fmt::print("siege bench: '{}', {} persons x {} days, median of {} runs after {} warm-up\n", scenario->name,
             scenario->persons(), scenario->days, args.repetitions, args.warmup);
  std::vector<Measurement> measured;
  DayTraffic traffic;
  World::StateBytes state;
  for (int count : thread_counts) {
    measured.push_back(measure(scenario, count, args, traffic, state));
    print_measurement(measured.back(), traffic, *scenario, args.bandwidth_gbs);
  }

  const double persons = static_cast<double>(scenario->persons());
  const std::size_t peak = peak_resident_bytes();
  fmt::print("\nmemory: peak resident {:.1f} MB = {:.1f} bytes per person; state {:.1f} bytes per person "
             "(persons {:.1f}, households {:.1f}, network {:.1f})\n",
             static_cast<double>(peak) / 1e6, static_cast<double>(peak) / persons,
             static_cast<double>(state.total()) / persons, static_cast<double>(state.persons) / persons,
             static_cast<double>(state.households) / persons, static_cast<double>(state.network) / persons);
  if (measured.size() > 1) {
    fmt::print("\n  {:>7}  {:>22}  {:>8}  {:>10}\n", "threads", "million person-days/s", "speed-up", "efficiency");
    const Measurement& first = measured.front();
    for (const Measurement& m : measured) {
      const double speedup = m.rate / first.rate;
      const double ideal = static_cast<double>(m.threads) / static_cast<double>(first.threads);
      fmt::print("  {:>7}  {:>22.1f}  {:>7.2f}x  {:>9.0f}%\n", m.threads, m.rate / 1e6, speedup, 100.0 * speedup / ideal);
    }
  }

  if (!args.json.empty()) {
    Json results = Json::array();
    for (const Measurement& m : measured) results.push(measurement_json(m));
    Json out = Json::object();
    out.set("scenario", scenario->name)
        .set("persons", scenario->persons())
        .set("days", scenario->days)
        .set("repetitions", args.repetitions)
        .set("peak_resident_bytes", static_cast<std::int64_t>(peak))
        .set("state_bytes", static_cast<std::int64_t>(state.total()))
        .set("results", std::move(results));
    write_text_atomically(args.json, out.dump() + "\n");
  }
  return 0;
}

}  // namespace siege::app
