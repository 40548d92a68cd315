// Nobody appears or vanishes: on every day, in every pocket, its own residents are inside, dead,
// departed, evacuated or detained; the arrival slots it holds for evacuees are filled by exactly as
// many as were evacuated to it; the daily death counts add up to the dead; and every detainee is
// held, released or dead, with the pocket's count of those held in step.
#include <array>
#include <gtest/gtest.h>

#include "observe/observer.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

class ConservationCheck final : public observe::Observer {
 public:
  void day_ended(const World& w) override {
    ++days;
    std::vector<std::int64_t> evacuated_to(w.pockets.size(), 0);
    for (std::size_t p = 0; p < w.pockets.size(); ++p) {
      const auto& conflict = w.scenario().pockets[p].conflict;
      if (!conflict || conflict->evacuation.destination.empty()) continue;
      for (std::size_t q = 0; q < w.pockets.size(); ++q) {
        if (w.scenario().pockets[q].name == conflict->evacuation.destination) {
          evacuated_to[q] += w.pockets[p].front.evacuated_total;
        }
      }
    }
    for (std::size_t p = 0; p < w.pockets.size(); ++p) {
      const Pocket& pocket = w.pockets[p];
      std::int64_t own = 0, arrivals_present = 0, alive = 0, dead = 0, departed = 0, evacuated = 0, detained = 0,
                   conscripted = 0;
      for (std::uint32_t i = pocket.first_person; i < pocket.end_person; ++i) {
        const Status status = w.persons.status[i];
        const bool arrival_slot = w.town_layout[w.town_of(i)].arrivals_from_pocket >= 0;
        (arrival_slot ? arrivals_present : own) += status != Status::kAbsent;
        ASSERT_TRUE(arrival_slot || status != Status::kAbsent);
        alive += status == Status::kInside;
        dead += status == Status::kDead;
        departed += status == Status::kDeparted;
        evacuated += status == Status::kEvacuated;
        detained += status == Status::kDetained;
        conscripted += status == Status::kConscripted;
      }
      for (std::int64_t d : pocket.today.deaths) deaths_so_far[p] += d;
      ASSERT_EQ(own, pocket.initial_population) << "day " << w.day;
      ASSERT_EQ(alive + dead + departed + evacuated + detained + conscripted,
                pocket.initial_population + arrivals_present)
          << "day " << w.day;
      conscripted_so_far[p] += pocket.today.conscripted;
      ASSERT_EQ(conscripted, conscripted_so_far[p]) << "day " << w.day;
      ASSERT_EQ(arrivals_present, evacuated_to[p]) << "day " << w.day;
      ASSERT_EQ(evacuated, pocket.front.evacuated_total) << "day " << w.day;
      ASSERT_EQ(alive, pocket.alive) << "day " << w.day;
      ASSERT_EQ(departed, pocket.departed) << "day " << w.day;
      ASSERT_EQ(dead, deaths_so_far[p]) << "day " << w.day;
      std::int64_t fighters = 0, injured = 0;
      for (std::uint32_t i = pocket.first_person; i < pocket.end_person; ++i) {
        if (w.persons.status[i] != Status::kInside) continue;
        fighters += (w.persons.flags[i] & kFighter) != 0;
        injured += (w.persons.flags[i] & kInjured) != 0;
      }
      ASSERT_EQ(fighters, pocket.front.fighters) << "day " << w.day;
      ASSERT_EQ(injured, pocket.front.injured) << "day " << w.day;
      std::int64_t held = 0;
      for (std::size_t d = 0; d < w.detainees.size(); ++d) {
        held += w.detainees.origin_pocket[d] == p && w.detainees.status[d] == DetaineeStatus::kHeld;
      }
      ASSERT_EQ(held, pocket.front.detainees_held) << "day " << w.day;
      released_so_far[p] += pocket.today.detainees_released;
      died_so_far[p] += pocket.today.detainees_died;
      arrested_so_far[p] += pocket.today.detainees_arrested;
      if (const auto& conflict = w.scenario().pockets[p].conflict) {
        ASSERT_EQ(held + released_so_far[p] + died_so_far[p],
                  conflict->detainees.on_list + conflict->detainees.not_on_list + arrested_so_far[p])
            << "day " << w.day;
      }
    }
    const Households& households = w.households;
    for (std::uint32_t h = 0; h < households.size(); ++h) {
      std::array<std::uint16_t, kAgeBands> inside{};
      for (std::uint32_t i = households.first_person[h]; i < households.first_person[h + 1]; ++i) {
        if (w.persons.status[i] == Status::kInside) ++inside[static_cast<std::size_t>(w.persons.age_band[i])];
      }
      ASSERT_EQ(inside, households.inside[h]) << "household " << h << ", day " << w.day;
    }
    for (const Town& town : w.towns) {
      std::int64_t alive = 0, fighters = 0;
      for (std::uint32_t i = town.first_person; i < town.end_person; ++i) {
        alive += w.persons.status[i] == Status::kInside;
        fighters += w.persons.status[i] == Status::kInside && (w.persons.flags[i] & kFighter);
      }
      ASSERT_EQ(alive, town.alive);
      ASSERT_EQ(fighters, town.fighters);
    }
  }
  std::array<std::int64_t, 8> deaths_so_far{}, released_so_far{}, died_so_far{}, arrested_so_far{},
      conscripted_so_far{};
  int days = 0;
};

TEST(Conservation, EveryPersonAndDetaineeIsAccountedForOnEveryDay) {
  struct Case {
    const char* file;
    const char* policy;
  };
  for (const Case& c : {Case{"tests/scenarios/no_inflow.yaml", ""}, Case{"tests/scenarios/two_pockets.yaml", ""},
                        Case{"scenarios/classroom.yaml", ""}, Case{"scenarios/waer.yaml", "hold"},
                        Case{"scenarios/waer.yaml", "drop"}, Case{"tests/scenarios/conflict.yaml", ""},
                        Case{"tests/scenarios/four_zones.yaml", ""}, Case{"tests/scenarios/linked_pockets.yaml", ""},
                        Case{"scenarios/waer.yaml", "phased"}}) {
    const char* file = c.file;
    const auto scenario = test::load(file, 0, c.policy);
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
