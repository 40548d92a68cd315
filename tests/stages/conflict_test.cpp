// The conflict stages one mechanism at a time: the negotiation state machine, agreements and their
// collapse, strikes, releases and swaps, evacuation into arrival slots, and policies.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "core/errors.hpp"
#include "scenario/load.hpp"
#include "stages/agreements.hpp"
#include "stages/stages.hpp"
#include "support/support.hpp"

namespace siege {
namespace {

/// A one-pocket world with a conflict block (YAML flow mapping) and besieger overrides.
World build(const std::string& conflict, const std::string& besieger = "{}", const std::string& extra_pockets = "",
            const std::string& mediators = "") {
  auto scenario = std::make_shared<const Scenario>(test::parse(R"(name: conflict unit
start_date: 2017-01-01
days: 100
besieger: )" + besieger + R"(
pockets:
  - name: P
    towns:
      - {name: A, population: 2000, lat: 0, lon: 0}
    conflict: )" + conflict + "\n" + extra_pockets + (mediators.empty() ? "" : "mediators: " + mediators + "\n")));
  return World(scenario, rng::RunKey{5, 0});
}

void step_negotiation(World& w) {
  w.begin_day();
  stages::negotiation(w);
  ++w.day;
}

std::vector<EventKind> kinds_of(const World& w) {
  std::vector<EventKind> kinds;
  for (const Event& e : w.events_today) kinds.push_back(e.kind);
  return kinds;
}

bool has(const std::vector<EventKind>& kinds, EventKind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

TEST(Negotiation, HoldRejectsAnOfferBelowItsShareAndEscalationBecomesLikelier) {
  World w = build("{first_talks_day: 2, round_days: 3, pause_days: 50, detainees: {on_list: 1000}, "
                  "committee: {policy: hold, hold_release_share: 0.25, surrender_threshold: 0}}",
                  "{offer_base_share: 0.02, siege_cost_share_per_year: 3, casualty_cost_share_per_year: 0, "
                  "endurance_horizon_days: 10, escalation_hazard_per_day: 0, escalation_hazard_per_rejection: 0}");
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kSiege);
  step_negotiation(w);  // day 0
  step_negotiation(w);  // day 1
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kSiege);
  step_negotiation(w);  // day 2: the round opens
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kTalks);
  step_negotiation(w);
  step_negotiation(w);
  w.begin_day();
  stages::negotiation(w);  // day 5: the round ends
  EXPECT_TRUE(has(kinds_of(w), EventKind::kOfferRejected));
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kSiege);
  EXPECT_EQ(w.pockets[0].front.rejections, 1);
  // A deal is worth at most 10 days of a siege that costs 3 lists a year (8 %) to the besieger: it
  // offers its customary 2 % or less, and refuses the quarter the committee asks.
  EXPECT_GT(w.pockets[0].front.offer_share, 0.0);
  EXPECT_LE(w.pockets[0].front.offer_share, 0.02 + 1e-12);
  EXPECT_NE(w.events_today.back().reason.find("refuses"), std::string::npos) << w.events_today.back().reason;
  EXPECT_TRUE(w.agreements.empty());
}

TEST(Negotiation, HoldWinsReleasesOnlyWhereTheSiegeCostsTheBesiegerEnough) {
  // The same committee holding out for a tenth of its list, against a besieger to whom a year of
  // siege costs 3 % of the list (the calibration's offers without leverage) or 50 %.
  std::vector<double> offers_when_cheap;
  for (const double cost : {0.03, 0.5}) {
    // Talks open after three months, once the besieger's reading of the pocket has settled (its
    // capacity steps down on the first days of this bare world and then holds).
    World w = build("{first_talks_day: 90, round_days: 1, pause_days: 1, detainees: {on_list: 1000}, "
                    "committee: {policy: hold, hold_release_share: 0.1, surrender_threshold: 0}}",
                    "{offer_base_share: 0.02, siege_cost_share_per_year: " + std::to_string(cost) +
                        ", casualty_cost_share_per_year: 0, concession_per_round: 0.25, escalation_hazard_per_day: 0, "
                        "escalation_hazard_per_rejection: 0}");
    for (int d = 0; d < 150 && w.agreements.empty(); ++d) {
      step_negotiation(w);
      if (cost < 0.1 && d >= 90) offers_when_cheap.push_back(w.pockets[0].front.offer_share);
    }
    if (cost < 0.1) {
      EXPECT_TRUE(w.agreements.empty()) << "a deal worth 3 % never reaches the tenth held out for";
      EXPECT_GT(w.pockets[0].front.rejections, 10);
      EXPECT_LT(*std::max_element(offers_when_cheap.begin(), offers_when_cheap.end()), 0.031);
    } else {
      ASSERT_EQ(w.agreements.size(), 1u) << "the besieger concedes up to the tenth within a few rounds";
      EXPECT_GE(w.agreements[0].terms.releases, 100);
      EXPECT_LE(w.pockets[0].front.rejections, 4);
    }
  }
}

