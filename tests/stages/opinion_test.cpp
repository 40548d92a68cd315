// The opinion stage: the household network, the Friedkin-Johnsen update on a network small enough
// to check by hand, what raises and lowers support, demonstrations, and the committee that follows
// its residents.
#include <gtest/gtest.h>

#include <algorithm>

#include "stages/stages.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

/// A one-pocket world with two towns, an opinion block and a conflict block (YAML flow mappings).
World build(const std::string& opinion, const std::string& conflict = "{}", std::int64_t population = 600) {
  const std::string n = std::to_string(population);
  auto scenario = std::make_shared<const Scenario>(test::parse(R"(name: opinion unit
start_date: 2017-01-01
days: 100
opinion: )" + opinion + R"(
besieger: {strikes_per_day_siege: 0, escalation_hazard_per_day: 0}
pockets:
  - name: P
    towns:
      - {name: A, population: )" + n + R"(, lat: 0, lon: 0}
      - {name: B, population: )" + n + R"(, lat: 0, lon: 1}
    conflict: )" + conflict + "\n"));
  return World(scenario, rng::RunKey{3, 0});
}

void step_opinion(World& w) {
  w.begin_day();
  stages::opinion(w);
  ++w.day;
}

TEST(Network, WeightsFollowTheTiesAndTwoTiesToOneHouseholdCountTwice) {
  SocialNetwork network = network_of(std::vector<std::vector<std::uint32_t>>{{1, 1}, {0, 2, 1}, {}}, 0.5);
  ASSERT_EQ(network.households(), 3u);
  EXPECT_EQ(network.first_tie[2] - network.first_tie[1], 2u) << "a tie to itself is left out";
  network.mean_support = {0.2f, 0.6f, 1.0f};
  EXPECT_FLOAT_EQ(network.around_mean(0, 0.2f), 0.5f * 0.2f + 0.5f * 0.6f) << "two ties to one household count twice";
  EXPECT_FLOAT_EQ(network.around_mean(1, 0.6f), 0.5f * 0.6f + 0.25f * 0.2f + 0.25f * 1.0f);
  EXPECT_FLOAT_EQ(network.around_mean(2, 1.0f), 1.0f) << "a household without ties listens to itself";
  network.mean_support[2] = SocialNetwork::kNobodyInside;
  EXPECT_FLOAT_EQ(network.around_mean(1, 0.6f), (0.5f * 0.6f + 0.25f * 0.2f) / 0.75f) << "an empty household drops out";
}

TEST(Network, DrawnTiesStayInTheTownOrElsewhereInThePocket) {
  OpinionDef def;
  def.ties_within_town = 3;
  def.ties_across_towns = 1.0;
  // Pocket 0: towns [0, 50) and [50, 60); pocket 1: town [60, 63), smaller than the ties asked for.
  const std::vector<TownHouseholds> towns = {{0, 50, 0, 60}, {50, 60, 0, 60}, {60, 63, 60, 63}};
  SocialNetwork network = draw_network({1, 2}, def, towns);
  ASSERT_EQ(network.households(), 63u);
  network.mean_support.assign(63, 1.0f);
  std::int64_t across = 0;
  for (std::size_t t = 0; t < towns.size(); ++t) {
    for (std::uint32_t h = towns[t].first; h < towns[t].end; ++h) {
      std::int64_t in_town = 0;
      for (std::uint32_t i = network.first_tie[h]; i < network.first_tie[h + 1]; ++i) {
        const std::uint32_t k = network.tied[i];
        EXPECT_NE(k, h);
        EXPECT_GE(k, towns[t].pocket_first);
        EXPECT_LT(k, towns[t].pocket_end) << "ties never leave the pocket";
        (k >= towns[t].first && k < towns[t].end ? in_town : across) += 1;
      }
      EXPECT_NEAR(network.around_mean(h, 1.0f), 1.0f, 1e-6f) << "the weights add up to one";
      EXPECT_EQ(in_town, t == 2 ? 2 : 3) << "household " << h;
    }
  }
  EXPECT_GT(across, 30) << "about one tie across towns per household in the first pocket";
  EXPECT_LT(across, 95);
}

TEST(Opinion, FriedkinJohnsenConvergesToTheFixedPointWorkedOutByHand) {
  // Three one-person households in a line, 0 - 1 - 2, each giving half its weight to itself.
  // With priors u = (1, 0, 0.5) and stubbornness 0.2 the fixed point of
  //   x = 0.2 u + 0.8 W x
  // is x1 = 0.3 (from 0.6 x1 = 0.2 (x0 + x2), x0 = 1/3 + 2/3 x1, x2 = 1/6 + 2/3 x1),
  // x0 = 8/15 and x2 = 11/30.
  SocialNetwork network = network_of(std::vector<std::vector<std::uint32_t>>{{1}, {0, 2}, {1}}, 0.5);
  const std::array<float, 3> prior = {1.0f, 0.0f, 0.5f};
  std::array<float, 3> x = {0.0f, 1.0f, 0.0f};
  for (int step = 0; step < 200; ++step) {
    network.mean_support.assign(x.begin(), x.end());  // everyone reads this morning's means
    for (std::uint32_t h = 0; h < 3; ++h) {
      x[h] = friedkin_johnsen(prior[h], network.around_mean(h, x[h]), 0.2f);
      ASSERT_GE(x[h], 0.0f);
      ASSERT_LE(x[h], 1.0f);
    }
  }
  EXPECT_NEAR(x[0], 8.0 / 15.0, 1e-5);
  EXPECT_NEAR(x[1], 0.3, 1e-5);
  EXPECT_NEAR(x[2], 11.0 / 30.0, 1e-5);
}

TEST(Opinion, SupportStaysWithinBoundsAndSettlesWhenNothingChanges) {
  // Deaths nearby stay out of it: each baseline death would nudge the town's priors.
  auto scenario = std::make_shared<Scenario>(*test::load("tests/scenarios/ample_aid.yaml", 120));
  scenario->opinion.deaths_weight = 0.0;
  Simulation sim(scenario, 0);
  double previous = -1.0, last_change = 1.0;
  for (int d = 0; d < 120; ++d) {
    sim.step();
    const World& w = sim.world();
    const auto [low, high] = std::minmax_element(w.persons.support.begin(), w.persons.support.end());
    ASSERT_GE(*low, 0.0f);
    ASSERT_LE(*high, 1.0f);
    const double mean = w.pockets[0].today.support;
    if (previous >= 0.0) last_change = std::abs(mean - previous);
    previous = mean;
  }
  EXPECT_LT(last_change, 1e-5) << "with no hardship changing, support settles at its fixed point";
}

TEST(Opinion, ADetainedRelativeRaisesSupportAndStrikesLowerIt) {
  World w = build("{prior_spread: 0.1, detained_relative_gain: 0.3, strikes_weight: 0.01}",
                  "{detainees: {on_list: 80}}");
  for (int d = 0; d < 40; ++d) {
    w.begin_day();
    w.towns[0].strikes_today = 3;  // town A is struck every day, B never
    stages::opinion(w);
    ++w.day;
  }
  // Within town B, which no strike hit: with a detained relative against without.
  double with = 0, without = 0;
  std::int64_t n_with = 0, n_without = 0;
  for (std::uint32_t i = w.towns[1].first_person; i < w.towns[1].end_person; ++i) {
    const bool relative = w.households.detained_relatives[w.household_of(i)] > 0;
    (relative ? with : without) += w.persons.support[i];
    ++(relative ? n_with : n_without);
  }
  ASSERT_GT(n_with, 50);
  // At the fixed point a household's premium d solves d = 0.1 x 0.3 + 0.9 x 0.5 d: about 0.055.
  EXPECT_GT(with / static_cast<double>(n_with), without / static_cast<double>(n_without) + 0.03);
  EXPECT_LT(w.towns[0].support, w.towns[1].support - 0.1) << "30 days of strikes weigh on town A";
}

TEST(Opinion, TownsDemonstrateOnlyWhenSupportIsHighAndNoStrikeHitsThem) {
  const std::string listed = "{detainees: {on_list: 10}}";
  World high = build("{prior_mean: 1, prior_spread: 0, hunger_weight: 0, demonstration_probability: 1}", listed);
  high.begin_day();
  high.towns[1].strikes_today = 1;
  stages::opinion(high);
  EXPECT_EQ(high.pockets[0].today.demonstrations, 1) << "town A marches; town B was struck";

  World low = build("{prior_mean: 0.2, prior_spread: 0, demonstration_probability: 1}", listed);
  step_opinion(low);
  EXPECT_EQ(low.pockets[0].today.demonstrations, 0);

  World no_list = build("{prior_mean: 1, prior_spread: 0, hunger_weight: 0, demonstration_probability: 1}");
  step_opinion(no_list);
  EXPECT_EQ(no_list.pockets[0].today.demonstrations, 0) << "no list, no condition to march for";
}

TEST(Opinion, TheCommitteeDropsTheConditionOnceSupportStaysLow) {
  World w = build("{prior_mean: 0.2, prior_spread: 0}",
                  "{first_talks_day: 1000, committee: {policy: hold, follow_support: {below: 0.4, days: 5}}}");
  std::int64_t changes = 0;
  for (int d = 0; d < 10; ++d) {
    step_opinion(w);
    for (const Event& e : w.events_today) changes += e.kind == EventKind::kPolicyChanged;
    if (d < 4) {
      EXPECT_EQ(w.pockets[0].front.policy, ReleasePolicy::kHold) << "day " << d;
    }
  }
  EXPECT_EQ(w.pockets[0].front.policy, ReleasePolicy::kDrop);
  EXPECT_EQ(changes, 1);

  World holding = build("{prior_mean: 0.9, prior_spread: 0}",
                        "{first_talks_day: 1000, committee: {policy: hold, follow_support: {below: 0.4, days: 5}}}");
  for (int d = 0; d < 10; ++d) step_opinion(holding);
  EXPECT_EQ(holding.pockets[0].front.policy, ReleasePolicy::kHold);
}

}  // namespace
}  // namespace siege
