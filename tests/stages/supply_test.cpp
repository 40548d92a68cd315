#include <gtest/gtest.h>

#include <cmath>

#include "stages/stages.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

std::string pocket_with(const std::string& extra) {
  return R"(name: supply test
start_date: 2017-06-01
pockets:
  - name: P
    towns:
      - {name: A, population: 1000, lat: 0, lon: 0}
)" + extra;
}

World build(const std::string& yaml) {
  auto scenario = std::make_shared<const Scenario>(test::parse(yaml));
  return World(scenario, rng::RunKey{1, 0});
}

std::vector<Event> step_supply(World& w) {
  w.begin_day();
  stages::supply(w);
  auto events = w.events_today;
  ++w.day;
  return events;
}

bool has(const std::vector<Event>& events, EventKind kind, double value = -1) {
  for (const auto& e : events) {
    if (e.kind == kind && (value < 0 || e.value == value)) return true;
  }
  return false;
}

TEST(Supply, LocalProductionFollowsTheSeason) {
  // 2017-06-01 is day 152 of the year: the peak.
  World w = build(pocket_with(R"(    production:
      - {name: crops, person_days_per_day: 1000, seasonal_amplitude: 0.5, peak_day_of_year: 152}
)"));
  step_supply(w);
  EXPECT_NEAR(w.pockets[0].today.produced_person_days, 1500.0, 1e-9);
  for (int d = 1; d < 183; ++d) step_supply(w);  // half a year later: the trough
  EXPECT_NEAR(w.pockets[0].today.produced_person_days, 500.0, 1.0);
}

TEST(Supply, CheckpointsCarryNothingOnClosedDaysAndSayWhenTheyShutAndOpen) {
  World w = build(pocket_with(R"(    market: {initial_stock_days: 0}
    smuggling:
      capacity_person_days_per_day: 100
      closed:
        - {from_day: 2, to_day: 3}
)"));
  std::vector<std::vector<Event>> events;
  std::vector<double> smuggled;
  for (int d = 0; d < 6; ++d) {
    events.push_back(step_supply(w));
    smuggled.push_back(w.pockets[0].today.smuggled_person_days);
  }
  EXPECT_EQ(smuggled, (std::vector<double>{100, 100, 0, 0, 100, 100}));
  EXPECT_TRUE(has(events[2], EventKind::kCheckpointClosed));
  EXPECT_TRUE(has(events[4], EventKind::kCheckpointOpened));
  EXPECT_TRUE(events[3].empty());
}

TEST(Supply, ApprovedConvoysArriveAfterTheirDelay) {
  World w = build(pocket_with(R"(    aid:
      first_request_day: 1
      request_every_days: 5
      approval_probability: 1
      delay_days: 2
      trucks_per_convoy: 4
      rations_per_truck_person_days: 100
)"));
  std::vector<std::vector<Event>> events;
  std::vector<std::int64_t> trucks;
  for (int d = 0; d < 8; ++d) {
    events.push_back(step_supply(w));
    trucks.push_back(w.pockets[0].today.aid_trucks);
  }
  EXPECT_TRUE(has(events[1], EventKind::kAidRequested, 4));
  EXPECT_TRUE(has(events[1], EventKind::kAidApproved, 4));
  EXPECT_TRUE(has(events[3], EventKind::kAidArrived, 4));
  EXPECT_TRUE(has(events[6], EventKind::kAidRequested, 4));
  EXPECT_EQ(trucks, (std::vector<std::int64_t>{0, 0, 0, 4, 0, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(w.pockets[0].aid_to_distribute_person_days, 400.0);  // no households stage ran
}

TEST(Supply, RefusedConvoysNeverArriveAndLootedTrucksAreLost) {
  World refused = build(pocket_with(R"(    aid: {first_request_day: 0, request_every_days: 1, approval_probability: 0, trucks_per_convoy: 4}
)"));
  for (int d = 0; d < 10; ++d) {
    const auto events = step_supply(refused);
    EXPECT_TRUE(has(events, EventKind::kAidRefused));
    EXPECT_EQ(refused.pockets[0].today.aid_trucks, 0);
  }
  World looted = build(pocket_with(R"(    aid: {first_request_day: 0, request_every_days: 100, approval_probability: 1, delay_days: 0,
          trucks_per_convoy: 4, loot_probability_per_truck: 1}
)"));
  const auto events = step_supply(looted);
  EXPECT_TRUE(has(events, EventKind::kAidLooted, 4));
  EXPECT_EQ(looted.pockets[0].today.aid_trucks, 0);
  EXPECT_EQ(looted.pockets[0].today.aid_trucks_looted, 4);
  EXPECT_EQ(looted.pockets[0].aid_to_distribute_person_days, 0.0);
}

TEST(Supply, ApprovalRateMatchesItsProbability) {
  World w = build(pocket_with(R"(    aid: {first_request_day: 0, request_every_days: 1, approval_probability: 0.3, trucks_per_convoy: 1}
)"));
  int approved = 0;
  constexpr int kDays = 4000;
  for (int d = 0; d < kDays; ++d) approved += has(step_supply(w), EventKind::kAidApproved);
  EXPECT_NEAR(approved / static_cast<double>(kDays), 0.3, 4 * std::sqrt(0.3 * 0.7 / kDays));
}

TEST(Supply, KeptBackAidJoinsTheMarketAndTheRestWaitsToBeHandedOut) {
  World w = build(pocket_with(R"(    market: {initial_stock_days: 0, spoilage_share_per_day: 0}
    aid: {first_request_day: 0, request_every_days: 100, approval_probability: 1, delay_days: 0,
          trucks_per_convoy: 10, rations_per_truck_person_days: 1000, kept_back_share: 0.6}
)"));
  step_supply(w);
  EXPECT_NEAR(w.pockets[0].today.aid_kept_back_person_days, 6000.0, 1e-9);
  EXPECT_NEAR(w.pockets[0].market.stock_person_days, 6000.0, 1e-9);
  EXPECT_NEAR(w.pockets[0].aid_to_distribute_person_days, 4000.0, 1e-9);
}

TEST(Supply, StockCostIsWeightedBySource) {
  World w = build(pocket_with(R"(    market: {initial_stock_days: 0, spoilage_share_per_day: 0}
    production:
      - {name: crops, person_days_per_day: 300, cost_multiple: 1}
    smuggling: {capacity_person_days_per_day: 100, markup_multiple: 5}
)"));
  step_supply(w);
  EXPECT_NEAR(w.pockets[0].market.cost_multiple, (300 * 1.0 + 100 * 5.0) / 400.0, 1e-12);
  EXPECT_NEAR(w.pockets[0].market.local_person_days, 300.0, 1e-9);
}

TEST(Supply, TradersStockForWhatBuyersCanPayNotForWhatTheyNeed) {
  // Two pockets alike but for their purses: traders fill the market of the one whose households
  // can pay and bring almost nothing to the one whose households cannot (no cash, no income).
  const auto pocket = [](double cash) {
    return pocket_with(R"(    market: {initial_stock_days: 0, target_cover_days: 10, spoilage_share_per_day: 0.1}
    smuggling: {capacity_person_days_per_day: 100000, markup_multiple: 5}
    households: {initial_food_store_days: 0, initial_cash_usd: )" + std::to_string(cash) +
                       R"(, income_usd_per_person_day: 0, hidden_food_store_days: 0, kin_share_per_day: 0}
)");
  };
  World paying = build(pocket(100000)), penniless = build(pocket(0));
  for (World* w : {&paying, &penniless}) {
    for (int d = 0; d < 5; ++d) {
      w->begin_day();
      stages::supply(*w);
      stages::households(*w);
      ++w->day;
    }
  }
  // On the first morning traders have seen no buyers yet and stock for the need; after that they
  // bring in what sells (not what spoils unsold).
  const double need = paying.pockets[0].need_person_days;
  EXPECT_GT(paying.pockets[0].today.smuggled_person_days, 0.5 * need);
  EXPECT_EQ(penniless.pockets[0].market.asked_at_cost_person_days, 0.0);
  EXPECT_EQ(penniless.pockets[0].today.smuggled_person_days, 0.0);
  EXPECT_LE(penniless.pockets[0].market.stock_person_days, 10.0 * need);
}

}  // namespace
}  // namespace siege
