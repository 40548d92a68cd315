#include "experiment/simulation.hpp"

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "observe/variables.hpp"
#include "stages/stages.hpp"
#include "world/invariants.hpp"

namespace siege {

std::string_view stage_name(Stage stage) {
  switch (stage) {
    case Stage::kCalendar: return "calendar";
    case Stage::kNegotiation: return "negotiation";
    case Stage::kBombardment: return "bombardment";
    case Stage::kSupply: return "supply";
    case Stage::kHouseholds: return "households";
    case Stage::kMortality: return "mortality";
    case Stage::kOpinion: return "opinion";
    case Stage::kDetention: return "detention";
    case Stage::kMovement: return "movement";
    case Stage::kObserve: return "observe";
  }
  return "?";
}

double StageProfile::total() const {
  double sum = 0.0;
  for (double s : seconds) sum += s;
  return sum;
}

StageProfile& StageProfile::operator+=(const StageProfile& other) {
  for (std::size_t i = 0; i < kStages; ++i) seconds[i] += other.seconds[i];
  return *this;
}

Simulation::Simulation(std::shared_ptr<const Scenario> scenario, std::uint64_t run)
    : world_(scenario, rng::RunKey{static_cast<std::uint64_t>(scenario->seed), run}) {}

template <class F>
void Simulation::timed(Stage stage, F&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  profile_.seconds[static_cast<std::size_t>(stage)] +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Simulation::step() {
  person_days_ += world_.alive();
  world_.begin_day();
  timed(Stage::kCalendar, [&] { stages::calendar(world_); });
  timed(Stage::kNegotiation, [&] { stages::negotiation(world_); });
  timed(Stage::kBombardment, [&] { stages::bombardment(world_); });
  timed(Stage::kSupply, [&] { stages::supply(world_); });
  timed(Stage::kHouseholds, [&] { stages::households(world_); });
  timed(Stage::kMortality, [&] { stages::mortality(world_); });
  timed(Stage::kOpinion, [&] { stages::opinion(world_); });
  timed(Stage::kDetention, [&] { stages::detention(world_); });
  timed(Stage::kMovement, [&] { stages::movement(world_); });
  timed(Stage::kObserve, [&] {
    for (auto* observer : observers_) observer->day_ended(world_);
  });
#ifdef SIEGE_VALIDATE
  if (const std::string broken = broken_invariant(world_); !broken.empty()) {
    throw std::logic_error(fmt::format("siege bug: an invariant broke on day {}: {}. Please report it with the "
                                       "scenario and seed.", world_.day, broken));
  }
#endif
  ++world_.day;
}

Simulation::Simulation(const Simulation& trunk, std::shared_ptr<const Scenario> arm)
    : world_(trunk.world_), profile_(trunk.profile_), person_days_(trunk.person_days_), started_(true) {
  world_.adopt_policy(std::move(arm));
}

void Simulation::run_until(std::int64_t day) {
  if (!started_) {
    for (auto* observer : observers_) observer->run_started(world_);
    started_ = true;
  }
  while (world_.day < std::min(day, world_.scenario().days)) {
    throw_if_interrupted();
    step();
  }
}

RunSnapshot Simulation::snapshot(std::uint64_t run, const observe::RunRecord& record) const {
  SnapshotWriter out;
  save_world(out, world_);
  return RunSnapshot{run, person_days_, out.bytes(), record};
}

void Simulation::restore(const RunSnapshot& snapshot, const std::string& file) {
  SnapshotReader in(snapshot.world, file);
  restore_world(in, world_);
  const auto vars = observe::variables();
  bool fits = in.done() && snapshot.record.days == static_cast<std::size_t>(world_.day) &&
              snapshot.record.values.size() == vars.size();
  for (std::size_t v = 0; fits && v < vars.size(); ++v) {
    fits = snapshot.record.values[v].size() ==
           snapshot.record.days * observe::values_per_day(vars[v], world_.pockets.size(), world_.towns.size());
  }
  if (!fits) throw InputError::in_file(file, "is damaged (a run's state and its figures disagree)");
  person_days_ = snapshot.person_days;
  started_ = true;
}

void Simulation::run() {
  run_until(world_.scenario().days);
  for (auto* observer : observers_) observer->run_ended(world_);
}

}  // namespace siege
