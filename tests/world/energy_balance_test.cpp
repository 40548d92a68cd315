// The body's energy balance against documented starvation (calibration section A): the defaults of
// `nutrition` and `mortality` must reproduce these without a scenario's help.
#include <gtest/gtest.h>

#include <cmath>

#include "support/support.hpp"
#include "world/world.hpp"

namespace siege {
namespace {

Scenario defaults(const std::string& extra = "") {
  return test::parse(R"(name: energy balance
start_date: 2017-06-01
)" + extra + R"(pockets:
  - name: P
    towns:
      - {name: A, population: 10, lat: 0, lon: 0}
)");
}

struct Body {
  float reserve_share = 1.0f;
  float adaptation = 0.0f;
};

/// `days` of eating `intake` of the own need on days of `need_factor`.
Body eat_for(const Biology& b, int days, float intake, float per_day, Body body = {}, float need_factor = 1.0f) {
  for (int day = 0; day < days; ++day) b.eat(intake, need_factor, per_day, body.reserve_share, body.adaptation);
  return body;
}

double weight_lost(const Biology& b, const Body& body) { return b.lethal_weight_loss * (1.0 - body.reserve_share); }

/// Days of eating `intake` until the reserve is gone (or `limit`).
int days_to_exhaustion(const Biology& b, float intake, float per_day, int limit = 1000) {
  Body body;
  for (int day = 1; day <= limit; ++day) {
    b.eat(intake, 1.0f, per_day, body.reserve_share, body.adaptation);
    if (body.reserve_share <= 0.0f) return day;
  }
  return limit;
}

TEST(EnergyBalance, MinnesotaMenLoseAQuarterOfTheirWeightInSixMonthsAndNoneDies) {
  // P1: lean young men at ~1,570 of ~3,200 kcal/day for 24 weeks; ~25 % lost, about three
  // quarters of it in the first 12 weeks (Keys et al. 1950, tables in chapter 5).
  const Scenario s = defaults();
  const Biology b(s);
  const float man = b.per_reserve_day_of(AgeBand::kAdult, Sex::kMale, 0);
  const float intake = 1570.0f / 3200.0f;
  const Body week12 = eat_for(b, 84, intake, man);
  const Body week24 = eat_for(b, 84, intake, man, week12);
  EXPECT_NEAR(weight_lost(b, week12), 0.19, 0.03);
  EXPECT_NEAR(weight_lost(b, week24), 0.25, 0.025);
  // Losing slows as the body adapts: the second 12 weeks cost less than half what the first did.
  EXPECT_LT(weight_lost(b, week24) - weight_lost(b, week12), 0.5 * weight_lost(b, week12));
  // Resting expenditure fell by ~40 % (1,590 to 964 kcal): adaptation and lost mass together.
  const double expenditure = (1.0 - week24.adaptation) * (1.0 - b.mass_expenditure * (1.0 - week24.reserve_share));
  EXPECT_GT(1.0 - expenditure, 0.3);
  EXPECT_LT(1.0 - expenditure, 0.5);
  // Nobody died: six months at half rations leave the men above the reserve where hunger kills.
  EXPECT_GT(week24.reserve_share, b.wasting_hazard_below);
  EXPECT_EQ(b.hazards(AgeBand::kAdult, 0, week24.reserve_share)[1], 0.0);
}

TEST(EnergyBalance, TotalStarvationKillsAdultsInTwoMonthsAndTheYoungAndOldSooner) {
  // Hunger strikers and total fasts: death after some 45 to 75 days in healthy adults (Leiter &
  // Marliss 1982; Peel 1997); small children and the old carry less and go first (P2, P3).
  const Scenario s = defaults();
  const Biology b(s);
  const int man = days_to_exhaustion(b, 0.0f, b.per_reserve_day_of(AgeBand::kAdult, Sex::kMale, 0));
  const int woman = days_to_exhaustion(b, 0.0f, b.per_reserve_day_of(AgeBand::kAdult, Sex::kFemale, 0));
  const int child = days_to_exhaustion(b, 0.0f, b.per_reserve_day_of(AgeBand::kChild, Sex::kMale, 0));
  const int under5 = days_to_exhaustion(b, 0.0f, b.per_reserve_day_of(AgeBand::kChild, Sex::kMale, kUnderFive));
  const int old = days_to_exhaustion(b, 0.0f, b.per_reserve_day_of(AgeBand::kElderly, Sex::kMale, 0));
  EXPECT_GE(man, 45);
  EXPECT_LE(man, 75);
  EXPECT_GT(woman, man);  // more fat for her weight
  EXPECT_LT(child, man);
  EXPECT_LT(under5, child);
  EXPECT_LT(old, man);
}

TEST(EnergyBalance, ModerateDeficitsLevelOffWhileSevereOnesDoNot) {
  // Bodies adapt (P1): at three quarters of need the loss slows towards a new balance that never
  // reaches the reserve where hunger kills; at a quarter of need it does within a year.
  const Scenario s = defaults();
  const Biology b(s);
  const float man = b.per_reserve_day_of(AgeBand::kAdult, Sex::kMale, 0);
  const Body mild = eat_for(b, 365, 0.75f, man);
  EXPECT_GT(mild.reserve_share, b.wasting_hazard_below);
  const Body mild_later = eat_for(b, 365, 0.75f, man, mild);
  EXPECT_NEAR(mild_later.reserve_share, mild.reserve_share, 0.02);
  EXPECT_LT(days_to_exhaustion(b, 0.25f, man), 365);
}

TEST(EnergyBalance, RefeedingRebuildsSlowlyAndTheBodyUnadapts) {
  const Scenario s = defaults();
  const Biology b(s);
  const float man = b.per_reserve_day_of(AgeBand::kAdult, Sex::kMale, 0);
  const Body starved = eat_for(b, 120, 0.4f, man);
  ASSERT_LT(starved.reserve_share, 0.6f);
  ASSERT_GT(starved.adaptation, 0.2f);
  const Body day = eat_for(b, 1, 1.0f, man, starved);
  EXPECT_LE(day.reserve_share - starved.reserve_share, b.recovery_days_per_day * man + 1e-6f);
  EXPECT_GT(day.reserve_share, starved.reserve_share);
  const Body fed = eat_for(b, 365, 1.0f, man, starved);
  EXPECT_NEAR(fed.reserve_share, 1.0f, 1e-6f);
  EXPECT_LT(fed.adaptation, 0.01f);
}

TEST(EnergyBalance, ColdDaysCostMoreOfTheReserve) {
  const Scenario s = defaults("nutrition: {cold_need_share: 0.2, coldest_day_of_year: 15}\n");
  const Biology b(s);
  EXPECT_NEAR(b.need_factor(15), 1.2, 1e-9);
  EXPECT_NEAR(b.need_factor(15 + 183), 1.0, 1e-3);
  const float man = b.per_reserve_day_of(AgeBand::kAdult, Sex::kMale, 0);
  const Body summer = eat_for(b, 60, 0.5f, man, {}, static_cast<float>(b.need_factor(198)));
  const Body winter = eat_for(b, 60, 0.5f, man, {}, static_cast<float>(b.need_factor(15)));
  EXPECT_LT(winter.reserve_share, summer.reserve_share);
}

TEST(EnergyBalance, AcuteMalnutritionClassesFollowWeightLoss) {
  const Scenario s = defaults();
  const Biology b(s);
  // BMI 18.5 from a healthy 22; weight-for-height -2 and -3 SD at ~10 % of weight a SD.
  EXPECT_NEAR(b.lethal_weight_loss * (1.0 - b.adult_thin_below), 1.0 - 18.5 / 22.0, 1e-6);
  EXPECT_NEAR(b.lethal_weight_loss * (1.0 - b.child_gam_below), 0.2, 1e-6);
  EXPECT_NEAR(b.lethal_weight_loss * (1.0 - b.child_sam_below), 0.3, 1e-6);
  EXPECT_GT(b.child_gam_below, b.child_sam_below);
  EXPECT_TRUE(b.malnourished(AgeBand::kChild, b.child_gam_below - 0.01f));
  EXPECT_FALSE(b.malnourished(AgeBand::kAdult, b.adult_thin_below + 0.01f));
}

}  // namespace
}  // namespace siege