TEST(Negotiation, DropSignsATruceAtOnceAndSurrendersOnlyWhenHoldingOutCostsMoreThanItBears) {
  // A truce gives up nothing: a committee that has dropped the condition signs it at the first round.
  {
    World w = build("{first_talks_day: 0, round_days: 2, besieger_terms: ceasefire, detainees: {on_list: 1000}, "
                    "committee: {policy: drop, surrender_threshold: 0}}");
    for (int d = 0; d < 3; ++d) step_negotiation(w);
    ASSERT_EQ(w.agreements.size(), 1u);
    EXPECT_EQ(w.agreements[0].terms.releases, 0) << "drop signs without releases";
    EXPECT_EQ(w.agreements[0].status, AgreementStatus::kInForce);
    EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kCeasefire);
  }
  // Surrender gives up control, which the committee keeps while the pocket dies slower than the
  // 0.5 per 10,000 a day it bears, and gives up once it dies faster.
  for (const double death_rate : {0.1, 2.0}) {
    World w = build("{first_talks_day: 0, round_days: 2, pause_days: 100, besieger_terms: surrender, "
                    "detainees: {on_list: 1000}, committee: {policy: drop, surrender_threshold: 0, "
                    "bears_death_rate: 0.5}}",
                    "{escalation_hazard_per_day: 0, escalation_hazard_per_rejection: 0}");
    for (int d = 0; d < 3; ++d) {
      w.pockets[0].front.recent_death_rate = death_rate;  // held there: the bare world has no deaths
      w.begin_day();
      w.pockets[0].front.recent_death_rate = death_rate;
      stages::negotiation(w);
      ++w.day;
    }
    if (death_rate < 0.5) {
      EXPECT_TRUE(w.agreements.empty());
      EXPECT_EQ(w.pockets[0].front.rejections, 1);
      EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kSiege);
    } else {
      ASSERT_EQ(w.agreements.size(), 1u);
      EXPECT_EQ(w.agreements[0].status, AgreementStatus::kInForce);
      EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kSurrender);
    }
  }
}

TEST(Negotiation, HoldWaitsForTheRequiredReleasesBeforeTheAgreementTakesForce) {
  World w = build("{first_talks_day: 0, round_days: 1, detainees: {on_list: 100}, terms: {releases_per_day: 5}, "
                  "committee: {policy: hold, hold_release_share: 0.1, surrender_threshold: 0}}",
                  "{offer_base_share: 0.2, siege_cost_share_per_year: 10, renege_per_day: 0, release_compliance: 1}");
  for (int d = 0; d < 2; ++d) step_negotiation(w);
  ASSERT_EQ(w.agreements.size(), 1u);
  EXPECT_EQ(w.agreements[0].status, AgreementStatus::kProposed);
  EXPECT_EQ(w.agreements[0].terms.releases, 20);
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kTalks);
  // Releases of 5 a day: after two days 10 of the 100 names (the required tenth) are out.
  for (int d = 0; d < 3 && w.pockets[0].front.state == NegotiationState::kTalks; ++d) {
    w.begin_day();
    stages::negotiation(w);
    stages::detention(w);
    ++w.day;
  }
  EXPECT_GE(w.agreements[0].released, 10);
  EXPECT_EQ(w.agreements[0].status, AgreementStatus::kInForce);
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kCeasefire);
  EXPECT_EQ(w.pockets[0].front.detainees_held, 100 - w.agreements[0].released);
}

