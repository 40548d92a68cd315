// Policy comparison: the statistics it prints, and common random numbers: arms that share a seed
// draw the same numbers, so their histories agree until their policies make them differ.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "experiment/compare.hpp"
#include "observe/variables.hpp"
#include "scenario/load.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

TEST(CompareStatistics, StudentQuantilesMatchTheTables) {
  EXPECT_NEAR(student_t_975(1), 12.7062, 1e-4);
  EXPECT_NEAR(student_t_975(3), 3.1824, 1e-4);
  EXPECT_NEAR(student_t_975(10), 2.2281, 1e-4);
  EXPECT_NEAR(student_t_975(30), 2.0423, 1e-4);
  EXPECT_NEAR(student_t_975(99), 1.9842, 1e-4);
  EXPECT_NEAR(student_t_975(1e9), 1.9600, 1e-4);
}

TEST(CompareStatistics, SpreadAndPairedDifferenceByHand) {
  const Spread s = spread({5, 1, 4, 2, 3});
  EXPECT_DOUBLE_EQ(s.median, 3.0);
  EXPECT_DOUBLE_EQ(s.low, 1.2);   // 5 % of the way from 1 to 5 over four steps
  EXPECT_DOUBLE_EQ(s.high, 4.8);
  // Differences b - a = (-1, -2, -3, 0): mean -1.5, sd sqrt(5/3), t(3) = 3.182.
  const std::vector<double> a = {10, 10, 10, 10}, b = {9, 8, 7, 10};
  const PairedDifference d = paired_difference(a, b);
  EXPECT_DOUBLE_EQ(d.mean, -1.5);
  const double half = student_t_975(3) * std::sqrt(5.0 / 3.0) / 2.0;
  EXPECT_NEAR(d.low, -1.5 - half, 1e-12);
  EXPECT_NEAR(d.high, -1.5 + half, 1e-12);
}

TEST(CommonRandomNumbers, ArmsThatChangeNothingAreIdentical) {
  // Waer as written holds the condition, so the arms "baseline" and "hold" are the same policy
  // under two names: every metric of every replicate must agree exactly.
  const auto written = test::load("scenarios/waer.yaml", 60);
  const auto hold = test::load("scenarios/waer.yaml", 60, "hold");
  CompareOptions options;
  options.replicates = 3;
  const Comparison c = compare_policies({written, hold}, options);
  for (const Metric& m : c.metrics) {
    for (std::size_t r = 0; r < c.runs; ++r) {
      for (std::size_t p = 0; p < c.pockets.size(); ++p) {
        EXPECT_EQ(c.value(m, 0, r, p), c.value(m, 1, r, p)) << m.name << " run " << r;
      }
    }
  }
}

TEST(CommonRandomNumbers, HoldAndDropShareTheirHistoryUntilTheFirstRoundEnds) {
  // The first round of talks opens on day 33 and ends on day 40: before the committee answers,
  // the arms must agree on every daily figure; after it, they part.
  const auto hold = test::load("scenarios/waer.yaml", 80, "hold");
  const auto drop = test::load("scenarios/waer.yaml", 80, "drop");
  for (std::uint64_t run : {0u, 1u}) {
    const auto a = test::run(hold, run, 2).record;
    const auto b = test::run(drop, run, 2).record;
    const auto vars = observe::variables();
    std::size_t differ_after = 0;
    for (std::size_t v = 0; v < vars.size(); ++v) {
      if (vars[v].name == "committee_policy") continue;  // the policy itself, which is what differs
      const std::size_t per_day = a.values[v].size() / a.days;
      for (std::size_t d = 0; d < a.days; ++d) {
        for (std::size_t i = d * per_day; i < (d + 1) * per_day; ++i) {
          if (d < 40) {
            ASSERT_EQ(a.values[v][i], b.values[v][i]) << vars[v].name << " day " << d << " run " << run;
          } else {
            differ_after += a.values[v][i] != b.values[v][i];
          }
        }
      }
    }
    EXPECT_GT(differ_after, 0u) << "the policies must matter once the committee has answered";
  }
}

