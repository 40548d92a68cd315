#pragma once
// The two sides of a pocket's talks as actors with interests (ODD 7.4). Each values the outcomes of
// a deal and of going on in its own unit, and chooses by comparing their expected values:
//   the besieger, in shares of the committee's list (the detainees it would give up): a deal spares
//     it the cost of the siege (troops and money, its own casualties, international pressure, its
//     own people held or besieged by the pocket's side) for as long as it expects the pocket to hold
//     out;
//   the committee, in residents' lives: a deal frees detainees and stops the dying of the days it
//     spares, and a surrender gives up control, which it values at the death rate it bears to keep it.
// The committee does not know what a deal is worth to the besieger; it believes a value and
// updates it from the offers it sees and the demands refused (incomplete information: Rubinstein
// 1985, Econometrica 53:1151-1172). These are pure functions of what each side sees; the
// negotiation stage calls them and writes the reasons into the event log.
#include <cstdint>

#include "world/world.hpp"

namespace siege::stages {

/// Days a pocket is expected to hold out: until its capacity to hold out falls to `threshold` at
/// the rate of the last ~30 days (Front::capacity_trend_per_day), at most `horizon_days`; a pocket
/// that shows no sign of weakening lasts the horizon.
double expected_endurance_days(const Front& front, double threshold, double horizon_days);

/// The besieger's reckoning of a deal in one pocket.
struct BesiegerOffer {
  double expected_days = 0.0;        ///< how much longer it expects the pocket to hold out
  double cost_share_per_year = 0.0;  ///< its cost of a year of siege, as a share of the list
  double worth_share = 0.0;          ///< what a deal is worth to it: the most it would release
  double share = 0.0;                ///< what it offers this round
};

/// What the besieger's cost of the siege rests on besides its own values.
struct SiegeCosts {
  double mediator_pressure = 0.0;  ///< today's pressure of the mediators working in the pocket
  double fighters_left = 1.0;      ///< the pocket's fighters as a share of those at the start (at most 1)
  double leverage_persons = 0.0;   ///< the besieger's people held or besieged by the pocket's side
};

/// The pocket's fighters as a share of those at the start, at most 1 (fighters who arrive with
/// evacuees do not lift a destination above its full strength); 0 for a pocket that had none.
double fighters_left(const Front& front);

/// What raises the besieger's cost of the siege of pocket p today: the mediators' pressure there,
/// the pocket's fighters left, its captives and, while the linked pocket's talks go on, the living
/// residents of the pocket where the besieger's own people are besieged.
SiegeCosts siege_costs(const World& world, std::uint32_t p);

/// Whether a pocket's talks go on (siege, talks, ceasefire or escalation): not surrendered or ended.
bool talks_go_on(NegotiationState state);

/// From the pocket's front as yesterday left it (capacity, its trend, rounds, last offer). The
/// cost of a year of siege is c = siege + casualties x fighters left + pressure x M + leverage x
/// persons / 1,000; a deal is worth w = min(1, c x T / 365.25) with T the expected endurance; the
/// besieger opens at min(offer_base_share, w) and moves concession_per_round of the way to w at
/// every later round (Zeuthen 1930; Cross 1965).
BesiegerOffer besieger_offer(const BesiegerDef& besieger, const Front& front, double surrender_threshold,
                             const SiegeCosts& costs);

/// The besieger answers a demand of `demand_share` of the list: it signs when the deal is worth at
/// least that much to it.
bool besieger_accepts(const BesiegerOffer& reckoning, double demand_share);

/// The daily hazard that the besieger stops releasing under an agreement: reneging keeps
/// `owed_share` of the list it still owes; keeping its word is worth `keep_share` to it (what it
/// loses if the committee answers by ending the deal, and the guarantees of mediators). The
/// hazard is renege_per_day times the share of the stakes that reneging wins, G / (G + K): none
/// when nothing is owed, renege_per_day when keeping its word is worth nothing.
double renege_hazard(const BesiegerDef& besieger, double owed_share, double keep_share);

/// Under a truce, the share of its armed men's shots (unprovoked, or in retaliation) that the
/// committee does not hold back. It holds them back as far as the truce is worth to it: the lives it
/// spares a day, the fall of the death rate since the truce was signed, against the lives a day it
/// bears to keep control, bears / (bears + spared); all of them go through when the truce spares
/// nobody (a truce that does not feed the pocket: calibration N6, N13 against Q1, Q3).
double committee_unrestrained_share(const CommitteeDef& committee, double death_rate_at_signing,
                                    double death_rate_now);

/// The committee's belief about what a deal is worth to the besieger, after an offer: at the first
/// offer, its prior (or what it believed) but no less than the offer; at later ones, the worth the
/// besieger's concession implies, (offer - previous) / concession + previous, which is exact when
/// the worth has not moved (the committee knows how the besieger concedes, not what a deal is
/// worth to it). Never below the offer, never above the whole list.
double believed_worth(double belief, double previous_offer, double offer, double concession_per_round,
                      bool first_offer);

/// After the besieger refused a demand: the worth lies between the offer and the demand refused,
/// and the committee takes the middle (bisection on a belief bounded by what it has seen).
double belief_after_refusal(double belief, double offer, double demand);

/// What the committee sees at the end of a round.
struct CommitteeView {
  double offer_share = 0.0;           ///< o: the besieger's offer, as a share of the list
  double believed_worth_share = 0.0;  ///< its belief about what a deal is worth to the besieger
  double concession_per_round = 0.0;  ///< how the besieger concedes, round by round
  double list = 0.0;                  ///< names on the committee's list
  double population = 0.0;            ///< residents alive in the pocket
  double death_rate = 0.0;            ///< the pocket's crude death rate per 10,000 a day, last ~30 days
  double endurance_days = 0.0;        ///< how much longer the committee expects the pocket to hold out
  double cycle_days = 1.0;            ///< from one round's end to the next: the pause and a round
  bool surrender_terms = false;       ///< the besieger's terms are surrender, not a truce
  ReleasePolicy policy = ReleasePolicy::kHold;
};

/// The committee's value, in residents' lives, of signing a deal that frees `share` of the list
/// after `rounds` more rounds, against holding out with no deal (0):
///   a x share x list + (d - v x [surrender]) x max(0, T - rounds x D)
/// with a = detainee_value_lives, d the deaths a day at the present rate, v the deaths a day the
/// committee bears to keep control (bears_death_rate; only a surrender gives control up), T its
/// expected endurance and D a round's cycle. A truce spares the dying of the days it lasts, within
/// T; a surrender spares them too, and costs control over the same days.
double committee_deal_value(const CommitteeDef& committee, const CommitteeView& view, double share,
                            std::int64_t rounds);

/// Whether the committee's policy lets it sign a deal that frees `share` of the list: hold needs
/// hold_release_share; phased and drop sign any share (phased ties its releases to the deal's steps).
bool policy_allows(const CommitteeDef& committee, ReleasePolicy policy, double share);

/// The committee's choice at the end of a round.
struct CommitteeAnswer {
  double value_now = 0.0;        ///< of signing the offer now (lives); meaningless if !allowed_now
  bool allowed_now = false;      ///< its policy lets it sign the offer
  double value_waiting = 0.0;    ///< the best of waiting for a later offer or holding out (>= 0)
  std::int64_t wait_rounds = 0;  ///< rounds to wait for that best (0: holding out with no deal)
  bool accept = false;           ///< sign the offer now
  double demand_share = -1.0;    ///< the share it asks for instead (-1: none)
  double value_demand = 0.0;     ///< of signing its demand now
};

/// The expected offer after `rounds` more rounds, from the committee's belief: the besieger moves
/// concession_per_round of the way to the worth each round.
double expected_offer(const CommitteeView& view, std::int64_t rounds);

/// Compares signing now with every later round it can wait for (while it expects to hold out) and
/// with holding out (0). It signs the offer when its policy allows and no alternative is worth
/// more; it demands what it believes the besieger would concede (under hold, at least the share it
/// holds out for) when that is worth more than the offer and than waiting. Under drop it asks for no
/// releases: the offer's share is 0 and there is no demand.
CommitteeAnswer committee_answer(const CommitteeDef& committee, const CommitteeView& view);

}  // namespace siege::stages