TEST(Negotiation, AProposalWhoseReleasesRunOutShortCollapses) {
  // A swap frees the whole list before the agreement's releases start: the condition can no
  // longer be met, so the proposal collapses instead of waiting in talks for ever.
  World w = build("{first_talks_day: 0, round_days: 1, detainees: {on_list: 20}, terms: {releases_per_day: 5}, "
                  "forces: {captives_held: 100}, "
                  "committee: {policy: hold, hold_release_share: 0.5, surrender_threshold: 0}}",
                  "{offer_base_share: 0.6, siege_cost_share_per_year: 10, renege_per_day: 0, release_compliance: 1}", "",
                  "[{name: M, swap_every_days: 1, swap_size: 100, attention: [{pocket: P, share: 1}]}]");
  for (int d = 0; d < 6; ++d) {
    w.begin_day();
    stages::negotiation(w);
    stages::detention(w);
    ++w.day;
  }
  ASSERT_EQ(w.agreements.size(), 1u);
  EXPECT_EQ(w.agreements[0].status, AgreementStatus::kCollapsed);
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kSiege);
  EXPECT_EQ(w.pockets[0].front.rejections, 1);
}

TEST(Negotiation, TheCommitteeSurrendersWhenCapacityFallsBelowItsThreshold) {
  World w = build("{first_talks_day: 1000, forces: {initial_morale: 0.1}, "
                  "committee: {food_weight: 0, morale_weight: 1, fighter_weight: 0, territory_weight: 0, surrender_threshold: 0.2}}");
  w.begin_day();
  stages::negotiation(w);
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kSurrender);
  EXPECT_TRUE(has(kinds_of(w), EventKind::kSurrender));
  ASSERT_EQ(w.agreements.size(), 1u);
  EXPECT_EQ(w.agreements[0].terms.kind, Terms::kSurrender);
}

TEST(Agreements, ViolationsPastTheToleranceCollapseACeasefireIntoEscalation) {
  World w = build("{agreement_at_start: {name: truce, violation_tolerance: 2}}");
  ASSERT_EQ(w.pockets[0].front.state, NegotiationState::kCeasefire);
  Agreement& truce = w.agreements[0];
  w.begin_day();
  stages::violate(w, truce, stages::Party::kBesieger, Clause::kCessation, "strikes");
  stages::violate(w, truce, stages::Party::kBesieger, Clause::kCessation, "more strikes");  // same clause, same day
  EXPECT_EQ(truce.violations, 1) << "one violation per clause per party per day";
  EXPECT_EQ(truce.status, AgreementStatus::kViolated);
  stages::violate(w, truce, stages::Party::kPocket, Clause::kCessation, "retaliation");
  EXPECT_EQ(truce.status, AgreementStatus::kViolated);
  ++w.day;
  w.begin_day();
  stages::violate(w, truce, stages::Party::kBesieger, Clause::kAidEntry, "convoy refused");
  EXPECT_EQ(truce.violations, 3);
  EXPECT_EQ(truce.status, AgreementStatus::kCollapsed);
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kEscalation);
  EXPECT_EQ(w.pockets[0].front.agreement, -1);
  EXPECT_TRUE(has(kinds_of(w), EventKind::kAgreementCollapsed));
}

TEST(Bombardment, StrikesKillInjureAndDamageAndBreakACeasefire) {
  World w = build("{agreement_at_start: {name: truce, violation_tolerance: 1000}, "
                  "forces: {retaliation_probability: 1}, infrastructure: {damage_per_strike: 0.1}}",
                  "{strikes_per_day_ceasefire: 30, killed_per_strike: 2, injured_per_strike: 2}");
  w.begin_day();
  stages::bombardment(w);
  const PocketToday& today = w.pockets[0].today;
  EXPECT_GT(today.strikes, 10);
  EXPECT_GT(today.deaths[cause_index(Cause::kBombardment)], 0);
  EXPECT_GT(today.injured_new, 0);
  std::int64_t injured = 0;
  for (std::uint32_t p = 0; p < w.persons.size(); ++p) {
    injured += w.persons.status[p] == Status::kInside && (w.persons.flags[p] & kInjured);
  }
  EXPECT_EQ(injured, w.pockets[0].front.injured);
  EXPECT_LT(w.pockets[0].front.health_care, 0.5 * 0.9);
  EXPECT_EQ(today.violations_besieger, 1);
  EXPECT_EQ(today.violations_pocket, 1);
  EXPECT_EQ(w.pockets[0].alive, 2000 - today.deaths[cause_index(Cause::kBombardment)]);
}

TEST(Bombardment, StrikesAfterASurrenderAreTheScenariosNotNone) {
  std::array<std::int64_t, 2> strikes{};  // default, then 20 a day
  for (int arm = 0; arm < 2; ++arm) {
    World w = build("{first_talks_day: 1000}", arm == 0 ? "{}" : "{strikes_per_day_surrender: 20}");
    w.set_state(0, NegotiationState::kSurrender, "test");
    for (int d = 0; d < 10; ++d) {
      w.begin_day();
      stages::bombardment(w);
      strikes[static_cast<std::size_t>(arm)] += w.pockets[0].today.strikes;
    }
  }
  EXPECT_EQ(strikes[0], 0) << "by default strikes stop once the pocket has surrendered";
  EXPECT_GT(strikes[1], 150);
}

