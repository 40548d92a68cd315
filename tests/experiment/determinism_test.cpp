// Results are bit-identical at any thread count (1, 2 and 8 threads on a 2-core machine too).
#include <gtest/gtest.h>

#include "support/support.hpp"

namespace siege {
namespace {

void expect_identical_at_any_thread_count(const std::shared_ptr<const Scenario>& scenario) {
  const auto one = test::run(scenario, 0, 1);
  for (int threads : {2, 8}) {
    const auto many = test::run(scenario, 0, threads);
    EXPECT_EQ(one.fingerprint, many.fingerprint) << threads << " threads";
    ASSERT_EQ(one.record.values.size(), many.record.values.size());
    for (std::size_t v = 0; v < one.record.values.size(); ++v) {
      // Exact equality, not closeness: the same bits.
      EXPECT_EQ(one.record.values[v], many.record.values[v]) << "variable " << v << ", " << threads << " threads";
    }
    ASSERT_EQ(one.record.events.size(), many.record.events.size());
    for (std::size_t e = 0; e < one.record.events.size(); ++e) {
      EXPECT_EQ(one.record.events[e].reason, many.record.events[e].reason);
    }
  }
}

TEST(Determinism, ClassroomIsIdenticalAtOneTwoAndEightThreads) {
  expect_identical_at_any_thread_count(test::load("scenarios/classroom.yaml"));
}

TEST(Determinism, NorthHomsIsIdenticalAtOneTwoAndEightThreads) {
  expect_identical_at_any_thread_count(test::load("scenarios/north_homs.yaml", 40));
}

TEST(Determinism, TwoPocketsAreIdenticalAtOneTwoAndEightThreads) {
  expect_identical_at_any_thread_count(test::load("tests/scenarios/two_pockets.yaml"));
}

TEST(Determinism, ConflictDynamicsAreIdenticalAtOneTwoAndEightThreads) {
  expect_identical_at_any_thread_count(test::load("tests/scenarios/conflict.yaml"));
  expect_identical_at_any_thread_count(test::load("scenarios/waer.yaml", 0, "drop"));
  expect_identical_at_any_thread_count(test::load("tests/scenarios/four_zones.yaml"));
}

TEST(Determinism, BargainingLinkedDealsAndPhasedReleasesAreIdenticalAtOneTwoAndEightThreads) {
  // Two besiegers, a phased surrender that takes in the linked pocket, reneging, conscription.
  expect_identical_at_any_thread_count(test::load("tests/scenarios/linked_pockets.yaml"));
  expect_identical_at_any_thread_count(test::load("scenarios/waer.yaml", 0, "phased"));
}

TEST(Determinism, RunsDifferAndRepeat) {
  const auto scenario = test::load("scenarios/classroom.yaml", 60);
  EXPECT_EQ(test::run(scenario, 3, 2).fingerprint, test::run(scenario, 3, 2).fingerprint);
  EXPECT_NE(test::run(scenario, 3, 2).fingerprint, test::run(scenario, 4, 2).fingerprint);
}

}  // namespace
}  // namespace siege
