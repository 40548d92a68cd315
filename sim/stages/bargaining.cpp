#include "stages/bargaining.hpp"

#include <algorithm>
#include <cmath>

namespace siege::stages {
namespace {

constexpr double kDaysPerYear = 365.25;
/// Shares closer than this are the same offer (an offer of exactly a threshold meets it).
constexpr double kShareTolerance = 1e-12;
/// The committee looks no further ahead than this many rounds (a century of weekly rounds).
constexpr std::int64_t kMaxRoundsAhead = 5000;

}  // namespace

double expected_endurance_days(const Front& front, double threshold, double horizon_days) {
  const double decline = -front.capacity_trend_per_day;
  const double margin = std::max(0.0, front.capacity - threshold);
  return decline > 0.0 ? std::min(horizon_days, margin / decline) : horizon_days;
}

double fighters_left(const Front& front) {
  if (front.fighters_initial <= 0) return 0.0;
  return std::min(1.0, static_cast<double>(front.fighters) / static_cast<double>(front.fighters_initial));
}

bool talks_go_on(NegotiationState state) {
  return state == NegotiationState::kSiege || state == NegotiationState::kTalks ||
         state == NegotiationState::kCeasefire || state == NegotiationState::kEscalation;
}

SiegeCosts siege_costs(const World& world, std::uint32_t p) {
  const Front& front = world.pockets[p].front;
  SiegeCosts costs;
  costs.mediator_pressure = front.mediator_pressure;
  costs.fighters_left = fighters_left(front);
  costs.leverage_persons = static_cast<double>(front.captives);
  const std::int32_t linked = world.scenario().pockets[p].conflict->linked_pocket_index;
  if (linked >= 0) {
    const Pocket& other = world.pockets[static_cast<std::size_t>(linked)];
    if (talks_go_on(other.front.state)) costs.leverage_persons += static_cast<double>(other.alive);
  }
  return costs;
}

BesiegerOffer besieger_offer(const BesiegerDef& besieger, const Front& front, double surrender_threshold,
                             const SiegeCosts& costs) {
  BesiegerOffer offer;
  offer.expected_days = expected_endurance_days(front, surrender_threshold, besieger.endurance_horizon_days);
  offer.cost_share_per_year =
      besieger.siege_cost_share_per_year +
      besieger.casualty_cost_share_per_year * std::clamp(costs.fighters_left, 0.0, 1.0) +
      besieger.pressure_cost_share_per_year * costs.mediator_pressure +
      besieger.leverage_cost_share_per_year * costs.leverage_persons / 1000.0;
  // A deal spares the besieger the rest of the siege: it is worth at most what those days cost
  // (Rubinstein 1982: the side that loses more by waiting concedes more).
  offer.worth_share = std::min(1.0, offer.cost_share_per_year * offer.expected_days / kDaysPerYear);
  // It opens with its customary offer and moves part of the way to the deal's worth each round,
  // up or down as the worth changes (a partial-adjustment rule of concession: Zeuthen 1930;
  // Cross 1965, The Economics of Bargaining).
  offer.share =
      front.rounds <= 1 || front.offer_share <= 0.0
          ? std::min(besieger.offer_base_share, offer.worth_share)
          : front.offer_share + besieger.concession_per_round * (offer.worth_share - front.offer_share);
  offer.share = std::clamp(offer.share, 0.0, 1.0);
  return offer;
}

bool besieger_accepts(const BesiegerOffer& reckoning, double demand_share) {
  return demand_share <= reckoning.worth_share + kShareTolerance;
}

double renege_hazard(const BesiegerDef& besieger, double owed_share, double keep_share) {
  if (owed_share <= 0.0) return 0.0;
  return besieger.renege_per_day * owed_share / (owed_share + std::max(0.0, keep_share));
}

double committee_unrestrained_share(const CommitteeDef& committee, double death_rate_at_signing,
                                    double death_rate_now) {
  const double spared = death_rate_at_signing - death_rate_now;
  if (!(spared > 0.0)) return 1.0;
  return committee.bears_death_rate / (committee.bears_death_rate + spared);
}

double believed_worth(double belief, double previous_offer, double offer, double concession_per_round,
                      bool first_offer) {
  double worth = belief;
  if (!first_offer && concession_per_round > 0.0 && previous_offer > 0.0) {
    worth = previous_offer + (offer - previous_offer) / concession_per_round;
  }
  return std::clamp(worth, offer, 1.0);
}

double belief_after_refusal(double belief, double offer, double demand) {
  return std::max(offer, std::min(belief, 0.5 * (offer + demand)));
}

double committee_deal_value(const CommitteeDef& committee, const CommitteeView& view, double share,
                            std::int64_t rounds) {
  const double per_10000 = view.population / 1e4;
  const double deaths_per_day = view.death_rate * per_10000;
  const double control_per_day = view.surrender_terms ? committee.bears_death_rate * per_10000 : 0.0;
  const double days_spared =
      std::max(0.0, view.endurance_days - static_cast<double>(rounds) * view.cycle_days);
  return committee.detainee_value_lives * share * view.list +
         (deaths_per_day - control_per_day) * days_spared;
}

bool policy_allows(const CommitteeDef& committee, ReleasePolicy policy, double share) {
  return policy != ReleasePolicy::kHold || share + kShareTolerance >= committee.hold_release_share;
}

double expected_offer(const CommitteeView& view, std::int64_t rounds) {
  const double gap = view.believed_worth_share - view.offer_share;
  return view.believed_worth_share -
         std::pow(1.0 - view.concession_per_round, static_cast<double>(rounds)) * gap;
}

CommitteeAnswer committee_answer(const CommitteeDef& committee, const CommitteeView& view) {
  CommitteeAnswer answer;
  const bool asks_releases = view.policy != ReleasePolicy::kDrop;
  // Under drop the releases are not part of the deal: the committee weighs the rest of the terms.
  const auto released = [&](double share) { return asks_releases ? share : 0.0; };
  answer.allowed_now = policy_allows(committee, view.policy, view.offer_share);
  answer.value_now = committee_deal_value(committee, view, released(view.offer_share), 0);
  // Holding out with no deal is worth 0; each later round the besieger's offer is expected closer
  // to what the committee believes a deal is worth to it, while the pocket keeps paying.
  const auto rounds_ahead =
      static_cast<std::int64_t>(std::min(static_cast<double>(kMaxRoundsAhead),
                                         std::floor(view.endurance_days / std::max(1.0, view.cycle_days))));
  for (std::int64_t k = 1; k <= rounds_ahead; ++k) {
    const double share = expected_offer(view, k);
    if (!policy_allows(committee, view.policy, share)) continue;
    const double value = committee_deal_value(committee, view, released(share), k);
    if (value > answer.value_waiting) {
      answer.value_waiting = value;
      answer.wait_rounds = k;
    }
  }
  answer.accept = answer.allowed_now && answer.value_now >= answer.value_waiting;
  if (!asks_releases) return answer;
  // Its demand: what it believes the besieger would concede; under hold never less than its condition.
  const double demand = view.policy == ReleasePolicy::kHold
                            ? std::max(committee.hold_release_share, view.believed_worth_share)
                            : view.believed_worth_share;
  if (demand <= view.offer_share + kShareTolerance) return answer;
  const double value_demand = committee_deal_value(committee, view, demand, 0);
  if (value_demand >= answer.value_waiting && (!answer.allowed_now || value_demand > answer.value_now)) {
    answer.demand_share = demand;
    answer.value_demand = value_demand;
  }
  return answer;
}

}  // namespace siege::stages
