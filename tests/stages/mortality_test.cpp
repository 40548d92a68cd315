#include <gtest/gtest.h>

#include <cmath>

#include "stages/stages.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

World build(std::int64_t population) {
  auto scenario = std::make_shared<const Scenario>(test::parse(R"(name: mortality test
start_date: 2017-06-01
mortality: {baseline_adult_per_1000_year: 365.25, starvation_per_1000_day: 20}
pockets:
  - name: P
    towns:
      - {name: A, population: )" + std::to_string(population) + R"(, lat: 0, lon: 0}
)"));
  return World(scenario, rng::RunKey{5, 0});
}

struct Expected {
  double deaths = 0.0;
  double variance = 0.0;
  double hunger = 0.0;
};

Expected expected_deaths(const World& w) {
  Expected e;
  for (std::uint32_t p = 0; p < w.persons.size(); ++p) {
    if (w.persons.status[p] != Status::kInside) continue;
    const auto [base, hunger] = w.biology().hazards(w.persons.age_band[p], w.persons.flags[p], w.persons.reserve_share[p]);
    const double probability = -std::expm1(-(base + hunger));
    e.deaths += probability;
    e.variance += probability * (1 - probability);
    e.hunger += probability * hunger / (base + hunger);
  }
  return e;
}

TEST(Mortality, DeathsMatchEachPersonsProbability) {
  World w = build(200000);
  // Half the residents starving to various degrees.
  for (std::uint32_t p = 0; p < w.persons.size(); p += 2) w.persons.reserve_share[p] *= 0.05f * static_cast<float>(p % 7);
  for (int day = 0; day < 3; ++day) {
    const Expected e = expected_deaths(w);
    w.begin_day();
    stages::mortality(w);
    const auto& deaths = w.pockets[0].today.deaths;
    const double total = static_cast<double>(deaths[0] + deaths[1]);
    EXPECT_NEAR(total, e.deaths, 4 * std::sqrt(e.variance)) << "day " << day;
    EXPECT_NEAR(static_cast<double>(deaths[cause_index(Cause::kMalnutrition)]), e.hunger, 4 * std::sqrt(e.hunger));
    ++w.day;
  }
}

TEST(Mortality, TheDeadAreCountedOnceAndKeepTheirCause) {
  World w = build(50000);
  std::int64_t deaths = 0;
  for (int day = 0; day < 30; ++day) {
    w.begin_day();
    stages::mortality(w);
    deaths += w.pockets[0].today.deaths[0] + w.pockets[0].today.deaths[1];
    ++w.day;
  }
  std::int64_t dead = 0;
  for (std::uint32_t p = 0; p < w.persons.size(); ++p) {
    if (w.persons.status[p] == Status::kDead) {
      ++dead;
      EXPECT_NE(w.persons.cause[p], Cause::kNone);
    } else {
      EXPECT_EQ(w.persons.cause[p], Cause::kNone);
    }
  }
  EXPECT_GT(deaths, 0);
  EXPECT_EQ(dead, deaths);
  EXPECT_EQ(w.pockets[0].alive, 50000 - deaths);
  EXPECT_EQ(w.towns[0].alive, 50000 - deaths);
}

}  // namespace
}  // namespace siege