TEST(Bombardment, APocketsMenKeepATruceThatSparesLivesBetterThanOneThatDoesNot) {
  // Strikes on most days under a truce that never collapses, and men who answer every strike their
  // committee does not hold back. A truce that spares 0.5 deaths per 10,000 a day (against the 0.5
  // the committee bears for control) halves their answers; one that spares nobody leaves them all.
  std::array<std::int64_t, 2> answers{};
  for (std::size_t arm = 0; arm < 2; ++arm) {
    World w = build("{agreement_at_start: {name: truce, violation_tolerance: 100000}, "
                    "forces: {retaliation_probability: 1}, committee: {bears_death_rate: 0.5}}",
                    "{strikes_per_day_ceasefire: 5, killed_per_strike: 0, injured_per_strike: 0, "
                    "pocket_violation_per_day: 0}");
    w.agreements[0].death_rate_at_signing = arm == 0 ? 1.0 : 1.5;
    for (int d = 0; d < 400; ++d) {
      w.begin_day();
      w.pockets[0].front.recent_death_rate = 1.0;
      stages::bombardment(w);
      answers[arm] += w.pockets[0].today.violations_pocket;
      ++w.day;
    }
  }
  EXPECT_GT(answers[0], 380);
  EXPECT_NEAR(static_cast<double>(answers[1]), 0.5 * static_cast<double>(answers[0]), 40.0);
}

TEST(Bombardment, AMonitoredCeasefireCutsStrikes) {
  std::int64_t monitored = 0, unmonitored = 0;
  for (const char* monitors : {"true", "false"}) {
    World w = build(std::string("{agreement_at_start: {monitors: ") + monitors + ", violation_tolerance: 100000}}",
                    "{strikes_per_day_ceasefire: 5, monitored_strike_factor: 0.2}");
    for (int d = 0; d < 100; ++d) {
      w.begin_day();
      stages::bombardment(w);
      (std::string(monitors) == "true" ? monitored : unmonitored) += w.pockets[0].today.strikes;
      ++w.day;
    }
  }
  EXPECT_NEAR(static_cast<double>(unmonitored), 500.0, 80.0);
  EXPECT_NEAR(static_cast<double>(monitored), 100.0, 35.0);
}

TEST(Detention, SwapsAreSmallAndSymmetric) {
  World w = build("{first_talks_day: 1000, detainees: {on_list: 50, not_on_list: 10}, forces: {captives_held: 7}}",
                  "{escalation_hazard_per_day: 0}", "",
                  "[{name: M, swap_every_days: 1, swap_size: 5, attention: [{pocket: P, share: 1}]}]");
  w.day = 1;
  w.begin_day();
  stages::negotiation(w);
  stages::detention(w);
  EXPECT_EQ(w.pockets[0].today.detainees_released, 5);
  EXPECT_EQ(w.pockets[0].front.captives, 2);
  ++w.day;
  w.begin_day();
  stages::negotiation(w);
  stages::detention(w);
  EXPECT_EQ(w.pockets[0].today.detainees_released, 2) << "no more than the captives the pocket holds";
  EXPECT_EQ(w.pockets[0].front.captives, 0);
  EXPECT_EQ(w.pockets[0].front.detainees_held, 60 - 7 - w.pockets[0].front.detainees_released_total + 7 - 0);
}

