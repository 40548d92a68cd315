// Scaling a scenario to another number of residents (siege bench --persons): every town grows by
// the same factor, the total is exact, and what feeds the residents grows with them.
#include <gtest/gtest.h>

#include <stdexcept>

#include "scenario/load.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

TEST(Scale, TownsGrowAlikeToTheExactTotalAndTheirFoodWithThem) {
  const auto original = test::load("scenarios/north_homs.yaml");
  const std::int64_t persons = 1'000'003;
  const Scenario scaled = scenario::scaled_to_persons(*original, persons);
  EXPECT_EQ(scaled.persons(), persons);
  const double factor = static_cast<double>(persons) / static_cast<double>(original->persons());
  for (std::size_t p = 0; p < scaled.pockets.size(); ++p) {
    const PocketDef& a = original->pockets[p];
    const PocketDef& b = scaled.pockets[p];
    ASSERT_EQ(a.towns.size(), b.towns.size());
    for (std::size_t t = 0; t < a.towns.size(); ++t) {
      EXPECT_NEAR(static_cast<double>(b.towns[t].population), factor * static_cast<double>(a.towns[t].population), 1.0)
          << b.towns[t].name;
    }
    for (std::size_t s = 0; s < a.production.size(); ++s) {
      EXPECT_DOUBLE_EQ(b.production[s].person_days_per_day, factor * a.production[s].person_days_per_day);
    }
    EXPECT_DOUBLE_EQ(b.smuggling.capacity_person_days_per_day, factor * a.smuggling.capacity_person_days_per_day);
    EXPECT_DOUBLE_EQ(b.aid.rations_per_truck_person_days, factor * a.aid.rations_per_truck_person_days);
    EXPECT_EQ(b.aid.trucks_per_convoy, a.aid.trucks_per_convoy);
  }
  EXPECT_NE(scaled.name.find("scaled to 1000003 persons"), std::string::npos);

  // Down to a handful: every town keeps a resident.
  const std::int64_t towns = static_cast<std::int64_t>(original->pockets[0].towns.size());
  EXPECT_EQ(scenario::scaled_to_persons(*original, towns).persons(), towns);
  EXPECT_THROW(scenario::scaled_to_persons(*original, towns - 1), std::invalid_argument);
}

}  // namespace
}  // namespace siege
