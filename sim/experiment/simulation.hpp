#pragma once
#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "experiment/checkpoint.hpp"
#include "observe/observer.hpp"
#include "world/world.hpp"

namespace siege {

/// The daily stages, in the order they run.
enum class Stage : std::uint8_t {
  kCalendar,
  kNegotiation,
  kBombardment,
  kSupply,
  kHouseholds,
  kMortality,
  kOpinion,
  kDetention,
  kMovement,
  kObserve,
};
inline constexpr std::size_t kStages = 10;
std::string_view stage_name(Stage stage);

/// Wall time spent in each stage.
struct StageProfile {
  std::array<double, kStages> seconds{};
  double total() const;
  StageProfile& operator+=(const StageProfile& other);
};

/// One run of one scenario: builds the world, then steps it day by day.
class Simulation {
 public:
  Simulation(std::shared_ptr<const Scenario> scenario, std::uint64_t run);
  /// A branch: the trunk's world as it stands, continued from today under `arm`, a scenario that
  /// differs from the trunk's only in what a policy may change after the start (see
  /// World::adopt_policy). Observers are not copied; add the branch's own.
  Simulation(const Simulation& trunk, std::shared_ptr<const Scenario> arm);

  /// Observers must outlive the simulation.
  void add_observer(observe::Observer& observer) { observers_.push_back(&observer); }
  /// Runs every day of the scenario, telling the observers.
  void run();
  /// Runs the days before `day` that have not run yet (the observers hear of the start first).
  void run_until(std::int64_t day);
  /// A snapshot of this run as it stands (see experiment/checkpoint.hpp).
  RunSnapshot snapshot(std::uint64_t run, const observe::RunRecord& record) const;
  /// Continues from a snapshot of the same scenario and run; the observers are not told of a start.
  void restore(const RunSnapshot& snapshot, const std::string& file);
  /// Goes on from today under `arm`, a policy overlay of the same scenario (World::adopt_policy):
  /// a restored run branched at its checkpoint's day.
  void adopt_policy(std::shared_ptr<const Scenario> arm) { world_.adopt_policy(std::move(arm)); }
  /// One day, like a methods section: the stages in order, then the observers.
  void step();

  const World& world() const { return world_; }
  const StageProfile& profile() const { return profile_; }
  /// Person-days simulated so far (persons alive at the start of each day, summed).
  std::int64_t person_days() const { return person_days_; }

 private:
  template <class F>
  void timed(Stage stage, F&& work);

  World world_;
  std::vector<observe::Observer*> observers_;
  StageProfile profile_;
  std::int64_t person_days_ = 0;
  bool started_ = false;
};

}  // namespace siege
