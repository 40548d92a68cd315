// Many pockets in one world: mediators share their attention and pressure as declared, and the
// evacuees who leave one pocket are the arrivals of another.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/errors.hpp"
#include "stages/stages.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

std::shared_ptr<const Scenario> three_pockets(const std::string& mediators) {
  std::string yaml = R"(name: mediation unit
start_date: 2017-01-01
days: 60
besieger: {escalation_hazard_per_day: 0}
pockets:
)";
  for (const char* name : {"P", "Q", "R"}) {
    yaml += std::string("  - name: ") + name + "\n    towns:\n      - {name: " + name +
            "1, population: 100, lat: 0, lon: 0}\n    conflict: {first_talks_day: 1000, forces: {captives_held: 100}, "
            "detainees: {on_list: 100}}\n";
  }
  return std::make_shared<const Scenario>(test::parse(yaml + "mediators:\n" + mediators));
}

TEST(Mediation, AttentionSplitsAsDeclaredAndGoesToThePocketsStillTalking) {
  World w(three_pockets(R"(  - name: M
    pressure: 0.8
    attention: [{pocket: P, share: 0.5}, {pocket: Q, share: 0.3}, {pocket: R, share: 0.2}]
  - name: N
    pressure: 0.1
    attention: [{pocket: P, share: 1}]
)"),
          rng::RunKey{1, 0});
  w.begin_day();
  stages::negotiation(w);
  EXPECT_DOUBLE_EQ(w.pockets[0].front.mediator_pressure, 0.8 * 0.5 + 0.1);
  EXPECT_DOUBLE_EQ(w.pockets[1].front.mediator_pressure, 0.8 * 0.3);
  EXPECT_DOUBLE_EQ(w.pockets[2].front.mediator_pressure, 0.8 * 0.2);

  // Q's siege is over: its share goes to P and R in proportion, 5 : 2.
  w.set_state(1, NegotiationState::kEnded, "test");
  ++w.day;
  w.begin_day();
  stages::negotiation(w);
  EXPECT_DOUBLE_EQ(w.pockets[0].front.mediator_pressure, 0.8 * 0.5 / 0.7 + 0.1);
  EXPECT_DOUBLE_EQ(w.pockets[1].front.mediator_pressure, 0.0);
  EXPECT_DOUBLE_EQ(w.pockets[2].front.mediator_pressure, 0.8 * 0.2 / 0.7);
}

TEST(Mediation, SwapsComeAsOftenAsAttentionAllows) {
  World w(three_pockets(R"(  - name: M
    swap_every_days: 2
    swap_size: 5
    attention: [{pocket: P, share: 0.25}, {pocket: Q, share: 0.75}]
)"),
          rng::RunKey{1, 0});
  std::array<std::int64_t, 3> swaps{};
  for (w.day = 0; w.day <= 48; ++w.day) {
    w.begin_day();
    stages::negotiation(w);
    stages::detention(w);
    for (const Event& e : w.events_today) swaps[e.pocket] += e.kind == EventKind::kSwap;
  }
  EXPECT_EQ(swaps[0], 6) << "a quarter of the attention: one swap every 8 days";
  EXPECT_EQ(swaps[1], 18) << "three quarters: one every 2 2/3 days";
  EXPECT_EQ(swaps[2], 0);
}

TEST(Mediation, AttentionMustNameBesiegedPocketsWithSharesAddingUpToOne) {
  const auto error_of = [](const std::string& mediators) {
    try {
      three_pockets(mediators);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("  - {name: M, attention: [{pocket: P, share: 0.5}, {pocket: Q, share: 0.4}]}\n")
                .find("shares add up to 0.9; make them add up to 1"),
            std::string::npos);
  const std::string unknown = error_of("  - {name: M, attention: [{pocket: Qq, share: 1}]}\n");
  EXPECT_NE(unknown.find("no pocket under siege is called 'Qq'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find(":19:"), std::string::npos) << "the error names the line: " << unknown;
  EXPECT_NE(error_of("  - {name: M, attention: [{pocket: P, share: 0.5}, {pocket: P, share: 0.5}]}\n")
                .find("appears twice"),
            std::string::npos);
}

TEST(ManyPockets, EvacueesLeavingEqualEvacueesArriving) {
  const auto scenario = test::load("tests/scenarios/four_zones.yaml");
  Simulation sim(scenario, 0);
  std::int64_t arrived = 0, demonstrations = 0, strikes_on_north = 0, most_fighters_north = 0;
  std::array<std::int64_t, 4> evacuated_today{};
  const std::size_t north = 2;
  while (sim.world().day < scenario->days) {
    sim.step();
    const World& w = sim.world();
    std::int64_t left_today = 0;
    for (std::size_t p = 0; p < w.pockets.size(); ++p) {
      left_today += w.pockets[p].today.evacuated;
      evacuated_today[p] += w.pockets[p].today.evacuated;
      demonstrations += w.pockets[p].today.demonstrations;
      if (p != north) {
        EXPECT_EQ(w.pockets[p].today.arrived, 0);
      }
    }
    EXPECT_EQ(w.pockets[north].today.arrived, left_today) << "day " << w.day;
    arrived += w.pockets[north].today.arrived;
    strikes_on_north += w.pockets[north].today.strikes;
    most_fighters_north = std::max(most_fighters_north, w.pockets[north].front.fighters);
  }
  const World& w = sim.world();
  EXPECT_GT(evacuated_today[0] + evacuated_today[1], 500) << "both sieges should end in evacuation";
  EXPECT_EQ(arrived, w.pockets[0].front.evacuated_total + w.pockets[1].front.evacuated_total);
  // The north is short of food, so hunger thins them later; on arrival they add to its fighters.
  EXPECT_GT(most_fighters_north, w.pockets[north].front.fighters_initial)
      << "fighters evacuated with their families fight on in the destination";
  EXPECT_GT(strikes_on_north, 0) << "the destination is bombarded too";
  EXPECT_GT(demonstrations, 0);
}

}  // namespace
}  // namespace siege