TEST(Movement, EvacueesTakeOverTheirSlotsInTheDestinationWithTheirFood) {
  World w = build("{initial_state: siege, forces: {fighter_share_of_adult_men: 0.3}, "
                  "agreement_at_start: {kind: surrender}, "
                  "evacuation: {destination: Camp, batch_persons_max: 100, bus_seats: 50, days_allowed: 1000, "
                  "fighters_reconcile_share: 0}}",
                  "{}", "  - name: Camp\n    towns:\n      - {name: C, population: 300, lat: 1, lon: 1}\n");
  ASSERT_EQ(w.pockets[0].front.state, NegotiationState::kSurrender);
  ASSERT_EQ(w.towns.size(), 3u);  // A, C, and the arrival slots for P in Camp
  EXPECT_EQ(w.town_layout[2].name, "arrivals from P");
  double food_before = 0;
  for (std::uint32_t h = 0; h < w.households.size(); ++h) food_before += w.households.food_person_days[h];
  const std::int64_t fighters = w.pockets[0].front.fighters;
  w.begin_day();
  stages::movement(w);
  const std::int64_t moved = w.pockets[0].today.evacuated;
  EXPECT_GT(moved, 80);
  EXPECT_LE(moved, 100);
  EXPECT_EQ(w.pockets[1].today.arrived, moved);
  EXPECT_EQ(w.pockets[1].alive, 300 + moved);
  EXPECT_EQ(w.pockets[0].alive, 2000 - moved);
  EXPECT_LT(w.pockets[0].front.fighters, fighters) << "fighters' households go first";
  double food_after = 0;
  for (std::uint32_t h = 0; h < w.households.size(); ++h) food_after += w.households.food_person_days[h];
  EXPECT_NEAR(food_after, food_before, 1e-3 * food_before) << "evacuees carry their food";
  // Run the evacuation out: it ends the siege.
  for (int d = 0; d < 200 && w.pockets[0].front.state == NegotiationState::kSurrender; ++d) {
    ++w.day;
    w.begin_day();
    stages::movement(w);
  }
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kEnded);
  EXPECT_EQ(w.pockets[0].front.fighters, 0);
}

TEST(Detention, NoSwapOnTheDayThePocketSurrenders) {
  World w = build("{first_talks_day: 1000, detainees: {on_list: 50}, forces: {captives_held: 10}, "
                  "committee: {surrender_threshold: 0.99}}",
                  "{}", "", "[{name: M, swap_every_days: 1, swap_size: 5, attention: [{pocket: P, share: 1}]}]");
  w.day = 1;
  w.begin_day();
  stages::negotiation(w);
  stages::detention(w);
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kSurrender);
  EXPECT_EQ(w.pockets[0].today.detainees_released, 0) << "swaps are a chip of the siege, not of the surrender";
}

TEST(Detention, LateReleasesAreOwedNotBroken) {
  // Ten releases due a day, each made with even odds, under a tolerance of no violation at all:
  // what is late is still owed, and the agreement stands; by the end every name is out.
  World w = build("{agreement_at_start: {name: truce, releases: 100, releases_per_day: 10, violation_tolerance: 0}, "
                  "detainees: {on_list: 200}}",
                  "{renege_per_day: 0, release_compliance: 0.5}");
  std::int64_t first_day = -1;
  for (int d = 0; d < 60; ++d) {
    w.begin_day();
    stages::detention(w);
    if (d == 0) first_day = w.pockets[0].today.detainees_released;
    ++w.day;
  }
  const Agreement& truce = w.agreements[0];
  EXPECT_GT(first_day, 0);
  EXPECT_LT(first_day, 10);
  EXPECT_EQ(truce.violations, 0);
  EXPECT_EQ(truce.released, 100);
  EXPECT_EQ(truce.status, AgreementStatus::kFulfilled);
  EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kCeasefire);
}

TEST(Detention, ABesiegerWithNothingToLoseRenegesAndAPhasedCommitteeEndsTheDeal) {
  // A siege that costs the besieger nothing leaves a deal worth nothing to it: it reneges on the
  // first day releases are owed (hazard renege_per_day = 1). Under an ordinary truce that is one
  // violation; a phased committee, whose steps wait for the releases, ends the deal.
  for (const std::int64_t stages : {0, 3}) {
    World w = build("{agreement_at_start: {name: truce, releases: 90, releases_per_day: 10}, detainees: {on_list: 100}, "
                    "committee: {policy: phased}}",
                    "{renege_per_day: 1, siege_cost_share_per_year: 0, casualty_cost_share_per_year: 0}");
    w.agreements[0].stages = stages;
    w.begin_day();
    stages::detention(w);
    const Agreement& truce = w.agreements[0];
    EXPECT_TRUE(truce.reneged);
    EXPECT_EQ(truce.released, 0);
    bool explained = false;
    for (const Event& e : w.events_today) {
      explained = explained || (e.kind == EventKind::kClauseViolated &&
                                e.reason.find("stopped releasing after 0 of 90") != std::string::npos &&
                                e.reason.find("keeping its word still brings it") != std::string::npos);
    }
    EXPECT_TRUE(explained);
    if (stages == 0) {
      EXPECT_EQ(truce.status, AgreementStatus::kViolated);
      EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kCeasefire);
    } else {
      EXPECT_EQ(truce.status, AgreementStatus::kCollapsed);
      EXPECT_EQ(w.pockets[0].front.state, NegotiationState::kEscalation);
    }
  }
}

