// Nobody appears or vanishes: on every day, alive + dead + departed = initial, in every pocket and
// town, and the daily death counts add up to the dead.
#include <gtest/gtest.h>

#include "observe/observer.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

class ConservationCheck final : public observe::Observer {
 public:
  void day_ended(const World& w) override {
    ++days;
    for (std::size_t p = 0; p < w.pockets.size(); ++p) {
      const Pocket& pocket = w.pockets[p];
      std::int64_t alive = 0, dead = 0, departed = 0;
      for (std::uint32_t i = pocket.first_person; i < pocket.end_person; ++i) {
        alive += w.persons.status[i] == Status::kInside;
        dead += w.persons.status[i] == Status::kDead;
        departed += w.persons.status[i] == Status::kDeparted;
      }
      for (std::int64_t d : pocket.today.deaths) deaths_so_far[p] += d;
      ASSERT_EQ(alive + dead + departed, pocket.initial_population) << "day " << w.day;
      ASSERT_EQ(alive, pocket.alive) << "day " << w.day;
      ASSERT_EQ(departed, pocket.departed) << "day " << w.day;
      ASSERT_EQ(dead, deaths_so_far[p]) << "day " << w.day;
    }
    for (const Town& town : w.towns) {
      std::int64_t alive = 0;
      for (std::uint32_t i = town.first_person; i < town.end_person; ++i) alive += w.persons.status[i] == Status::kInside;
      ASSERT_EQ(alive, town.alive);
    }
  }
  std::array<std::int64_t, 8> deaths_so_far{};
  int days = 0;
};

TEST(Conservation, EveryPersonIsAliveDeadOrDepartedOnEveryDay) {
  for (const char* file : {"tests/scenarios/no_inflow.yaml", "tests/scenarios/two_pockets.yaml",
                           "scenarios/classroom.yaml"}) {
    const auto scenario = test::load(file);
    ConservationCheck check;
    Simulation simulation(scenario, 0);
    simulation.add_observer(check);
    simulation.run();
    EXPECT_EQ(check.days, scenario->days) << file;
    EXPECT_GT(check.deaths_so_far[0], 0) << file;  // the check saw deaths happen
  }
}

}  // namespace
}  // namespace siege
