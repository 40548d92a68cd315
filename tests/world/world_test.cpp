#include "world/world.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "support/support.hpp"

namespace siege {
namespace {

const char* kBigTown = R"(name: big town
start_date: 2017-01-01
pockets:
  - name: P
    towns:
      - {name: A, population: 60000, lat: 0, lon: 0}
      - {name: B, population: 1, lat: 0, lon: 0}
    households: {mean_size: 5.5, initial_cash_usd: 150, initial_food_store_days: 7, initial_reserve_share: 0.6}
    demography: {child_share: 0.42, adult_share: 0.52, elderly_share: 0.06, female_share: 0.52}
)";

World build(const char* yaml, std::uint64_t run = 0) {
  auto scenario = std::make_shared<const Scenario>(test::parse(yaml));
  return World(scenario, rng::RunKey{static_cast<std::uint64_t>(scenario->seed), run});
}

TEST(World, EveryResidentIsPlacedInTheirTownAndHousehold) {
  const World w = build(kBigTown);
  ASSERT_EQ(w.persons.size(), 60001u);
  ASSERT_EQ(w.towns.size(), 2u);
  EXPECT_EQ(w.towns[0].end_person - w.towns[0].first_person, 60000u);
  EXPECT_EQ(w.towns[1].end_person - w.towns[1].first_person, 1u);
  EXPECT_EQ(w.pockets[0].alive, 60001);
  EXPECT_EQ(w.alive(), 60001);
  const Households& h = w.households;
  EXPECT_EQ(h.first_person.front(), 0u);
  EXPECT_EQ(h.first_person.back(), 60001u);
  for (std::uint32_t hh = 0; hh < h.size(); ++hh) {
    ASSERT_LT(h.first_person[hh], h.first_person[hh + 1]) << "empty household " << hh;
    for (std::uint32_t p = h.first_person[hh]; p < h.first_person[hh + 1]; ++p) {
      ASSERT_EQ(w.household_of(p), hh);
      ASSERT_EQ(w.town_of(p), h.town[hh]);
      ASSERT_GE(p, w.towns[h.town[hh]].first_person);
      ASSERT_LT(p, w.towns[h.town[hh]].end_person);
      ASSERT_EQ(w.pocket_of(p), 0u);
    }
  }
}

TEST(World, HouseholdsAndAgesFollowTheScenario) {
  const World w = build(kBigTown);
  const double mean_size = static_cast<double>(w.towns[0].end_person) / w.towns[0].end_household;
  EXPECT_NEAR(mean_size, 5.5, 0.1);
  std::array<double, kAgeBands> count{};
  double female = 0, cash = 0;
  for (std::uint32_t p = 0; p < w.towns[0].end_person; ++p) {
    count[static_cast<std::size_t>(w.persons.age_band[p])] += 1;
    female += w.persons.sex[p] == Sex::kFemale;
  }
  const double n = w.towns[0].end_person;
  EXPECT_NEAR(count[0] / n, 0.42, 0.015);
  EXPECT_NEAR(count[1] / n, 0.52, 0.015);
  EXPECT_NEAR(count[2] / n, 0.06, 0.01);
  EXPECT_NEAR(female / n, 0.52, 0.01);
  for (std::uint32_t hh = 0; hh < w.towns[0].end_household; ++hh) cash += w.households.cash_usd[hh];
  EXPECT_NEAR(cash / w.towns[0].end_household, 150.0, 5.0);
  // Heads of household are grown-ups.
  for (std::uint32_t hh = 0; hh < w.towns[0].end_household; ++hh) {
    ASSERT_NE(w.persons.age_band[w.households.first_person[hh]], AgeBand::kChild);
  }
}

TEST(World, ReservesAndStoresStartWhereTheScenarioSays) {
  const World w = build(kBigTown);
  const Biology& b = w.biology();
  double share = 0;
  for (std::uint32_t p = 0; p < w.persons.size(); ++p) {
    ASSERT_GE(w.persons.reserve_share[p], 0.0f);
    ASSERT_LE(w.persons.reserve_share[p], 1.0f);
    ASSERT_EQ(w.persons.adaptation[p], 0.0f);
    share += w.persons.reserve_share[p];
  }
  EXPECT_NEAR(share / static_cast<double>(w.persons.size()), 0.6, 0.005);
  double need = 0;
  for (std::uint32_t p = 0; p < w.persons.size(); ++p) need += b.need_person_days[static_cast<std::size_t>(w.persons.age_band[p])];
  double stored = 0;
  for (float f : w.households.food_person_days) stored += f;
  EXPECT_NEAR(stored, 7.0 * need, 1e-3 * stored);
  EXPECT_NEAR(w.pockets[0].need_person_days, need, 1e-6 * need);
}

TEST(World, BlocksCoverEveryEntityOnceWithinOneTown) {
  const World w = build(kBigTown);
  for (const auto* blocks : {&w.household_blocks, &w.person_blocks}) {
    std::uint32_t next = 0;
    for (const Block& b : *blocks) {
      ASSERT_EQ(b.begin, next);
      ASSERT_LT(b.begin, b.end);
      next = b.end;
    }
    EXPECT_EQ(next, blocks == &w.household_blocks ? w.households.size() : w.persons.size());
  }
  for (const Block& b : w.person_blocks) {
    EXPECT_EQ(w.town_of(b.begin), b.town);
    EXPECT_EQ(w.town_of(b.end - 1), b.town);
  }
}

TEST(World, SameSeedAndRunSameWorldOtherRunOtherWorld) {
  EXPECT_EQ(test::fingerprint(build(kBigTown, 0)), test::fingerprint(build(kBigTown, 0)));
  EXPECT_NE(test::fingerprint(build(kBigTown, 0)), test::fingerprint(build(kBigTown, 1)));
}

TEST(Biology, HungerHazardRisesAsTheReserveFalls) {
  const World w = build(kBigTown);
  const Biology& b = w.biology();
  const auto hunger = [&](AgeBand band, float reserve, std::uint8_t flags = 0) { return b.hazards(band, flags, reserve)[1]; };
  EXPECT_EQ(hunger(AgeBand::kAdult, 1.0f), 0.0);
  EXPECT_EQ(hunger(AgeBand::kAdult, b.wasting_hazard_below), 0.0);
  const double mild = hunger(AgeBand::kAdult, 0.9f * b.wasting_hazard_below);
  const double severe = hunger(AgeBand::kAdult, 0.05f);
  EXPECT_GT(mild, 0.0);
  EXPECT_GT(severe, mild);
  EXPECT_DOUBLE_EQ(hunger(AgeBand::kAdult, 0.0f), MortalityDef{}.starvation_per_1000_day / 1000.0);
  EXPECT_GT(hunger(AgeBand::kChild, 0.0f), hunger(AgeBand::kAdult, 0.0f));
  EXPECT_GT(hunger(AgeBand::kChild, 0.1f, kUnderFive), hunger(AgeBand::kChild, 0.1f));
  // The bound a block's lowest reserve sets holds for everyone at or above that reserve.
  for (const float lowest : {0.0f, 0.1f, 0.35f, 1.0f}) {
    for (const double disease : {1.0, 2.5}) {
      const double bound = b.death_probability_bound(lowest, disease);
      for (AgeBand band : {AgeBand::kChild, AgeBand::kAdult, AgeBand::kElderly}) {
        for (const std::uint8_t flags : {std::uint8_t{0}, band == AgeBand::kChild ? kUnderFive : std::uint8_t{0}}) {
          for (const float reserve : {lowest, 0.5f * (lowest + 1.0f), 1.0f}) {
            const auto [base, wasting] = b.hazards(band, flags, reserve);
            EXPECT_LE(-std::expm1(-(base * disease + wasting * disease)), bound) << lowest << " " << disease;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace siege