TEST(Negotiation, PhasedTiesEachStepOfASurrenderToATrancheOfReleases) {
  // The besieger offers 30 % and a deal is worth the whole list to it: the phased committee signs
  // (it believes no more is to be had), and the 30 releases come in three tranches of 10: before
  // the surrender takes force, before the first bus and before the second; later buses need none.
  World w = build("{first_talks_day: 0, round_days: 1, besieger_terms: surrender, detainees: {on_list: 100}, "
                  "terms: {releases_per_day: 2}, committee: {policy: phased, phased_stages: 3, "
                  "surrender_threshold: 0, bears_death_rate: 0}, "
                  "evacuation: {batch_persons_max: 100, batch_every_days: 1, days_allowed: 1000}}",
                  "{offer_base_share: 0.3, siege_cost_share_per_year: 10, renege_per_day: 0, release_compliance: 1}");
  std::int64_t in_force_day = -1;
  std::vector<std::pair<std::int64_t, std::int64_t>> batches;  // (released before it, persons)
  for (int d = 0; d < 40; ++d) {
    w.begin_day();
    stages::negotiation(w);
    stages::detention(w);
    const std::int64_t released = w.agreements.empty() ? 0 : w.agreements[0].released;
    stages::movement(w);
    for (const Event& e : w.events_today) {
      if (e.kind == EventKind::kAgreementInForce) in_force_day = w.day;
      if (e.kind == EventKind::kEvacuationBatch && e.value > 0) batches.emplace_back(released, e.value);
    }
    ++w.day;
  }
  ASSERT_EQ(w.agreements.size(), 1u);
  EXPECT_EQ(w.agreements[0].terms.releases, 30);
  EXPECT_EQ(w.agreements[0].stages, 3);
  // Signed on day 1, two releases a day from that day: the tenth is out on day 5, and the surrender
  // takes force the next morning.
  EXPECT_EQ(in_force_day, 6);
  ASSERT_GE(batches.size(), 3u);
  EXPECT_GE(batches[0].first, 20);
  EXPECT_GE(batches[1].first, 30);
  EXPECT_EQ(w.agreements[0].released, 30);
}

TEST(Negotiation, ALinkedPocketsDealMovesPeopleAndDetaineesInBoth) {
  // P's side besieges Q's people and the other way round (the Four Towns). A dated surrender in P
  // with releases takes Q in: Q surrenders under its own terms, frees the same share of its list,
  // and both sides free the captives they hold; both pockets are evacuated.
  World w = build("{first_talks_day: 1000, linked_pocket: Q, detainees: {on_list: 200}, forces: {captives_held: 12}, "
                  "terms: {releases_per_day: 50}, evacuation: {batch_persons_max: 5000, days_allowed: 100}}",
                  "{renege_per_day: 0, release_compliance: 1}",
                  "  - name: Q\n    towns:\n      - {name: B, population: 1000, lat: 1, lon: 1}\n"
                  "    conflict: {first_talks_day: 1000, linked_pocket: P, detainees: {on_list: 100}, "
                  "forces: {captives_held: 7}, terms: {releases_per_day: 50}, "
                  "evacuation: {batch_persons_max: 5000, days_allowed: 100}}\n"
                  "leaving: {base_log_odds: 20}\n"
                  "calendar:\n"
                  "  - {day: 2, pocket: P, agreement: {name: the deal, kind: surrender, releases: 50, "
                  "releases_per_day: 50}}\n");
  for (int d = 0; d < 10; ++d) {
    w.begin_day();
    stages::calendar(w);
    stages::negotiation(w);
    stages::detention(w);
    stages::movement(w);
    ++w.day;
  }
  ASSERT_EQ(w.agreements.size(), 2u);
  const Agreement& deal = w.agreements[0];
  const Agreement& mirror = w.agreements[1];
  EXPECT_EQ(mirror.pocket, 1u);
  EXPECT_EQ(mirror.terms.kind, Terms::kSurrender);
  EXPECT_EQ(mirror.terms.releases, 25) << "a quarter of Q's list, as the deal frees a quarter of P's";
  EXPECT_EQ(deal.linked_to, mirror.id);
  EXPECT_EQ(mirror.linked_to, deal.id);
  for (std::uint32_t p = 0; p < 2; ++p) {
    const Front& front = w.pockets[p].front;
    EXPECT_EQ(front.state, NegotiationState::kEnded) << p;
    EXPECT_GT(front.evacuated_total, 0) << p;
    EXPECT_EQ(front.captives, 0) << p;
  }
  EXPECT_EQ(w.pockets[0].front.detainees_released_total, 50);
  EXPECT_EQ(w.pockets[1].front.detainees_released_total, 25);
}

