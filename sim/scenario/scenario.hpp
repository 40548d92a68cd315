#pragma once
// The typed, validated scenario. Default member values are the model's defaults; every key, its
// units, meaning and source are declared once in declaration.cpp. A Scenario is frozen once read:
// the World holds it as `const`.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace siege {

struct TownDef {
  std::string name;
  std::int64_t population = 0;
  double lat = 0.0;
  double lon = 0.0;
};

struct HouseholdDef {
  double mean_size = 5.5;
  double initial_food_store_days = 7.0;
  double target_food_store_days = 7.0;
  double initial_cash_usd = 150.0;
  double income_usd_per_person_day = 0.25;
  double initial_reserve_share = 0.8;
  double initial_reserve_spread = 0.2;
  bool children_first = true;
};

struct DemographyDef {
  double child_share = 0.40;
  double adult_share = 0.54;
  double elderly_share = 0.06;
  double female_share = 0.51;
};

struct MarketDef {
  double outside_price_usd_per_person_day = 0.5;
  double initial_stock_days = 5.0;
  double initial_cost_multiple = 2.0;
  double target_cover_days = 10.0;
  double price_elasticity = 0.7;
  double max_price_multiple = 25.0;
  double spoilage_share_per_day = 0.005;
};

struct ProductionDef {
  std::string name;
  double person_days_per_day = 0.0;
  double seasonal_amplitude = 0.0;
  std::int64_t peak_day_of_year = 180;
  double cost_multiple = 1.5;
};

/// Days (counted from the scenario's start, both ends included) on which a checkpoint is shut.
struct ClosureDef {
  std::int64_t from_day = 0;
  std::int64_t to_day = 0;
};

struct SmugglingDef {
  double capacity_person_days_per_day = 0.0;
  double markup_multiple = 4.0;
  std::vector<ClosureDef> closed;
};

struct AidDef {
  std::int64_t first_request_day = 0;
  std::int64_t request_every_days = 0;
  double approval_probability = 0.5;
  std::int64_t delay_days = 3;
  std::int64_t trucks_per_convoy = 0;
  double rations_per_truck_person_days = 30000.0;
  double loot_probability_per_truck = 0.0;
};

struct PocketDef {
  std::string name;
  double area_km2 = 1.0;
  std::optional<std::int64_t> population;
  std::vector<TownDef> towns;
  HouseholdDef households;
  DemographyDef demography;
  MarketDef market;
  std::vector<ProductionDef> production;
  SmugglingDef smuggling;
  AidDef aid;
};

struct NutritionDef {
  double child_need_share = 0.6;
  double elderly_need_share = 0.9;
  double reserve_child_days = 15.0;
  double reserve_adult_days = 40.0;
  double reserve_elderly_days = 25.0;
  double recovery_days_per_day = 0.3;
  double malnourished_below_share = 0.5;
};

struct MortalityDef {
  double baseline_child_per_1000_year = 2.5;
  double baseline_adult_per_1000_year = 3.0;
  double baseline_elderly_per_1000_year = 45.0;
  double starvation_per_1000_day = 5.0;
  double hunger_hazard_shape = 3.0;
  double child_hunger_multiplier = 1.5;
  double elderly_hunger_multiplier = 1.3;
};

struct Scenario {
  std::string name;
  std::string description;
  Date start_date;
  std::int64_t days = 365;
  std::int64_t seed = 1;
  NutritionDef nutrition;
  MortalityDef mortality;
  std::vector<PocketDef> pockets;

  /// The YAML text the scenario was read from, embedded in every output file.
  std::string source_text;
  /// The path it was read from, as given by the user.
  std::string source_file;

  std::int64_t persons() const;
};

}  // namespace siege
