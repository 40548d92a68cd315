// The IPC phases on hand-built evidence, at each threshold of the manual's reference table.
#include "world/famine.hpp"

#include <gtest/gtest.h>

namespace siege::ipc {
namespace {

TEST(Ipc, HouseholdPhaseFollowsTheSurvivalDeficit) {
  EXPECT_EQ(household_phase(1.2), kMinimal);
  EXPECT_EQ(household_phase(1.0), kMinimal);
  EXPECT_EQ(household_phase(0.999), kCrisis);
  EXPECT_EQ(household_phase(0.81), kCrisis);
  EXPECT_EQ(household_phase(0.8), kEmergency);  // a deficit of 20 %
  EXPECT_EQ(household_phase(0.51), kEmergency);
  EXPECT_EQ(household_phase(0.5), kFamine);  // a deficit of 50 %
  EXPECT_EQ(household_phase(0.0), kFamine);
}

TEST(Ipc, NutritionAndMortalityPhasesAtTheirCutOffs) {
  EXPECT_EQ(nutrition_phase(0.049), kMinimal);
  EXPECT_EQ(nutrition_phase(0.05), kStressed);
  EXPECT_EQ(nutrition_phase(0.10), kCrisis);
  EXPECT_EQ(nutrition_phase(0.15), kEmergency);
  EXPECT_EQ(nutrition_phase(0.2999), kEmergency);
  EXPECT_EQ(nutrition_phase(0.30), kFamine);
  EXPECT_EQ(mortality_phase(0.49, 0.0), kMinimal);
  EXPECT_EQ(mortality_phase(0.5, 0.0), kCrisis);
  EXPECT_EQ(mortality_phase(1.0, 0.0), kEmergency);
  EXPECT_EQ(mortality_phase(1.99, 0.0), kEmergency);
  EXPECT_EQ(mortality_phase(2.0, 0.0), kFamine);
  // Under-5 deaths at twice the crude cut-offs.
  EXPECT_EQ(mortality_phase(0.0, 0.99), kMinimal);
  EXPECT_EQ(mortality_phase(0.0, 1.0), kCrisis);
  EXPECT_EQ(mortality_phase(0.0, 2.0), kEmergency);
  EXPECT_EQ(mortality_phase(0.0, 4.0), kFamine);
}

TEST(Ipc, TheTwentyPercentRuleClassifiesByHouseholds) {
  AreaEvidence e;
  EXPECT_EQ(area_phase(e), kMinimal);
  e.households_crisis_or_worse = 0.19;
  EXPECT_EQ(area_phase(e), kMinimal);
  e.households_crisis_or_worse = 0.20;
  EXPECT_EQ(area_phase(e), kCrisis);
  e.households_emergency_or_worse = 0.20;
  EXPECT_EQ(area_phase(e), kEmergency);
  // Half the households in extreme gaps, but neither wasting nor deaths at famine levels.
  e.households_crisis_or_worse = e.households_emergency_or_worse = e.households_famine = 0.5;
  EXPECT_EQ(area_phase(e), kEmergency);
}

TEST(Ipc, FamineNeedsFoodGapsWastingAndDeathsTogether) {
  AreaEvidence famine{0.6, 0.4, 0.20, 0.30, 2.0, 0.0};
  EXPECT_EQ(area_phase(famine), kFamine);
  for (int missing = 0; missing < 3; ++missing) {
    AreaEvidence e = famine;
    if (missing == 0) e.households_famine = 0.199;
    if (missing == 1) e.under5_gam = 0.299;
    if (missing == 2) e.crude_death_rate = 1.99;
    EXPECT_EQ(area_phase(e), kEmergency) << "missing criterion " << missing;
  }
}

TEST(Ipc, WastingOrDeathsRaiseThePhaseAboveWhatHouseholdsShow) {
  AreaEvidence e;
  e.under5_gam = 0.12;
  EXPECT_EQ(area_phase(e), kCrisis);
  e.crude_death_rate = 1.2;
  EXPECT_EQ(area_phase(e), kEmergency);
  e.under5_gam = 0.5;
  e.crude_death_rate = 5.0;  // no household gaps: not famine, at most emergency
  EXPECT_EQ(area_phase(e), kEmergency);
}

}  // namespace
}  // namespace siege::ipc