TEST(Negotiation, EachPocketIsBesiegedByItsOwnSideWithItsOwnValues) {
  World w = build("{first_talks_day: 1000, besieger: militia}", "{strikes_per_day_siege: 0}",
                  "  - name: Q\n    towns:\n      - {name: B, population: 2000, lat: 1, lon: 1}\n"
                  "    conflict: {first_talks_day: 1000}\n"
                  "besiegers:\n  - {name: militia, strikes_per_day_siege: 40}\n");
  EXPECT_EQ(w.scenario().besieger_of(0).who(), "militia");
  EXPECT_EQ(w.scenario().besieger_of(1).who(), "the besieger");
  std::array<std::int64_t, 2> strikes{};
  for (int d = 0; d < 5; ++d) {
    w.begin_day();
    stages::bombardment(w);
    for (std::size_t p = 0; p < 2; ++p) strikes[p] += w.pockets[p].today.strikes;
    ++w.day;
  }
  EXPECT_GT(strikes[0], 100);
  EXPECT_EQ(strikes[1], 0);
  try {
    build("{besieger: army}", "{}", "besiegers:\n  - {name: militia}\n");
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).path, "pockets[0].conflict.besieger") << e.what();
    EXPECT_NE(std::string(e.what()).find("no entry of `besiegers` is called 'army'"), std::string::npos) << e.what();
  }
}

TEST(Detention, AfterASurrenderTheBesiegerConscriptsAndKeepsItsAmnestyAsItsValuesSay) {
  // Men who stay are conscripted on the day the terms set; an amnesty kept in full stops every
  // arrest after the reconciliation, one ignored stops none.
  for (const double kept : {0.0, 1.0}) {
    World w = build("{agreement_at_start: {kind: surrender}, detainees: {arrest_per_1000_day_after_reconciliation: 50}, "
                    "evacuation: {conscription_after_days: 3, days_allowed: 2, "
                    "fighters_must_leave: false, civilians_may_leave: false}}",
                    "{conscripted_share: 0.5, amnesty_kept: " + std::to_string(kept) + "}");
    std::int64_t men = 0;
    for (std::uint32_t i = 0; i < w.persons.size(); ++i) {
      men += w.persons.age_band[i] == AgeBand::kAdult && w.persons.sex[i] == Sex::kMale;
    }
    std::int64_t conscripted = 0, arrested = 0, conscription_day = -1;
    for (int d = 0; d < 10; ++d) {
      w.begin_day();
      stages::detention(w);
      stages::movement(w);
      if (w.pockets[0].today.conscripted > 0) conscription_day = w.day;
      conscripted += w.pockets[0].today.conscripted;
      arrested += w.pockets[0].today.detainees_arrested;
      ++w.day;
    }
    EXPECT_EQ(conscription_day, 3);
    EXPECT_NEAR(static_cast<double>(conscripted), 0.5 * static_cast<double>(men), 0.15 * static_cast<double>(men));
    std::int64_t in_army = 0;
    for (std::uint32_t i = 0; i < w.persons.size(); ++i) in_army += w.persons.status[i] == Status::kConscripted;
    EXPECT_EQ(in_army, conscripted);
    if (kept == 1.0) {
      EXPECT_EQ(arrested, 0);
    } else {
      EXPECT_GT(arrested, 0);
    }
  }
}

TEST(Detention, DetainedRelativesFollowTheFamilyIntoEvacuationAndFallAsDetaineesDie) {
  World w = build("{agreement_at_start: {kind: surrender}, detainees: {on_list: 300, death_per_1000_year: 1000}, "
                  "evacuation: {destination: Camp, batch_persons_max: 5000, bus_seats: 50, days_allowed: 1000, "
                  "fighters_reconcile_share: 0}}",
                  "{}", "  - name: Camp\n    towns:\n      - {name: C, population: 300, lat: 1, lon: 1}\nleaving: {base_log_odds: 20}\n");
  const auto relatives_in = [&](std::uint32_t town) {
    std::int64_t sum = 0;
    for (std::uint32_t h = w.towns[town].first_household; h < w.towns[town].end_household; ++h) {
      sum += w.households.detained_relatives[h];
    }
    return sum;
  };
  EXPECT_EQ(relatives_in(0), 300);
  w.begin_day();
  stages::movement(w);
  ASSERT_EQ(w.pockets[0].alive, 0) << "everyone left on the first day's buses";
  EXPECT_EQ(relatives_in(0), 0);
  EXPECT_EQ(relatives_in(2), 300) << "the families took their count to their arrival slots";
  std::int64_t died = 0;
  for (w.day = 1; w.day < 400; ++w.day) {
    w.begin_day();
    stages::detention(w);
    died += w.pockets[0].today.detainees_died;
    ASSERT_EQ(relatives_in(2), w.pockets[0].front.detainees_held) << "day " << w.day;
  }
  EXPECT_GT(died, 50);
}

