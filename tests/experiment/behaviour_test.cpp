// Statistical checks of behaviour on real scenario files: with nothing coming in, hunger deaths
// appear only after weeks and then rise; with ample aid they stay at baseline (none).
#include <gtest/gtest.h>

#include "experiment/run.hpp"
#include "experiment/simulation.hpp"
#include "observe/variables.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

std::vector<std::int64_t> weekly_hunger_deaths(const observe::RunRecord& record, std::size_t pockets) {
  const auto& deaths = record.values[observe::variable_index("deaths")];
  std::vector<std::int64_t> weeks(record.days / 7, 0);
  const std::size_t malnutrition = cause_index(Cause::kMalnutrition);
  for (std::size_t d = 0; d < weeks.size() * 7; ++d) {
    for (std::size_t p = 0; p < pockets; ++p) {
      weeks[d / 7] += static_cast<std::int64_t>(deaths[(d * pockets + p) * kCauses + malnutrition]);
    }
  }
  return weeks;
}

TEST(Behaviour, WithoutInflowHungerDeathsComeAfterWeeksAndRise) {
  const auto scenario = test::load("tests/scenarios/no_inflow.yaml");
  for (std::uint64_t run = 0; run < 3; ++run) {
    const auto result = test::run(scenario, run, 2);
    const auto weeks = weekly_hunger_deaths(result.record, 1);
    // None in the first two weeks: stores, then bodily reserves, carry people that long.
    EXPECT_EQ(weeks[0] + weeks[1], 0) << "run " << run;
    const auto first = headline(*scenario, result.record)[0].first_hunger_death_day;
    EXPECT_GE(first, 14) << "run " << run;
    // Then they rise: each month more than the one before, over the first three months.
    const std::int64_t month1 = weeks[0] + weeks[1] + weeks[2] + weeks[3];
    const std::int64_t month2 = weeks[4] + weeks[5] + weeks[6] + weeks[7];
    const std::int64_t month3 = weeks[8] + weeks[9] + weeks[10] + weeks[11];
    EXPECT_GT(month2, month1) << "run " << run;
    EXPECT_GT(month3, month2) << "run " << run;
    EXPECT_GT(month3, 100) << "run " << run;
  }
}

TEST(Behaviour, WithoutInflowTheYoungestAndTheOldestStarveFirst) {
  // P2, P3: hunger kills the old and the very young first; a healthy adult lasts about two months.
  const auto scenario = test::load("tests/scenarios/no_inflow.yaml");
  Simulation sim(scenario, 0);
  std::vector<std::uint8_t> counted(sim.world().persons.size(), 0);
  int first_day = -1, young_or_old = 0, others = 0;
  while (sim.world().day < scenario->days && young_or_old + others < 30) {
    sim.step();
    const Persons& persons = sim.world().persons;
    for (std::uint32_t p = 0; p < persons.size(); ++p) {
      if (counted[p] || persons.cause[p] != Cause::kMalnutrition) continue;
      counted[p] = 1;
      if (first_day < 0) first_day = static_cast<int>(sim.world().day);
      const bool young = (persons.flags[p] & kUnderFive) != 0, old = persons.age_band[p] == AgeBand::kElderly;
      ++(young || old ? young_or_old : others);
    }
  }
  ASSERT_GE(young_or_old + others, 30) << "30 hunger deaths within the run";
  EXPECT_GE(first_day, 21) << "the first hunger death comes after weeks, not days";
  // Under-5s and the elderly are a fifth of the residents, and most of the first to die.
  EXPECT_GE(young_or_old, 4 * others) << young_or_old << " under 5 or elderly, " << others << " others, by day "
                                      << sim.world().day;
}

TEST(Behaviour, WithAmpleAidHungerDeathsStayAtBaseline) {
  const auto scenario = test::load("tests/scenarios/ample_aid.yaml");
  for (std::uint64_t run = 0; run < 3; ++run) {
    const auto result = test::run(scenario, run, 2);
    const auto h = headline(*scenario, result.record)[0];
    EXPECT_EQ(h.deaths[cause_index(Cause::kMalnutrition)], 0) << "run " << run;
    EXPECT_EQ(h.peak_share_malnourished, 0.0) << "run " << run;
    // Baseline deaths still happen, at about the declared rates (20,000 persons, 120 days).
    EXPECT_GT(h.deaths[cause_index(Cause::kOther)], 0) << "run " << run;
    EXPECT_LT(h.deaths[cause_index(Cause::kOther)], 60) << "run " << run;
  }
}

TEST(Behaviour, AidThatEntersCutsHungerDeaths) {
  // The same shut pocket, fed or not: aid must make a difference in every run.
  const auto shut = test::load("tests/scenarios/no_inflow.yaml");
  const auto fed = test::load("tests/scenarios/ample_aid.yaml");
  for (std::uint64_t run = 0; run < 2; ++run) {
    const auto starving = headline(*shut, test::run(shut, run, 2).record)[0];
    const auto eating = headline(*fed, test::run(fed, run, 2).record)[0];
    EXPECT_GT(starving.deaths[cause_index(Cause::kMalnutrition)], 100);
    EXPECT_GT(eating.final_alive, starving.final_alive);
  }
}

}  // namespace
}  // namespace siege
