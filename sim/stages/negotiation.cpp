// Negotiation: each besieged pocket's state machine
//   siege -> talks -> ceasefire | escalation -> surrender -> ended (and back)
// Talks come in rounds between two actors with interests (stages/bargaining.hpp). At the end of a
// round the besieger offers to release a share of the committee's list: no more than a deal is
// worth to it, what it saves by not waiting for the pocket to give in, and it concedes towards that
// round by round. The committee answers by expected value: signing now against waiting for better
// offers or holding out, in residents' lives, within what its release policy lets it sign; when
// it believes the besieger would concede more it asks for that, and the besieger signs a demand
// that the deal is worth to it. Every offer, demand, acceptance and refusal goes to the event log
// with the values it rested on. Rejected rounds raise the daily hazard of escalation.
// Whatever the state, the committee surrenders when the pocket's capacity to hold out falls below
// its threshold. Each morning every mediator shares its attention among its pockets whose talks
// are not over, in proportion to the declared shares.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "stages/agreements.hpp"
#include "stages/bargaining.hpp"
#include "stages/stages.hpp"

namespace siege::stages {
namespace {

/// Days over which the besieger's reading of the pocket's trend averages (exponential mean).
constexpr double kTrendDays = 30.0;

double capacity_to_hold_out(const Front& front, const CommitteeDef& committee) {
  const double weights =
      committee.food_weight + committee.morale_weight + committee.fighter_weight + committee.territory_weight;
  return (committee.food_weight * front.food_security + committee.morale_weight * front.morale +
          committee.fighter_weight * fighters_left(front) + committee.territory_weight * front.territory_held) /
         weights;
}

void update_morale(Front& front, const ForcesDef& forces) {
  front.morale += forces.morale_recovery_per_day * (forces.initial_morale - front.morale) -
                  forces.morale_loss_per_strike * static_cast<double>(front.strikes_yesterday) -
                  forces.morale_loss_per_malnourished_share * front.share_malnourished;
  front.morale = std::clamp(front.morale, 0.0, 1.0);
}

void share_attention(World& world) {
  const Scenario& scenario = world.scenario();
  for (Pocket& pocket : world.pockets) pocket.front.mediator_pressure = 0.0;
  for (std::size_t m = 0; m < scenario.mediators.size(); ++m) {
    const MediatorDef& def = scenario.mediators[m];
    MediatorToday& today = world.mediators[m];
    double active = 0.0;
    for (std::size_t a = 0; a < def.attention.size(); ++a) {
      const std::uint32_t p = today.pocket[a];
      today.share[a] = talks_go_on(world.pockets[p].front.state) ? def.attention[a].share : 0.0;
      active += today.share[a];
    }
    for (std::size_t a = 0; a < def.attention.size(); ++a) {
      if (active > 0.0) today.share[a] /= active;
      world.pockets[today.pocket[a]].front.mediator_pressure += def.pressure * today.share[a];
    }
  }
}

/// Names of the mediators working in pocket p today.
std::string mediators_of(const World& world, std::uint32_t p) {
  const Scenario& scenario = world.scenario();
  std::string names;
  for (std::size_t m = 0; m < scenario.mediators.size(); ++m) {
    const MediatorDef& def = scenario.mediators[m];
    for (std::size_t a = 0; a < def.attention.size(); ++a) {
      if (world.mediators[m].share[a] <= 0.0 || world.mediators[m].pocket[a] != p) continue;
      names += (names.empty() ? "" : " and ") + def.name;
    }
  }
  return names.empty() ? world.scenario().besieger_of(p).who() : names;
}

void surrender(World& world, std::uint32_t p, const ConflictDef& conflict) {
  Front& front = world.pockets[p].front;
  if (Agreement* open = current_agreement(world, p, true)) collapse(world, *open, "superseded by the surrender");
  // The conflict's own terms, from the first day of this surrender.
  front.evacuation_event = -1;
  front.evacuation_agreement = -1;
  front.evacuation_started_day = -1;
  AgreementDef terms = conflict.terms;
  terms.name = "surrender of " + world.scenario().pockets[p].name;
  terms.kind = Terms::kSurrender;
  terms.releases = 0;
  sign(world, p, terms, false,
       fmt::format("capacity to hold out fell to {:.2f}, under the committee's threshold of {:.2f}", front.capacity,
                   conflict.committee.surrender_threshold));
}

/// Lives, as the committee counts them, for the event log.
std::string lives(double value) { return fmt::format("{:.0f} lives", value); }

/// Why the committee answered as it did: the value of signing now against the best alternative.
std::string committee_reckoning(const CommitteeAnswer& answer, const CommitteeView& view) {
  const std::string alternative =
      answer.wait_rounds > 0 ? fmt::format("waiting {} round{} for an expected {:.1f}% ({})", answer.wait_rounds,
                                           answer.wait_rounds == 1 ? "" : "s",
                                           100.0 * expected_offer(view, answer.wait_rounds),
                                           lives(answer.value_waiting))
                             : std::string("holding out without a deal (0)");
  return fmt::format("to the committee signing now is worth {} against {} over the {:.0f} days it expects to hold "
                     "out, dying at {:.2f} per 10,000 a day; it believes a deal is worth up to {:.1f}% to the besieger",
                     lives(answer.value_now), alternative, view.endurance_days, view.death_rate,
                     100.0 * view.believed_worth_share);
}

std::string names(double share, std::int64_t list) {
  return fmt::format("{} of {} names ({:.1f}%)", std::llround(share * static_cast<double>(list)), list, 100.0 * share);
}

void sign_round(World& world, std::uint32_t p, const ConflictDef& conflict, double share, const std::string& why) {
  Front& front = world.pockets[p].front;
  const std::int64_t list = conflict.detainees.on_list;
  AgreementDef terms = conflict.terms;
  terms.kind = conflict.besieger_terms;
  terms.releases = front.policy == ReleasePolicy::kDrop ? 0 : std::llround(share * static_cast<double>(list));
  terms.name = fmt::format("{} agreement {}", terms.kind == Terms::kSurrender ? "surrender" : "ceasefire", front.rounds);
  const bool releases_first = front.policy != ReleasePolicy::kDrop;
  const std::int64_t stages = front.policy == ReleasePolicy::kPhased ? conflict.committee.phased_stages : 0;
  Agreement& agreement = sign(world, p, terms, releases_first, why, stages);
  if (releases_first && releases_required(world, agreement) <= 0) put_in_force(world, agreement, "nothing to wait for");
}

void conclude_round(World& world, std::uint32_t p, const ConflictDef& conflict) {
  const BesiegerDef& besieger = world.scenario().besieger_of(p);
  Front& front = world.pockets[p].front;
  front.round_days = 0;  // a dated round's own length is over
  const CommitteeDef& committee = conflict.committee;
  const double previous_offer = front.offer_share;
  const BesiegerOffer reckoning = besieger_offer(besieger, front, committee.surrender_threshold, siege_costs(world, p));
  front.offer_share = reckoning.share;
  front.believed_worth_share = believed_worth(front.believed_worth_share, previous_offer, reckoning.share,
                                              besieger.concession_per_round, front.rounds <= 1);
  const std::int64_t list = conflict.detainees.on_list;
  const std::string besiegers_reckoning = fmt::format(
      "{} offers {}: a deal is worth up to {:.1f}% of the list to it ({:.1f}% a year of siege, {:.0f} more days "
      "expected)", besieger.who(), names(reckoning.share, list), 100.0 * reckoning.worth_share,
      100.0 * reckoning.cost_share_per_year, reckoning.expected_days);
  CommitteeView view;
  view.offer_share = reckoning.share;
  view.believed_worth_share = front.believed_worth_share;
  view.concession_per_round = besieger.concession_per_round;
  view.list = static_cast<double>(list);
  view.population = static_cast<double>(world.pockets[p].alive);
  view.death_rate = front.recent_death_rate;
  view.endurance_days = expected_endurance_days(front, committee.surrender_threshold, committee.horizon_days);
  view.cycle_days = static_cast<double>(conflict.pause_days + conflict.round_days);
  view.surrender_terms = conflict.besieger_terms == Terms::kSurrender;
  view.policy = front.policy;
  CommitteeAnswer answer = committee_answer(committee, view);

  std::string refused_demand;
  if (answer.demand_share >= 0.0) {
    const std::string demand = fmt::format("the committee asks for {} ({} to it)", names(answer.demand_share, list),
                                           lives(answer.value_demand));
    if (besieger_accepts(reckoning, answer.demand_share)) {
      sign_round(world, p, conflict, answer.demand_share,
                 fmt::format("{}; {}; {} accepts: the deal is worth that much to it", besiegers_reckoning, demand,
                             besieger.who()));
      return;
    }
    // The refusal tells the committee the worth lies below its demand; it reconsiders the offer.
    front.believed_worth_share = belief_after_refusal(front.believed_worth_share, reckoning.share, answer.demand_share);
    view.believed_worth_share = front.believed_worth_share;
    answer = committee_answer(committee, view);
    refused_demand = fmt::format("; {}; {} refuses", demand, besieger.who());
  }
  const std::string why = besiegers_reckoning + refused_demand + "; " + committee_reckoning(answer, view);
  if (answer.accept) {
    sign_round(world, p, conflict, reckoning.share,
               fmt::format("{}; the committee signs{}", why,
                           front.policy == ReleasePolicy::kDrop ? " (it has dropped the release condition)" : ""));
    return;
  }
  const std::string refusal =
      answer.allowed_now
          ? fmt::format("{}; the committee refuses", why)
          : fmt::format("{}; the committee refuses: it holds out for {:.0f}% of the list", why,
                        100.0 * committee.hold_release_share);
  ++front.rejections;
  world.event(p, EventKind::kOfferRejected, std::round(reckoning.share * static_cast<double>(list)), refusal);
  world.set_state(p, NegotiationState::kSiege, "talks stalled: " + refusal);
}

}  // namespace

void negotiation(World& world) {
  const Scenario& scenario = world.scenario();
  share_attention(world);
  for (std::uint32_t p = 0; p < world.pockets.size(); ++p) {
    Front& front = world.pockets[p].front;
    if (front.state == NegotiationState::kUnbesieged || !scenario.pockets[p].conflict) continue;
    const ConflictDef& conflict = *scenario.pockets[p].conflict;
    const BesiegerDef& besieger = scenario.besieger_of(p);
    update_morale(front, conflict.forces);
    const double capacity_before = front.capacity;
    front.capacity = capacity_to_hold_out(front, conflict.committee);
    // Not on the first day: the capacity then jumps from its start value to the pocket's own.
    if (world.day > 0) {
      front.capacity_trend_per_day += (front.capacity - capacity_before - front.capacity_trend_per_day) / kTrendDays;
    }
    const std::int64_t in_state = world.day - front.state_since_day;
    rng::Draws draws(world.key(), rng::Stream::kNegotiation, p, static_cast<std::uint64_t>(world.day));
    const double escalation_draw = draws.uniform();
    const double end_escalation_draw = draws.uniform();

    if (front.state != NegotiationState::kSurrender && front.state != NegotiationState::kEnded &&
        front.capacity < conflict.committee.surrender_threshold) {
      surrender(world, p, conflict);
      continue;
    }
    switch (front.state) {
      case NegotiationState::kSiege: {
        const bool round_due = !has_dated_talks(scenario, p) && world.day >= conflict.first_talks_day &&
                               (front.rounds == 0 || in_state >= conflict.pause_days);
        if (round_due) {
          ++front.rounds;
          world.event(p, EventKind::kTalksRound, static_cast<double>(front.rounds),
                      fmt::format("round {} of talks opens with {}", front.rounds, mediators_of(world, p)));
          world.set_state(p, NegotiationState::kTalks, fmt::format("round {} of talks", front.rounds));
          break;
        }
        const double hazard = std::min(1.0, besieger.escalation_hazard_per_day +
                                                besieger.escalation_hazard_per_rejection *
                                                    static_cast<double>(front.rejections));
        if (escalation_draw < hazard && !has_dated_offensives(scenario, p)) {
          world.set_state(p, NegotiationState::kEscalation,
                          front.rejections > 0
                              ? fmt::format("offensive after {} rejected round{} of talks", front.rejections,
                                            front.rejections == 1 ? "" : "s")
                              : std::string("offensive while no talks were under way"));
        }
        break;
      }
      case NegotiationState::kTalks:
        if (front.proposed >= 0) {
          Agreement& proposal = world.agreements[static_cast<std::size_t>(front.proposed)];
          const std::int64_t required = releases_required(world, proposal);
          if (proposal.released >= required) {
            put_in_force(world, proposal,
                         front.policy == ReleasePolicy::kDrop
                             ? std::string("the committee dropped the release condition it was waiting on")
                             : fmt::format("{} detainees released as the committee required", proposal.released));
          } else if (proposal.released >= proposal.terms.releases) {
            // The releases ended short (the list ran out through deaths or swaps): the condition
            // can no longer be met under this proposal.
            collapse(world, proposal,
                     fmt::format("releases ended at {} of the {} the committee required", proposal.released, required));
          }
        } else if (in_state >= (front.round_days > 0 ? front.round_days : conflict.round_days)) {
          conclude_round(world, p, conflict);
        }
        break;
      case NegotiationState::kEscalation:
        if (end_escalation_draw < 1.0 / besieger.escalation_mean_days) {
          world.set_state(p, NegotiationState::kSiege, "the offensive paused");
        }
        break;
      case NegotiationState::kCeasefire:
        if (front.agreement < 0) world.set_state(p, NegotiationState::kSiege, "no agreement in force");
        break;
      case NegotiationState::kSurrender:
      case NegotiationState::kEnded:
      case NegotiationState::kUnbesieged: break;
    }
  }
}

}  // namespace siege::stages