TEST(Negotiation, ACommitteeThatWaitsForReleasesNeedsASchedule) {
  try {
    build("{committee: {policy: hold}, terms: {releases_per_day: 0}}");
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).path, "pockets[0].conflict.terms.releases_per_day") << e.what();
  }
  EXPECT_NO_THROW(build("{committee: {policy: drop}, terms: {releases_per_day: 0}}"));
}

TEST(Policies, AnOverlaySetsValuesByIndexOrByName) {
  const std::string base = R"(name: policies
start_date: 2017-01-01
pockets:
  - name: Waer
    towns:
      - {name: A, population: 100, lat: 0, lon: 0}
    conflict: {committee: {policy: hold}}
mediators:
  - {name: R, pressure: 0.1, attention: [{pocket: Waer, share: 1}]}
policies:
  drop:
    description: drop it
    set:
      pockets[Waer].conflict.committee.policy: drop
      mediators[R].pressure: 0.5
      besieger.concession_per_round: 0.1
)";
  const Scenario written = scenario::load_text(base, "p.yaml");
  EXPECT_EQ(written.policy, "baseline");
  ASSERT_EQ(written.policies.size(), 1u);
  EXPECT_EQ(written.policies[0].description, "drop it");
  EXPECT_EQ(written.pockets[0].conflict->committee.policy, ReleasePolicy::kHold);
  const Scenario dropped = scenario::load_text(base, "p.yaml", "drop");
  EXPECT_EQ(dropped.policy, "drop");
  EXPECT_EQ(dropped.pockets[0].conflict->committee.policy, ReleasePolicy::kDrop);
  EXPECT_EQ(dropped.mediators[0].pressure, 0.5);
  EXPECT_EQ(dropped.besieger.concession_per_round, 0.1);
  EXPECT_EQ(dropped.source_text, base) << "the file as written is what outputs embed";
}

void expect_policy_error(const std::string& yaml, const std::string& policy, int line, const std::string& text) {
  try {
    scenario::load_text(yaml, "p.yaml", policy);
    ADD_FAILURE() << "policy " << policy << " was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).where.line, line) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

TEST(Policies, ErrorsPointAtThePolicyLine) {
  const std::string base = R"(name: policies
start_date: 2017-01-01
pockets:
  - name: Waer
    towns:
      - {name: A, population: 100, lat: 0, lon: 0}
    conflict: {}
policies:
  bad:
    set:
      pockets[Wear].conflict.committee.policy: drop
  hold:
    set: {}
  worse:
    set:
      pockets[0].conflict.committee.policy: surrender
  typo:
    set:
      pockets[Waer].conflict.committee.polcy: drop
  made:
    set:
      besieger.concession_per_round: 0.1
      pockets[Waer].conflikt.committee.policy: drop
  nested:
    set:
      pockets[Waer].conflict.terms:
        releases: -1
)";
  expect_policy_error(base, "bad", 11, "no item Wear");
  expect_policy_error(base, "worse", 16, "unknown choice 'surrender'");
  // A key the file never had: the error is at the assignment, not at line 0 nor the pocket's line.
  expect_policy_error(base, "typo", 19, "pockets[0].conflict.committee.polcy: unknown key (did you mean 'policy'?)");
  expect_policy_error(base, "made", 23, "pockets[0].conflikt: unknown key (did you mean 'conflict'?)");
  // A mapping the policy sets keeps the lines of its own keys.
  expect_policy_error(base, "nested", 27, "must be between 0 and");
  try {
    scenario::load_text(base, "p.yaml", "typo");
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).format(),
              "p.yaml:19:7: pockets[0].conflict.committee.polcy: unknown key (did you mean 'policy'?)");
  }
  expect_policy_error(base, "hlod", 9, "there is no policy 'hlod' (did you mean 'hold'?)");
}

}  // namespace
}  // namespace siege