TEST(Branching, TheFirstArmBranchedOnItselfIsThePlainRun) {
  const auto hold = test::load("scenarios/waer.yaml", 80, "hold");
  const test::RunResult plain = test::run(hold, 1, 2);
  observe::Recorder trunk_recorder;
  Simulation trunk(hold, 1);
  trunk.add_observer(trunk_recorder);
  trunk.run_until(35);
  observe::Recorder branch_recorder = trunk_recorder;
  Simulation branch(trunk, hold);
  branch.add_observer(branch_recorder);
  branch.run();
  EXPECT_EQ(branch_recorder.record().values, plain.record.values);
  EXPECT_EQ(branch_recorder.record().events.size(), plain.record.events.size());
  EXPECT_EQ(test::fingerprint(branch.world()), plain.fingerprint);
}

TEST(Branching, ACommitteeThatSwitchedDuringTheSharedHistoryKeepsItsLivePolicy) {
  // In four_zones the South's committee follows its residents and drops the condition on day 67.
  const auto zones = test::load("tests/scenarios/four_zones.yaml");
  const test::RunResult plain = test::run(zones, 0, 2);
  observe::Recorder trunk_recorder;
  Simulation trunk(zones, 0);
  trunk.add_observer(trunk_recorder);
  trunk.run_until(80);
  ASSERT_EQ(trunk.world().pockets[0].front.policy, ReleasePolicy::kDrop);
  observe::Recorder branch_recorder = trunk_recorder;
  Simulation branch(trunk, zones);
  branch.add_observer(branch_recorder);
  branch.run();
  EXPECT_EQ(branch_recorder.record().values, plain.record.values);
  EXPECT_EQ(test::fingerprint(branch.world()), plain.fingerprint);
}

TEST(Branching, ThePolicyOfEachArmTakesEffectFromTheBranchDay) {
  const auto hold = test::load("scenarios/waer.yaml", 80, "hold");
  const auto drop = test::load("scenarios/waer.yaml", 80, "drop");
  CompareOptions options;
  options.replicates = 2;
  options.branch_day = 50;  // after the first round: without branching the arms differ from day 40
  const Comparison c = compare_policies({hold, drop}, options);
  const auto named = std::find_if(c.metrics.begin(), c.metrics.end(), [](const Metric& m) { return m.name == "surrendered"; });
  ASSERT_NE(named, c.metrics.end());
  const Metric& surrendered = *named;
  for (std::size_t run = 0; run < 2; ++run) {
    EXPECT_EQ(c.value(surrendered, 0, run, 0), 0.0) << "hold does not surrender";
    EXPECT_EQ(c.value(surrendered, 1, run, 0), 1.0) << "drop surrenders in the round after the branch";
  }
}

TEST(Branching, APolicyThatChangesTheStartCannotBranch) {
  const std::string yaml = R"(name: branch
start_date: 2017-01-01
pockets:
  - name: P
    towns:
      - {name: A, population: 100, lat: 0, lon: 0}
    conflict: {committee: {policy: hold}}
policies:
  bigger:
    set:
      pockets[P].towns[A].population: 200
  richer:
    set:
      pockets[P].households.initial_cash_usd: 500
  owning:
    set:
      pockets[P].households.assets.mean_usd: 1000
  drop:
    set:
      pockets[P].conflict.committee.policy: drop
)";
  const Scenario base = test::parse(yaml);
  const Scenario bigger = scenario::load_text(yaml, "b.yaml", "bigger");
  const Scenario drop = scenario::load_text(yaml, "b.yaml", "drop");
  EXPECT_EQ(fixed_at_start_difference(base, bigger), "the towns of P");
  EXPECT_EQ(fixed_at_start_difference(base, drop), "");
  EXPECT_EQ(fixed_at_start_difference(base, scenario::load_text(yaml, "b.yaml", "richer")),
            "the households' starting values of P")
      << "cash is handed out when the world is built; a branch could not change it";
  EXPECT_EQ(fixed_at_start_difference(base, scenario::load_text(yaml, "b.yaml", "owning")),
            "the households' starting values of P")
      << "so are belongings, hidden food and who draws a salary or remittances";
  World w(std::make_shared<const Scenario>(base), rng::RunKey{1, 0});
  EXPECT_THROW(w.adopt_policy(std::make_shared<const Scenario>(bigger)), std::invalid_argument);
  w.adopt_policy(std::make_shared<const Scenario>(drop));
  EXPECT_EQ(w.pockets[0].front.policy, ReleasePolicy::kDrop);
}

}  // namespace
}  // namespace siege
