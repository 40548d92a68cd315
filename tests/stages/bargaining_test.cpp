// Each actor's choice against a value computed by hand on a small case: the besieger's reckoning
// of a deal, its answer to a demand and its incentive to renege; the committee's beliefs, the value
// of each deal it could sign, and its answer under each release policy.
#include "stages/bargaining.hpp"

#include <gtest/gtest.h>

namespace siege {
namespace {

using stages::CommitteeView;

TEST(Bargaining, TheBesiegersOfferIsWhatADealSavesItAndMovesTowardsItEachRound) {
  BesiegerDef besieger;
  besieger.offer_base_share = 0.02;
  besieger.siege_cost_share_per_year = 0.08;
  besieger.casualty_cost_share_per_year = 0.04;
  besieger.pressure_cost_share_per_year = 0.2;
  besieger.leverage_cost_share_per_year = 0.01;
  besieger.concession_per_round = 0.25;
  besieger.endurance_horizon_days = 365.25;
  Front front;
  front.capacity = 0.8;
  front.rounds = 1;
  // Half its fighters left: 8 % + 4 % x 0.5 = 10 % a year; a pocket that is not weakening lasts
  // the horizon, so a deal is worth 10 % of the list; the first offer is the customary 2 %.
  stages::SiegeCosts costs{0.0, 0.5, 0.0};
  stages::BesiegerOffer offer = stages::besieger_offer(besieger, front, 0.2, costs);
  EXPECT_DOUBLE_EQ(offer.expected_days, 365.25);
  EXPECT_DOUBLE_EQ(offer.cost_share_per_year, 0.1);
  EXPECT_DOUBLE_EQ(offer.worth_share, 0.1);
  EXPECT_DOUBLE_EQ(offer.share, 0.02);
  // Mediator pressure of 0.25 adds 5 % a year and 5,000 of its people besieged by the pocket's side
  // another 5 %: 20 %; at the next round the besieger moves a quarter of the way from 2 % to 20 %.
  costs = {0.25, 0.5, 5000.0};
  front.offer_share = 0.02;
  front.rounds = 2;
  offer = stages::besieger_offer(besieger, front, 0.2, costs);
  EXPECT_DOUBLE_EQ(offer.cost_share_per_year, 0.2);
  EXPECT_DOUBLE_EQ(offer.worth_share, 0.2);
  EXPECT_DOUBLE_EQ(offer.share, 0.02 + 0.25 * (0.2 - 0.02));
  // A pocket losing 0.01 of its capacity a day reaches the 0.2 threshold in 60 days: a deal is
  // worth 60 days of the siege's cost, and the offer falls a quarter of the way towards it.
  front.capacity_trend_per_day = -0.01;
  front.offer_share = 0.065;
  offer = stages::besieger_offer(besieger, front, 0.2, costs);
  EXPECT_DOUBLE_EQ(offer.expected_days, 60.0);
  EXPECT_DOUBLE_EQ(offer.worth_share, 0.2 * 60.0 / 365.25);
  EXPECT_DOUBLE_EQ(offer.share, 0.065 + 0.25 * (0.2 * 60.0 / 365.25 - 0.065));
  EXPECT_LT(offer.share, 0.065);
  // A first offer is never above what a deal is worth.
  front.rounds = 1;
  front.capacity = 0.2005;
  offer = stages::besieger_offer(besieger, front, 0.2, costs);
  EXPECT_DOUBLE_EQ(offer.share, offer.worth_share);
  EXPECT_LT(offer.share, 0.02);
  // It signs a demand the deal is worth to it, and no more.
  EXPECT_TRUE(stages::besieger_accepts(offer, offer.worth_share));
  EXPECT_FALSE(stages::besieger_accepts(offer, offer.worth_share + 1e-6));
}

TEST(Bargaining, TheBesiegerRenegesWhenWhatItOwesOutweighsWhatKeepingItsWordBrings) {
  BesiegerDef besieger;
  besieger.renege_per_day = 0.02;
  // Owing 3 % of the list against a deal still worth 1 % to it: 0.02 x 0.03 / 0.04.
  EXPECT_DOUBLE_EQ(stages::renege_hazard(besieger, 0.03, 0.01), 0.015);
  EXPECT_DOUBLE_EQ(stages::renege_hazard(besieger, 0.03, 0.0), 0.02) << "nothing left to lose";
  EXPECT_DOUBLE_EQ(stages::renege_hazard(besieger, 0.0, 0.01), 0.0) << "nothing owed";
  EXPECT_LT(stages::renege_hazard(besieger, 0.03, 0.3), stages::renege_hazard(besieger, 0.03, 0.01));
}

TEST(Bargaining, TheCommitteeHoldsItsMenBackAsFarAsTheTruceSparesLives) {
  CommitteeDef committee;
  committee.bears_death_rate = 0.5;
  // Dying at 2 per 10,000 a day when it signed and 1 now: the truce spares 1 a day against the 0.5
  // it bears for control, so a third of its men's shots go through: 0.5 / (0.5 + 1).
  EXPECT_DOUBLE_EQ(stages::committee_unrestrained_share(committee, 2.0, 1.0), 0.5 / 1.5);
  EXPECT_DOUBLE_EQ(stages::committee_unrestrained_share(committee, 1.0, 1.0), 1.0) << "a truce that spares nobody";
  EXPECT_DOUBLE_EQ(stages::committee_unrestrained_share(committee, 1.0, 3.0), 1.0) << "dying faster than before";
}

TEST(Bargaining, TheCommitteeReadsTheBesiegersWorthFromHowItConcedes) {
  // At the first offer it keeps its prior, but never believes less than it is offered.
  EXPECT_DOUBLE_EQ(stages::believed_worth(0.05, 0.0, 0.02, 0.25, true), 0.05);
  EXPECT_DOUBLE_EQ(stages::believed_worth(0.05, 0.0, 0.08, 0.25, true), 0.08);
  // From 2 % to 5 % at a quarter of the way each round: the worth is 2 % + 3 % / 0.25 = 14 %.
  EXPECT_DOUBLE_EQ(stages::believed_worth(0.05, 0.02, 0.05, 0.25, false), 0.14);
  // A besieger that holds its offer is read as having reached its worth.
  EXPECT_DOUBLE_EQ(stages::believed_worth(0.3, 0.02, 0.02, 0.25, false), 0.02);
  // A refused demand of 14 % against an offer of 5 %: the worth is below 14 %; it takes the middle.
  EXPECT_DOUBLE_EQ(stages::belief_after_refusal(0.14, 0.05, 0.14), 0.095);
  EXPECT_DOUBLE_EQ(stages::belief_after_refusal(0.06, 0.05, 0.14), 0.06) << "a lower belief stays";
}

/// A pocket of 20,000 with a list of 1,000 that expects to hold out 100 more days, a round's cycle
/// of 10 days, dying at 1 per 10,000 a day (2 deaths a day); offered 5 % of the list, believing
/// the besieger would concede 20 %, which it approaches half of the way each round.
CommitteeView small_case(ReleasePolicy policy, bool surrender) {
  CommitteeView view;
  view.offer_share = 0.05;
  view.believed_worth_share = 0.2;
  view.concession_per_round = 0.5;
  view.list = 1000.0;
  view.population = 20000.0;
  view.death_rate = 1.0;
  view.endurance_days = 100.0;
  view.cycle_days = 10.0;
  view.surrender_terms = surrender;
  view.policy = policy;
  return view;
}

CommitteeDef small_committee() {
  CommitteeDef committee;
  committee.detainee_value_lives = 0.2;  // a fifth of a life a name
  committee.bears_death_rate = 0.5;      // 1 death a day for control, in a pocket of 20,000
  committee.hold_release_share = 0.1;
  return committee;
}

TEST(Bargaining, TheValueOfADealToTheCommitteeByHand) {
  const CommitteeDef committee = small_committee();
  CommitteeView view = small_case(ReleasePolicy::kPhased, true);
  // Surrender now with 5 %: 0.2 x 50 names + (2 - 1) deaths a day x 100 days = 110 lives.
  EXPECT_DOUBLE_EQ(stages::committee_deal_value(committee, view, 0.05, 0), 110.0);
  // Three rounds later with 20 %: 0.2 x 200 + 1 x (100 - 30) = 110.
  EXPECT_DOUBLE_EQ(stages::committee_deal_value(committee, view, 0.2, 3), 110.0);
  // Past its endurance only the releases count.
  EXPECT_DOUBLE_EQ(stages::committee_deal_value(committee, view, 0.05, 20), 10.0);
  // A truce gives up no control: 10 + 2 x 100.
  view.surrender_terms = false;
  EXPECT_DOUBLE_EQ(stages::committee_deal_value(committee, view, 0.05, 0), 210.0);
  // The expected offers: 20 % - 0.5^k x 15 %.
  EXPECT_DOUBLE_EQ(stages::expected_offer(view, 1), 0.125);
  EXPECT_DOUBLE_EQ(stages::expected_offer(view, 2), 0.1625);
}

TEST(Bargaining, EachPolicyConstrainsTheCommitteesAnswerByHand) {
  const CommitteeDef committee = small_committee();
  // Phased, surrender terms. Now: 110 lives. Waiting one round for an expected 12.5 %: 0.2 x 125 +
  // 1 x 90 = 115; two for 16.25 %: 32.5 + 80 = 112.5; later rounds less. Its demand of the 20 % it
  // believes the besieger would concede is worth 40 + 100 = 140, more than either: it asks.
  stages::CommitteeAnswer answer =
      stages::committee_answer(committee, small_case(ReleasePolicy::kPhased, true));
  EXPECT_TRUE(answer.allowed_now);
  EXPECT_DOUBLE_EQ(answer.value_now, 110.0);
  EXPECT_DOUBLE_EQ(answer.value_waiting, 115.0);
  EXPECT_EQ(answer.wait_rounds, 1);
  EXPECT_FALSE(answer.accept);
  EXPECT_DOUBLE_EQ(answer.demand_share, 0.2);
  EXPECT_DOUBLE_EQ(answer.value_demand, 140.0);
  // Believing the besieger has reached its worth, it signs the 5 % now.
  CommitteeView reached = small_case(ReleasePolicy::kPhased, true);
  reached.believed_worth_share = 0.05;
  answer = stages::committee_answer(committee, reached);
  EXPECT_TRUE(answer.accept);
  EXPECT_LT(answer.demand_share, 0.0);
  // Hold, 10 % first: 5 % is not allowed, though the waiting is the same; it asks for 20 %.
  answer = stages::committee_answer(committee, small_case(ReleasePolicy::kHold, true));
  EXPECT_FALSE(answer.allowed_now);
  EXPECT_FALSE(answer.accept);
  EXPECT_DOUBLE_EQ(answer.value_waiting, 115.0);
  EXPECT_DOUBLE_EQ(answer.demand_share, 0.2);
  // Hold believing the besieger would concede 5 %: no later offer reaches 10 %, so waiting is only
  // holding out (0); it still asks for its 10 %: 0.2 x 100 + 100 = 120.
  reached.policy = ReleasePolicy::kHold;
  answer = stages::committee_answer(committee, reached);
  EXPECT_DOUBLE_EQ(answer.value_waiting, 0.0);
  EXPECT_EQ(answer.wait_rounds, 0);
  EXPECT_DOUBLE_EQ(answer.demand_share, 0.1);
  EXPECT_DOUBLE_EQ(answer.value_demand, 120.0);
  // Drop asks for no releases: surrender now is worth 1 x 100 = 100, each round later 10 less.
  answer = stages::committee_answer(committee, small_case(ReleasePolicy::kDrop, true));
  EXPECT_TRUE(answer.accept);
  EXPECT_DOUBLE_EQ(answer.value_now, 100.0);
  EXPECT_DOUBLE_EQ(answer.value_waiting, 90.0);
  EXPECT_LT(answer.demand_share, 0.0);
  // Dying at 0.2 per 10,000 (0.4 a day), less than the 1 a day control is worth to it: surrender
  // now is worth (0.4 - 1) x 100 = -60, holding out 0: it refuses. A truce it signs (0.4 x 100).
  CommitteeView slow = small_case(ReleasePolicy::kDrop, true);
  slow.death_rate = 0.2;
  answer = stages::committee_answer(committee, slow);
  EXPECT_DOUBLE_EQ(answer.value_now, -60.0);
  EXPECT_DOUBLE_EQ(answer.value_waiting, 0.0);
  EXPECT_FALSE(answer.accept);
  slow.surrender_terms = false;
  answer = stages::committee_answer(committee, slow);
  EXPECT_DOUBLE_EQ(answer.value_now, 40.0);
  EXPECT_TRUE(answer.accept);
}

}  // namespace
}  // namespace siege
