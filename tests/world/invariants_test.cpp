// The daily invariants (SIEGE_VALIDATE): they hold through a run, and each kind of breakage is
// named.
#include <gtest/gtest.h>

#include "experiment/simulation.hpp"
#include "support/support.hpp"
#include "world/invariants.hpp"

namespace siege {
namespace {

TEST(Invariants, HoldEveryDayOfARunAndNameWhatBreaks) {
  Simulation linked(test::load("tests/scenarios/linked_pockets.yaml"), 0);
  for (int day = 0; day < 160; ++day) {
    linked.step();
    ASSERT_EQ(broken_invariant(linked.world()), "") << "linked pockets, day " << day;
  }
  Simulation sim(test::load("tests/scenarios/four_zones.yaml", 60), 0);
  for (int day = 0; day < 60; ++day) {
    sim.step();
    ASSERT_EQ(broken_invariant(sim.world()), "") << "day " << day;
  }
  const auto broken = [&](auto&& spoil) {
    World w = sim.world();
    spoil(w);
    return broken_invariant(w);
  };
  EXPECT_NE(broken([](World& w) { w.persons.status[3] = Status::kDeparted; }).find("count"), std::string::npos);
  EXPECT_NE(broken([](World& w) { w.households.food_person_days[2] = -1.0f; }).find("food or cash"), std::string::npos);
  EXPECT_NE(broken([](World& w) { w.persons.support[5] = 1.5f; }).find("support"), std::string::npos);
  EXPECT_NE(broken([](World& w) { w.pockets[0].market.stock_person_days = -3.0; }).find("market"), std::string::npos);
  EXPECT_NE(broken([](World& w) { w.pockets[0].front.morale = 2.0; }).find("front"), std::string::npos);
  EXPECT_NE(broken([](World& w) { w.pockets[0].front.believed_worth_share = 1.5; }).find("front"), std::string::npos);
  EXPECT_NE(broken([](World& w) { ++w.pockets[0].front.detainees_held; }).find("detainees"), std::string::npos);
  EXPECT_NE(broken([](World& w) { --w.pockets[0].alive; }).find("living"), std::string::npos);
}

}  // namespace
}  // namespace siege
