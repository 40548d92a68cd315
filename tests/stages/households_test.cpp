#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/calendar.hpp"
#include "stages/stages.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

/// A one-town pocket. Unless `households` says otherwise, nobody has hidden food, so that a
/// test's stores are all the food there is.
World build(std::string households, const std::string& market = "{initial_stock_days: 0}") {
  if (households.find("hidden_food_store_days") == std::string::npos) {
    households.insert(1, households.size() > 2 ? "hidden_food_store_days: 0, " : "hidden_food_store_days: 0");
  }
  auto scenario = std::make_shared<const Scenario>(test::parse(R"(name: households test
start_date: 2017-06-01
pockets:
  - name: P
    towns:
      - {name: A, population: 3000, lat: 0, lon: 0}
    households: )" + households + R"(
    market: )" + market + "\n"));
  return World(scenario, rng::RunKey{3, 0});
}

double mean_share(const World& w, bool children) {
  double sum = 0;
  int n = 0;
  for (std::uint32_t p = 0; p < w.persons.size(); ++p) {
    if ((w.persons.age_band[p] == AgeBand::kChild) != children) continue;
    sum += w.persons.reserve_share[p];
    ++n;
  }
  return sum / n;
}

TEST(Households, ChildrenFirstFeedsChildrenInFullWhenFoodIsShort) {
  // Half of a day's need in store, no cash, nothing to buy.
  World w = build("{initial_food_store_days: 0.5, initial_cash_usd: 0, income_usd_per_person_day: 0, "
                  "initial_reserve_share: 0.5, initial_reserve_spread: 0, children_first: true}");
  const double children_before = mean_share(w, true), adults_before = mean_share(w, false);
  w.begin_day();
  stages::households(w);
  EXPECT_GT(mean_share(w, true), children_before);  // a full ration rebuilds
  EXPECT_LT(mean_share(w, false), adults_before);
}

TEST(Households, AmpleFoodRebuildsEveryonesReserveWhetherOrNotChildrenComeFirst) {
  // Regression: with children first, adults' share of a full ration once came out a rounding crumb
  // short of 1 and their reserves never recovered.
  for (const char* children_first : {"true", "false"}) {
    World w = build(std::string("{initial_food_store_days: 30, initial_cash_usd: 0, income_usd_per_person_day: 0, "
                                "initial_reserve_share: 0.2, initial_reserve_spread: 0, children_first: ") +
                    children_first + "}");
    const auto before = w.persons.reserve_share;
    w.begin_day();
    stages::households(w);
    const Biology& b = w.biology();
    for (std::uint32_t p = 0; p < w.persons.size(); ++p) {
      // A full ration against a lightened body's expenditure: the surplus is more than the most a
      // day rebuilds, so everyone rebuilds that most.
      const float per_day = b.per_reserve_day_of(w.persons.age_band[p], w.persons.sex[p], w.persons.flags[p]);
      ASSERT_FLOAT_EQ(w.persons.reserve_share[p], before[p] + b.recovery_days_per_day * per_day)
          << "person " << p << ", children_first: " << children_first;
    }
  }
}

TEST(Households, WithoutChildrenFirstEveryoneGetsTheSameShare) {
  World w = build("{initial_food_store_days: 0.5, initial_cash_usd: 0, income_usd_per_person_day: 0, "
                  "initial_reserve_share: 0.5, initial_reserve_spread: 0, children_first: false}");
  const auto before = w.persons.reserve_share;
  w.begin_day();
  stages::households(w);
  const Biology& b = w.biology();
  const auto days_lost = [&](std::uint32_t p) {
    const float per_day = b.per_reserve_day_of(w.persons.age_band[p], w.persons.sex[p], w.persons.flags[p]);
    return (before[p] - w.persons.reserve_share[p]) / per_day;
  };
  for (std::uint32_t h = 0; h < w.households.size(); ++h) {
    // Every living member of a household lost the same days of its own need, whatever its body.
    const std::uint32_t first = w.households.first_person[h];
    const float lost = days_lost(first);
    EXPECT_GT(lost, 0.0f);
    for (std::uint32_t p = first; p < w.households.first_person[h + 1]; ++p) {
      ASSERT_NEAR(days_lost(p), lost, 1e-4);
    }
  }
  EXPECT_EQ(w.pockets[0].today.share_malnourished, 1.0);  // all below half after eating short
}

/// Today's need of household `h`, the season's cold included.
double household_need(const World& w, std::uint32_t h) {
  double need = 0;
  for (std::uint32_t p = w.households.first_person[h]; p < w.households.first_person[h + 1]; ++p) {
    need += w.biology().need_person_days[static_cast<std::size_t>(w.persons.age_band[p])];
  }
  return need * w.biology().need_factor(day_of_year(w.scenario().start_date, static_cast<int>(w.day)));
}

/// What each household asks of the market this morning: enough for `target_days` of need, as far
/// as its cash goes at today's price.
std::vector<double> demand_before(const World& w, double target_days) {
  const double price = w.pockets[0].market.price_multiple * w.scenario().pockets[0].market.outside_price_usd_per_person_day;
  std::vector<double> asked(w.households.size());
  for (std::uint32_t h = 0; h < w.households.size(); ++h) {
    const double wanted = std::max(0.0, target_days * household_need(w, h) - w.households.food_person_days[h]);
    asked[h] = std::min(wanted, w.households.cash_usd[h] / price);
  }
  return asked;
}

TEST(Households, ShortMarketsClearAtThePriceBuyersCanPay) {
  World w = build("{initial_food_store_days: 0, initial_cash_usd: 1000, income_usd_per_person_day: 0, "
                  "target_food_store_days: 7, kin_share_per_day: 0}",
                  "{initial_stock_days: 1, initial_cost_multiple: 2, spoilage_share_per_day: 0}");
  const double stock = w.pockets[0].market.stock_person_days;
  const std::vector<float> cash_before = w.households.cash_usd;
  w.begin_day();
  stages::households(w);
  const double price_multiple = w.pockets[0].market.price_multiple;
  EXPECT_GT(price_multiple, 2.0 * 2.0);  // scarcity: well above what the stock cost
  // The market is sold out, or as near as its price's resolution leaves.
  EXPECT_LE(w.pockets[0].today.sold_person_days, stock * (1 + 1e-9));
  EXPECT_GT(w.pockets[0].today.sold_person_days, 0.9 * stock);
  // Every household bought what it wanted as far as its cash went at that one price, ate up to its
  // need and kept the rest.
  const double price = price_multiple * w.scenario().pockets[0].market.outside_price_usd_per_person_day;
  for (std::uint32_t h = 0; h < w.households.size(); ++h) {
    const double spent = cash_before[h] - w.households.cash_usd[h];
    const double bought = spent / price;
    ASSERT_LE(bought, 7.0 * household_need(w, h) + 1e-3);
    ASSERT_NEAR(w.households.food_person_days[h], std::max(0.0, bought - household_need(w, h)), 1e-3);
  }
}

TEST(Households, AnEmptyMarketSellsNothing) {
  World w = build("{initial_food_store_days: 2, initial_cash_usd: 1000}", "{initial_stock_days: 0}");
  const std::vector<float> cash_before = w.households.cash_usd;
  w.begin_day();
  stages::households(w);
  EXPECT_EQ(w.pockets[0].today.sold_person_days, 0.0);
  EXPECT_GT(w.pockets[0].market.price_multiple, 2.0);
}

TEST(Households, BuyingCostsThePriceAndAidIsHandedOutInFull) {
  World w = build("{initial_food_store_days: 0, initial_cash_usd: 10000, income_usd_per_person_day: 0, "
                  "target_food_store_days: 2}",
                  "{initial_stock_days: 100, initial_cost_multiple: 3, outside_price_usd_per_person_day: 0.5}");
  w.pockets[0].market.price_multiple = 3.0;
  w.pockets[0].aid_to_distribute_person_days = 6000.0;
  double cash_before = 0;
  for (float c : w.households.cash_usd) cash_before += c;
  const std::vector<double> asked = demand_before(w, 2.0);
  w.begin_day();
  stages::households(w);
  const double sold = w.pockets[0].today.sold_person_days;
  double demand = 0;
  for (std::uint32_t h = 0; h < w.households.size(); ++h) {
    const double wanted = 2.0 * household_need(w, h);
    // Each asks for two days of need, unless cash runs short first.
    ASSERT_LE(asked[h], wanted + 1e-4);
    demand += asked[h];
  }
  EXPECT_NEAR(sold, demand, 1e-6 * sold);
  EXPECT_GT(sold, 1.9 * w.pockets[0].need_person_days);
  double cash_after = 0;
  for (float c : w.households.cash_usd) cash_after += c;
  EXPECT_NEAR(cash_before - cash_after, sold * 3.0 * 0.5, 1e-3 * sold);
  EXPECT_DOUBLE_EQ(w.pockets[0].today.aid_person_days, 6000.0);
  EXPECT_EQ(w.pockets[0].aid_to_distribute_person_days, 0.0);
  EXPECT_NEAR(w.pockets[0].today.household_food_person_days, sold + 6000.0 - w.pockets[0].need_person_days,
              1e-3 * sold);
}

TEST(Households, LocalFoodSalesComeBackAsEarnings) {
  World w = build("{initial_food_store_days: 0, initial_cash_usd: 10000, income_usd_per_person_day: 0}",
                  "{initial_stock_days: 100, outside_price_usd_per_person_day: 1}");
  w.pockets[0].market.local_person_days = w.pockets[0].market.stock_person_days;  // all grown inside
  w.pockets[0].market.price_multiple = 2.0;
  w.begin_day();
  stages::households(w);
  EXPECT_NEAR(w.pockets[0].earnings_to_distribute_usd, w.pockets[0].today.sold_person_days * 2.0, 1e-6);
  const double cash_before = w.pockets[0].today.household_cash_usd;
  const double earnings = w.pockets[0].earnings_to_distribute_usd;
  w.pockets[0].market.stock_person_days = 0;  // nothing to buy on the second day
  w.begin_day();
  stages::households(w);
  EXPECT_NEAR(w.pockets[0].today.household_cash_usd, cash_before + earnings, 1e-3 * earnings);
}

/// A pocket of 3,000 with nothing to eat in store; `households` adds to its households' values.
World entitled(const std::string& households, const std::string& extra = "") {
  auto scenario = std::make_shared<const Scenario>(test::parse(R"(name: households test
start_date: 2017-06-01
pockets:
  - name: P
    area_km2: 10
    towns:
      - {name: A, population: 3000, lat: 0, lon: 0}
    households: {initial_food_store_days: 0, initial_cash_usd: 0, income_usd_per_person_day: 0, )" + households + R"(}
    market: {initial_stock_days: 0}
)" + extra));
  return World(scenario, rng::RunKey{3, 0});
}

/// A pocket of 3,000 with no food anywhere but what the test adds: no stores, stock, cash or income.
World hungry(const std::string& extra) { return entitled("hidden_food_store_days: 0", extra); }

double total_food(const World& w) {
  double sum = 0.0;
  for (float f : w.households.food_person_days) sum += f;
  return sum;
}

TEST(Households, KinShareWithTiesWhoWentShort) {
  World w = hungry("");
  // Everyone has ten days in store but household 0, which went short yesterday.
  for (std::uint32_t h = 0; h < w.households.size(); ++h) w.households.food_person_days[h] = static_cast<float>(10.0 * household_need(w, h));
  w.households.food_person_days[0] = 0.0f;
  std::fill(w.households.went_short.begin(), w.households.went_short.end(), std::uint8_t{0});
  w.households.went_short[0] = 1;
  // Household 0 is only helped by those that name it among their ties.
  std::uint32_t named_by = 0;
  for (std::uint32_t h = 0; h < w.households.size(); ++h) {
    for (std::uint32_t k = w.network.first_tie[h]; k < w.network.first_tie[h + 1]; ++k) named_by += w.network.tied[k] == 0;
  }
  ASSERT_GT(named_by, 0u);
  const double before = total_food(w);
  w.begin_day();
  stages::households(w);
  const PocketToday& today = w.pockets[0].today;
  EXPECT_GT(today.shared_person_days, 0.0);
  EXPECT_LE(today.shared_person_days, named_by * household_need(w, 0) * (1 + 1e-6));  // a day of its need from each
  EXPECT_EQ(w.households.went_short[0], 0);  // fed in full by its kin
  // Nothing is made or lost in giving: everyone ate in full out of what there was.
  EXPECT_NEAR(total_food(w), before - w.pockets[0].need_person_days, 1e-4 * before);
  EXPECT_EQ(today.households_food_gap, 0);
}

TEST(Households, NobodySharesWhenSharingIsOff) {
  World w = hungry("");
  auto scenario = std::make_shared<Scenario>(w.scenario());
  scenario->pockets[0].households.kin_share_per_day = 0.0;
  World off(scenario, rng::RunKey{3, 0});
  for (std::uint32_t h = 0; h < off.households.size(); ++h) off.households.food_person_days[h] = 10.0f;
  off.households.food_person_days[0] = 0.0f;
  off.households.hidden_food_person_days[0] = 0.0f;
  off.households.went_short[0] = 1;
  off.begin_day();
  stages::households(off);
  EXPECT_EQ(off.pockets[0].today.shared_person_days, 0.0);
  EXPECT_EQ(off.households.went_short[0], 1);
}

TEST(Households, ForagersFindLessEachTheMoreForage) {
  // The land gives Y a day at most: a shortfall G yields Y (1 - exp(-G / Y)).
  World w = hungry("    foraging: {person_days_per_km2_day: 200, seasonal_amplitude: 0}\n");
  w.begin_day();
  stages::households(w);
  const double capacity = 200.0 * 10.0;
  const double shortfall = w.pockets[0].need_person_days;  // nobody has anything
  EXPECT_NEAR(w.pockets[0].today.foraged_person_days, capacity * (1.0 - std::exp(-shortfall / capacity)),
              1e-6 * capacity);
  EXPECT_LT(w.pockets[0].today.foraged_person_days, capacity);
  // Twice the land does not give twice the food to the same foragers once they are many.
  World more = hungry("    foraging: {person_days_per_km2_day: 400, seasonal_amplitude: 0}\n");
  more.begin_day();
  stages::households(more);
  EXPECT_GT(more.pockets[0].today.foraged_person_days, w.pockets[0].today.foraged_person_days);
  EXPECT_LT(more.pockets[0].today.foraged_person_days, 2.0 * w.pockets[0].today.foraged_person_days);
}

TEST(Households, KitchensServeMealsToTheShortDayByDay) {
  World w = hungry("    aid: {distribution: kitchens, kitchen_meal_share: 0.5}\n");
  w.begin_day();
  const double need = [&] {
    double n = 0.0;
    for (std::uint32_t h = 0; h < w.households.size(); ++h) n += household_need(w, h);
    return n;
  }();
  w.pockets[0].aid_to_distribute_person_days = 10.0 * need;  // plenty: everyone gets a meal of half their need
  stages::households(w);
  EXPECT_NEAR(w.pockets[0].today.aid_person_days, 0.5 * need, 1e-6 * need);
  EXPECT_NEAR(w.pockets[0].aid_to_distribute_person_days, 9.5 * need, 1e-6 * need);
  // A store too small for everyone is shared pro rata and runs out.
  w.begin_day();
  w.pockets[0].aid_to_distribute_person_days = 0.2 * need;
  stages::households(w);
  EXPECT_NEAR(w.pockets[0].today.aid_person_days, 0.2 * need, 1e-3 * need);
  EXPECT_LT(w.pockets[0].aid_to_distribute_person_days, 1e-3 * need);
}


TEST(Households, WealthIsLognormalWithTheGiniOfItsSpread) {
  // Cash scales with a lognormal wealth factor of mean 1: its Gini is 2 Phi(sigma / sqrt 2) - 1.
  const double sigma = 0.68;
  const World w = build("{initial_cash_usd: 100, wealth_spread: 0.68}");
  std::vector<double> cash(w.households.cash_usd.begin(), w.households.cash_usd.end());
  std::sort(cash.begin(), cash.end());
  double sum = 0.0, weighted = 0.0;
  for (std::size_t i = 0; i < cash.size(); ++i) {
    sum += cash[i];
    weighted += static_cast<double>(i + 1) * cash[i];
  }
  const double n = static_cast<double>(cash.size());
  const double gini = 2.0 * weighted / (n * sum) - (n + 1.0) / n;
  EXPECT_NEAR(gini, std::erf(sigma / 2.0), 0.05);  // 2 Phi(x / sqrt 2) - 1 = erf(x / 2)
  EXPECT_NEAR(sum / n, 100.0, 10.0);
  const World equal = build("{initial_cash_usd: 100, wealth_spread: 0}");
  for (const float c : equal.households.cash_usd) EXPECT_FLOAT_EQ(c, 100.0f);
}

TEST(Households, OnlyTheirReceiversGetSalariesAndRemittances) {
  World w = entitled("hidden_food_store_days: 0, salaries: {share_of_households: 0.3, usd_per_day: 2}, "
                     "remittances: {share_of_households: 0.1, usd_per_day: 5}");
  double salaried = 0, remitted = 0;
  for (const std::uint8_t sources : w.households.income_sources) {
    salaried += (sources & kSalary) != 0;
    remitted += (sources & kRemittances) != 0;
  }
  const auto n = static_cast<double>(w.households.size());
  EXPECT_NEAR(salaried / n, 0.3, 0.06);
  EXPECT_NEAR(remitted / n, 0.1, 0.04);
  w.begin_day();
  stages::households(w);
  EXPECT_NEAR(w.pockets[0].today.outside_income_usd, 2.0 * salaried + 5.0 * remitted, 1e-6);
  for (std::uint32_t h = 0; h < w.households.size(); ++h) {
    const std::uint8_t sources = w.households.income_sources[h];
    const double expected = ((sources & kSalary) ? 2.0 : 0.0) + ((sources & kRemittances) ? 5.0 : 0.0);
    EXPECT_FLOAT_EQ(w.households.cash_usd[h], static_cast<float>(expected));  // nothing to buy, nothing spent
  }
}

TEST(Households, FightersBringTheirPayHome) {
  World w = entitled("hidden_food_store_days: 0",
                     "    conflict: {first_talks_day: 1000, forces: {fighter_share_of_adult_men: 0.5, pay_usd_per_day: 3}}\n");
  w.begin_day();
  stages::households(w);
  EXPECT_GT(w.pockets[0].front.fighters, 0);
  EXPECT_NEAR(w.pockets[0].today.outside_income_usd, 3.0 * static_cast<double>(w.pockets[0].front.fighters), 1e-6);
  for (std::uint32_t h = 0; h < w.households.size(); ++h) {
    EXPECT_FLOAT_EQ(w.households.cash_usd[h], 3.0f * w.households.fighters_inside[h]);
  }
}

TEST(Households, HouseholdsShortOfFoodAndCashSellWhatTheyOwnAtADiscount) {
  World w = entitled("hidden_food_store_days: 0, assets: {mean_usd: 1000, sale_share_per_day: 0.1, value_share: 0.4}");
  const std::vector<float> assets_before = w.households.assets_usd;
  std::fill(w.households.went_short.begin(), w.households.went_short.end(), std::uint8_t{0});
  w.households.went_short[0] = 1;
  w.begin_day();
  stages::households(w);
  // Only the household that went short sells: a tenth of its belongings, for 40 % of their worth.
  EXPECT_FLOAT_EQ(w.households.assets_usd[0], 0.9f * assets_before[0]);
  EXPECT_NEAR(w.households.cash_usd[0], 0.04 * assets_before[0], 1e-3);
  EXPECT_NEAR(w.pockets[0].today.assets_sold_usd, 0.04 * assets_before[0], 1e-3);
  for (std::uint32_t h = 1; h < w.households.size(); ++h) {
    if (w.households.went_short[h]) continue;  // went short today, sells tomorrow
    EXPECT_EQ(w.households.assets_usd[h], assets_before[h]);
  }
  // Tomorrow everyone has gone short (there is no food): all sell, and keep selling less each day.
  w.begin_day();
  stages::households(w);
  EXPECT_FLOAT_EQ(w.households.assets_usd[1], 0.9f * assets_before[1]);
  EXPECT_FLOAT_EQ(w.households.assets_usd[0], 0.81f * assets_before[0]);
}

TEST(Households, HiddenFoodIsEatenLastAndNeverShared) {
  World w = entitled("hidden_food_store_days: 10, wealth_spread: 0, kin_share_per_day: 1, kin_keeps_days: 0");
  const double hidden_before = std::accumulate(w.households.hidden_food_person_days.begin(),
                                               w.households.hidden_food_person_days.end(), 0.0);
  EXPECT_NEAR(hidden_before, 10.0 * w.pockets[0].need_person_days, 1e-3 * hidden_before);
  // Household 0 has a visible store for a day and a half; the rest have only what they hid.
  w.households.food_person_days[0] = static_cast<float>(1.5 * household_need(w, 0));
  const float hidden0 = w.households.hidden_food_person_days[0];
  w.begin_day();
  stages::households(w);
  EXPECT_EQ(w.households.hidden_food_person_days[0], hidden0);  // its store covered the day
  EXPECT_EQ(w.pockets[0].today.shared_person_days, 0.0);      // hidden food is not given away
  EXPECT_EQ(w.pockets[0].today.households_food_gap, 0);        // nobody went short
  EXPECT_NEAR(w.pockets[0].today.hidden_eaten_person_days, w.pockets[0].need_person_days - household_need(w, 0),
              1e-3 * w.pockets[0].need_person_days);
}

TEST(Households, TheArmedGroupFeedsItsFightersFirstFromTheMarket) {
  World w = entitled("hidden_food_store_days: 0",
                     "    conflict: {first_talks_day: 1000, forces: {fighter_share_of_adult_men: 0.5, food_claim_share: 1}}\n");
  w.begin_day();
  w.pockets[0].market.add(1e6, 1.0, false);  // more than the fighters need
  stages::households(w);
  const double fighter_need = static_cast<double>(w.pockets[0].front.fighters) *
                              w.biology().need_person_days[static_cast<std::size_t>(AgeBand::kAdult)] *
                              w.biology().need_factor(day_of_year(w.scenario().start_date, 0));
  EXPECT_NEAR(w.pockets[0].today.fighters_ration_person_days, fighter_need, 1e-6 * fighter_need);
  // Fed by the group, fighters keep their reserve while the penniless rest go hungry.
  double fighters = 0.0, men = 0.0, fighter_share = 0.0, man_share = 0.0;
  for (std::uint32_t p = 0; p < w.persons.size(); ++p) {
    if (w.persons.age_band[p] != AgeBand::kAdult || w.persons.sex[p] != Sex::kMale) continue;
    if (w.persons.flags[p] & kFighter) {
      fighters += 1;
      fighter_share += w.persons.reserve_share[p];
    } else {
      men += 1;
      man_share += w.persons.reserve_share[p];
    }
  }
  ASSERT_GT(fighters, 0);
  ASSERT_GT(men, 0);
  EXPECT_GT(fighter_share / fighters, man_share / men);
  // A day without food costs the others about a day of reserve; the fighters' ration spares them.
  World unfed = entitled("hidden_food_store_days: 0",
                         "    conflict: {first_talks_day: 1000, forces: {fighter_share_of_adult_men: 0.5}}\n");
  unfed.begin_day();
  stages::households(unfed);
  double unfed_fighter_share = 0.0;
  for (std::uint32_t p = 0; p < unfed.persons.size(); ++p) {
    if (unfed.persons.flags[p] & kFighter) unfed_fighter_share += unfed.persons.reserve_share[p];
  }
  EXPECT_GT(fighter_share, unfed_fighter_share);
  EXPECT_EQ(unfed.pockets[0].today.fighters_ration_person_days, 0.0);
}

}  // namespace
}  // namespace siege
