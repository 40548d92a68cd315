// Negotiation: each besieged pocket's state machine
//   siege -> talks -> ceasefire | escalation -> surrender -> ended (and back)
// Talks come in rounds. At the end of a round the besieger offers to release a share of the
// committee's list: no more than a deal is worth to it, which is what it saves by not waiting for
// the pocket to give in (its daily cost of the siege, raised by mediator pressure, times the days
// it expects the pocket to last at the rate its capacity to hold out is falling). It opens low and
// moves each round part of the way to that worth (see besieger_offer). The committee answers by
// its release policy. Rejected rounds raise the daily hazard of escalation.
// Whatever the state, the committee surrenders when the pocket's capacity to hold out falls below
// its threshold. Each morning every mediator shares its attention among its pockets whose talks
// are not over, in proportion to the declared shares.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "stages/agreements.hpp"
#include "stages/stages.hpp"

namespace siege::stages {
namespace {

constexpr double kDaysPerYear = 365.25;
/// Days over which the besieger's reading of the pocket's trend averages (exponential mean).
constexpr double kTrendDays = 30.0;

double capacity_to_hold_out(const Front& front, const CommitteeDef& committee) {
  // Fighters who arrive with evacuees do not lift a destination above its full strength.
  const double fighters_left =
      front.fighters_initial > 0
          ? std::min(1.0, static_cast<double>(front.fighters) / static_cast<double>(front.fighters_initial))
          : 0.0;
  const double weights =
      committee.food_weight + committee.morale_weight + committee.fighter_weight + committee.territory_weight;
  return (committee.food_weight * front.food_security + committee.morale_weight * front.morale +
          committee.fighter_weight * fighters_left + committee.territory_weight * front.territory_held) /
         weights;
}

void update_morale(Front& front, const ForcesDef& forces) {
  front.morale += forces.morale_recovery_per_day * (forces.initial_morale - front.morale) -
                  forces.morale_loss_per_strike * static_cast<double>(front.strikes_yesterday) -
                  forces.morale_loss_per_malnourished_share * front.share_malnourished;
  front.morale = std::clamp(front.morale, 0.0, 1.0);
}

bool talks_go_on(NegotiationState state) {
  return state == NegotiationState::kSiege || state == NegotiationState::kTalks ||
         state == NegotiationState::kCeasefire || state == NegotiationState::kEscalation;
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
  return names.empty() ? std::string("the besieger") : names;
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

}  // namespace

BesiegerOffer besieger_offer(const BesiegerDef& besieger, const Front& front, double surrender_threshold) {
  BesiegerOffer offer;
  // How long the pocket can last, as the besieger reads it: the days until its capacity to hold
  // out reaches the committee's threshold at the rate it has been falling; a pocket that shows no
  // sign of weakening is expected to last the horizon.
  const double decline = -front.capacity_trend_per_day;
  const double margin = std::max(0.0, front.capacity - surrender_threshold);
  offer.expected_days = decline > 0.0 ? std::min(besieger.endurance_horizon_days, margin / decline)
                                      : besieger.endurance_horizon_days;
  offer.cost_share_per_year =
      besieger.siege_cost_share_per_year + besieger.pressure_cost_share_per_year * front.mediator_pressure;
  // A deal spares the besieger the rest of the siege: it is worth at most what those days cost
  // (Rubinstein 1982: the side that loses more by waiting concedes more).
  offer.worth_share = std::min(1.0, offer.cost_share_per_year * offer.expected_days / kDaysPerYear);
  // It opens with its customary offer and moves part of the way to the deal's worth each round,
  // up or down as the worth changes (a partial-adjustment rule of concession: Zeuthen 1930;
  // Cross 1965, The Economics of Bargaining).
  offer.share = front.rounds <= 1 || front.offer_share <= 0.0
                    ? std::min(besieger.offer_base_share, offer.worth_share)
                    : front.offer_share + besieger.concession_per_round * (offer.worth_share - front.offer_share);
  offer.share = std::clamp(offer.share, 0.0, 1.0);
  return offer;
}

namespace {

void conclude_round(World& world, std::uint32_t p, const ConflictDef& conflict) {
  const BesiegerDef& besieger = world.scenario().besieger;
  Front& front = world.pockets[p].front;
  front.round_days = 0;  // a dated round's own length is over
  const CommitteeDef& committee = conflict.committee;
  const ReleasePolicy policy = front.policy;
  const BesiegerOffer offer = besieger_offer(besieger, front, committee.surrender_threshold);
  front.offer_share = offer.share;
  const std::string reckoning = fmt::format(
      "the besieger values a deal at up to {:.1f}% of the list ({:.1f}% of it a year of siege, {:.0f} more days expected)",
      100.0 * offer.worth_share, 100.0 * offer.cost_share_per_year, offer.expected_days);
  const std::int64_t list = conflict.detainees.on_list;
  const auto offered = static_cast<std::int64_t>(std::llround(front.offer_share * static_cast<double>(list)));
  AgreementDef terms = conflict.terms;
  terms.kind = conflict.besieger_terms;
  // A committee that drops the condition signs terms without releases.
  terms.releases = policy == ReleasePolicy::kDrop ? 0 : offered;
  terms.name = fmt::format("{} agreement {}", terms.kind == Terms::kSurrender ? "surrender" : "ceasefire", front.rounds);
  const std::int64_t women_children = static_cast<std::int64_t>(
      std::llround(conflict.detainees.women_and_children_share * static_cast<double>(list)));

  std::string refusal;
  // Surrender gives up control of the pocket, which the committee values at the death rate it
  // bears to keep it: it signs only once holding out costs more (the outside option of
  // alternating-offers bargaining; its own releases, if it holds the condition, are checked below).
  if (terms.kind == Terms::kSurrender && front.recent_death_rate < committee.bears_death_rate) {
    refusal = fmt::format(
        "the committee will not surrender while the pocket loses {:.2f} per 10,000 a day, less than the {:.2f} it "
        "bears to keep control",
        front.recent_death_rate, committee.bears_death_rate);
  }
  switch (refusal.empty() ? policy : ReleasePolicy::kDrop) {
    case ReleasePolicy::kDrop: break;
    case ReleasePolicy::kHold:
      if (front.offer_share + 1e-12 < committee.hold_release_share) {
        refusal = fmt::format("offer of {} of {} names ({:.1f}%) is below the {:.0f}% the committee holds out for",
                              offered, list, 100.0 * front.offer_share, 100.0 * committee.hold_release_share);
      }
      break;
    case ReleasePolicy::kPhased:
      if (offered < women_children) {
        refusal = fmt::format("offer of {} of {} names does not free the {} women and children on the list", offered,
                              list, women_children);
      }
      break;
  }
  if (!refusal.empty()) {
    refusal += "; " + reckoning;
    ++front.rejections;
    world.event(p, EventKind::kOfferRejected, static_cast<double>(offered), refusal);
    world.set_state(p, NegotiationState::kSiege, "talks stalled: " + refusal);
    return;
  }
  const bool releases_first = policy != ReleasePolicy::kDrop;
  const std::string answer =
      policy == ReleasePolicy::kDrop
          ? fmt::format("the committee dropped the release condition; {} of {} names offered", offered, list)
          : fmt::format("offer of {} of {} names accepted; in force once {} are released", offered, list,
                        policy == ReleasePolicy::kHold
                            ? fmt::format("{:.0f}% of the list", 100.0 * committee.hold_release_share)
                            : std::string("the women and children"));
  const std::string why = answer + "; " + reckoning;
  Agreement& agreement = sign(world, p, terms, releases_first, why);
  if (releases_first && releases_required(world, agreement) <= 0) put_in_force(world, agreement, "nothing to wait for");
}

}  // namespace

void negotiation(World& world) {
  const Scenario& scenario = world.scenario();
  const BesiegerDef& besieger = scenario.besieger;
  share_attention(world);
  for (std::uint32_t p = 0; p < world.pockets.size(); ++p) {
    Front& front = world.pockets[p].front;
    if (front.state == NegotiationState::kUnbesieged || !scenario.pockets[p].conflict) continue;
    const ConflictDef& conflict = *scenario.pockets[p].conflict;
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
