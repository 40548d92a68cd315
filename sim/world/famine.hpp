#pragma once
// The IPC acute food insecurity phases, as the field classifies an area from households' food
// consumption, acute malnutrition and mortality (IPC Technical Manual 3.1, 2021: the Acute Food
// Insecurity Reference Table and the famine criteria). The cut-offs are the manual's, not scenario
// values: researchers compare runs with IPC analyses, so they must mean the same thing.
#include <algorithm>

namespace siege::ipc {

enum Phase : int { kMinimal = 1, kStressed = 2, kCrisis = 3, kEmergency = 4, kFamine = 5 };

/// A household's food-consumption phase from the share of its need it ate, by the survival
/// deficit of household economy analysis that the reference table uses: none (phase 1; stress
/// on non-food needs, phase 2, is not modelled), under 20 % (3), 20 to 50 % (4), 50 % or more (5).
inline int household_phase(double share_of_need_eaten) {
  // On the share eaten rather than the deficit, so that a deficit of exactly 20 % is 20 %.
  if (share_of_need_eaten >= 1.0) return kMinimal;
  if (share_of_need_eaten > 0.8) return kCrisis;
  if (share_of_need_eaten > 0.5) return kEmergency;
  return kFamine;
}

/// What an area's classification rests on: shares of households in each phase or worse, GAM among
/// under-5s (weight-for-height, share), and the crude and under-5 death rates per 10,000 a day.
struct AreaEvidence {
  double households_crisis_or_worse = 0.0;
  double households_emergency_or_worse = 0.0;
  double households_famine = 0.0;
  double under5_gam = 0.0;
  double crude_death_rate = 0.0;
  double under5_death_rate = 0.0;
};

/// GAM's phase: < 5 %, 5-10 %, 10-15 %, 15-30 %, >= 30 %.
inline int nutrition_phase(double gam) {
  return gam >= 0.30 ? kFamine : gam >= 0.15 ? kEmergency : gam >= 0.10 ? kCrisis : gam >= 0.05 ? kStressed : kMinimal;
}

/// Mortality's phase: CDR 0.5-1 (U5DR 1-2) crisis, 1-2 (2-4) emergency, >= 2 (>= 4) famine.
inline int mortality_phase(double cdr, double under5_dr) {
  const auto by = [](double rate, double crisis) {
    return rate >= 4 * crisis ? kFamine : rate >= 2 * crisis ? kEmergency : rate >= crisis ? kCrisis : kMinimal;
  };
  return std::max(by(cdr, 0.5), by(under5_dr, 1.0));
}

/// The area's phase: the worst phase that at least 20 % of households are in (or worse), or the
/// worse phase that nutrition or mortality show. Famine needs all three at once (>= 20 % of
/// households in extreme food gaps, GAM >= 30 %, CDR >= 2); short of that an area is at most in
/// Emergency, even with households in Catastrophe.
inline int area_phase(const AreaEvidence& e) {
  constexpr double kTwentyPercentRule = 0.2;
  const bool famine =
      e.households_famine >= kTwentyPercentRule && e.under5_gam >= 0.30 && e.crude_death_rate >= 2.0;
  if (famine) return kFamine;
  const int food = e.households_famine >= kTwentyPercentRule           ? kFamine
                   : e.households_emergency_or_worse >= kTwentyPercentRule ? kEmergency
                   : e.households_crisis_or_worse >= kTwentyPercentRule    ? kCrisis
                                                                           : kMinimal;
  const int worst = std::max({food, nutrition_phase(e.under5_gam), mortality_phase(e.crude_death_rate, e.under5_death_rate)});
  return std::min(worst, static_cast<int>(kEmergency));
}

}  // namespace siege::ipc
