// Detention: deaths of detainees, releases under agreements (partial, late, or reneged on), small
// symmetric swaps brokered by a mediator when the pocket holds captives, and arrests of the men who
// stay after the siege ends in reconciliation.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "stages/agreements.hpp"
#include "stages/bargaining.hpp"
#include "stages/stages.hpp"

namespace siege::stages {
namespace {

constexpr double kDaysPerYear = 365.25;

/// The family of detainee d no longer has them held (released, or dead in detention). A family
/// that was evacuated took its count to its arrival slot in the destination (movement).
void no_longer_held(World& world, std::size_t d) {
  const std::uint32_t family = world.detainees.household[d];
  if (family == Detainees::kNoHousehold) return;
  auto& relatives = world.households.detained_relatives;
  if (relatives[family] > 0) {
    --relatives[family];
    return;
  }
  const std::int64_t twin = world.arrival_slot(world.detainees.origin_pocket[d], family);
  if (twin >= 0 && relatives[static_cast<std::size_t>(twin)] > 0) --relatives[static_cast<std::size_t>(twin)];
}

/// Frees up to `count` held detainees of pocket `p`, the list first and women and children first
/// within it (the order detainees were added). Returns how many were freed.

std::int64_t release(World& world, std::uint32_t p, std::int64_t count, bool list_only) {
  Detainees& detainees = world.detainees;
  std::int64_t freed = 0;
  for (int pass = 0; pass < 2 && freed < count; ++pass) {
    const bool listed = pass == 0;
    if (!listed && list_only) break;
    for (std::size_t d = 0; d < detainees.size() && freed < count; ++d) {
      if (detainees.origin_pocket[d] != p || detainees.status[d] != DetaineeStatus::kHeld) continue;
      if (static_cast<bool>(detainees.on_list[d]) != listed) continue;
      detainees.status[d] = DetaineeStatus::kReleased;
      ++freed;
      no_longer_held(world, d);
      if (detainees.person[d] >= 0) {
        // An arrested resident goes home.
        const auto person = static_cast<std::uint32_t>(detainees.person[d]);
        world.persons.status[person] = Status::kInside;
        world.add_resident(person);
      }
    }
  }
  Pocket& pocket = world.pockets[p];
  pocket.today.detainees_released += freed;
  pocket.front.detainees_released_total += freed;
  pocket.front.detainees_held -= freed;
  return freed;
}

void deaths_in_detention(World& world, std::uint32_t p, double rate_per_year) {
  if (rate_per_year <= 0.0) return;
  const double probability = -std::expm1(-rate_per_year / 1000.0 / kDaysPerYear);
  rng::Draws draws(world.key(), rng::Stream::kDetention, p, static_cast<std::uint64_t>(world.day));
  Detainees& detainees = world.detainees;
  // Skip from one death candidate to the next among all detainees; only the held of this pocket die.
  for (std::uint64_t d = draws.geometric(probability); d < detainees.size(); d += 1 + draws.geometric(probability)) {
    if (detainees.origin_pocket[d] != p || detainees.status[d] != DetaineeStatus::kHeld) continue;
    detainees.status[d] = DetaineeStatus::kDied;
    no_longer_held(world, d);
    ++world.pockets[p].today.detainees_died;
    --world.pockets[p].front.detainees_held;
    // An arrested resident who dies in detention stays kDetained among the persons: their fate is
    // the detainee's, and the pocket's death tallies count deaths inside it only.
  }
}

/// What keeping its word under `agreement` still brings the besieger, as a share of the list: the
/// deal's worth to it while the committee can still answer a broken promise by ending the deal (a
/// proposal not yet in force, a truce, a phased deal's later steps); nothing once a surrender it
/// cannot take back is in force.
double worth_of_keeping(const World& world, std::uint32_t p, const Agreement& agreement) {
  const bool committee_can_answer = agreement.status == AgreementStatus::kProposed ||
                                    steps_wait_for_releases(world, agreement) ||
                                    agreement.terms.kind == Terms::kCeasefire;
  if (!committee_can_answer) return 0.0;
  const ConflictDef& conflict = *world.scenario().pockets[p].conflict;
  return besieger_offer(world.scenario().besieger_of(p), world.pockets[p].front,
                        conflict.committee.surrender_threshold, siege_costs(world, p))
      .worth_share;
}

/// The besieger weighs the releases it still owes against what keeping its word brings it
/// (renege_hazard); once it reneges it releases no more under the agreement, and a phased
/// committee, whose every step waits for its tranche, ends the deal.
bool renege(World& world, std::uint32_t p, Agreement& agreement, std::int64_t owed, rng::Draws& draws) {
  const BesiegerDef& besieger = world.scenario().besieger_of(p);
  const auto list = static_cast<double>(world.scenario().pockets[p].conflict->detainees.on_list);
  const double owed_share = list > 0.0 ? static_cast<double>(owed) / list : 1.0;
  const double keep_share = worth_of_keeping(world, p, agreement);
  const double hazard = renege_hazard(besieger, owed_share, keep_share);
  if (!draws.bernoulli(hazard)) return false;
  agreement.reneged = true;
  const std::string why = fmt::format(
      "{} stopped releasing after {} of {}: the {} names still owed ({:.2f}% of the list) against {:.2f}% that "
      "keeping its word still brings it (daily hazard {:.4f})",
      besieger.who(), agreement.released, agreement.terms.releases, owed, 100.0 * owed_share, 100.0 * keep_share, hazard);
  world.event(p, EventKind::kClauseViolated, static_cast<double>(Clause::kReleases), why, agreement.id);
  violate(world, agreement, Party::kBesieger, Clause::kReleases, "reneged on the releases");
  if (agreement.status == AgreementStatus::kProposed) {
    collapse(world, agreement, "the besieger reneged before the required releases were made: " + why);
  } else if (steps_wait_for_releases(world, agreement)) {
    collapse(world, agreement, fmt::format("the committee ended {}: its steps wait for releases that stopped ({})",
                                           agreement.name, why));
  }
  return true;
}

void releases_under_agreement(World& world, std::uint32_t p) {
  Agreement* agreement = current_agreement(world, p, true);
  if (!agreement || !agreement->has(Clause::kReleases) || agreement->reneged) return;
  const std::int64_t owed = agreement->terms.releases - agreement->released;
  if (owed <= 0) return;
  const BesiegerDef& besieger = world.scenario().besieger_of(p);
  rng::Draws draws(world.key(), rng::Stream::kCompliance, static_cast<std::uint64_t>(agreement->id),
                   static_cast<std::uint64_t>(world.day));
  if (renege(world, p, *agreement, owed, draws)) return;
  agreement->release_credit += agreement->terms.releases_per_day;
  const auto due = std::min(owed, static_cast<std::int64_t>(std::floor(agreement->release_credit)));
  if (due <= 0) return;
  // Each release due today happens with the besieger's compliance; the rest are late, still owed,
  // not broken: the clause is broken only by reneging.
  const auto granted = static_cast<std::int64_t>(draws.binomial(static_cast<std::uint64_t>(due), besieger.release_compliance));
  agreement->release_credit -= static_cast<double>(granted);
  if (granted == 0) return;
  const std::int64_t freed = release(world, p, granted, true);
  agreement->released += freed;
  if (freed > 0) {
    world.event(p, EventKind::kReleases, static_cast<double>(freed),
                fmt::format("{} detainees released under {} ({} of {})", freed, agreement->name, agreement->released,
                            agreement->terms.releases),
                agreement->id);
  }
  if (agreement->released >= agreement->terms.releases || freed < granted) {
    // Everything promised is out, or nobody on the list is left to free.
    agreement->terms.releases = agreement->released;
    if (agreement->status == AgreementStatus::kInForce || agreement->status == AgreementStatus::kViolated) {
      agreement->status = AgreementStatus::kFulfilled;
      world.event(p, EventKind::kAgreementFulfilled, static_cast<double>(agreement->released),
                  fmt::format("all {} releases of {} made", agreement->released, agreement->name), agreement->id);
    }
  }
}

/// A mediator brokers swaps at a rate its attention to the pocket sets: one every
/// swap_every_days / share days. Swaps are a bargaining chip of the siege; once a pocket's talks
/// are over its share is 0 and there are none.
void swaps(World& world, std::size_t m) {
  const MediatorDef& def = world.scenario().mediators[m];
  MediatorToday& today = world.mediators[m];
  if (def.swap_every_days <= 0 || world.day == 0) return;
  for (std::size_t a = 0; a < def.attention.size(); ++a) {
    const std::uint32_t p = today.pocket[a];
    Front& front = world.pockets[p].front;
    // Shares were set this morning; a pocket that surrendered since gets no more swaps.
    if (today.share[a] <= 0.0 || front.state == NegotiationState::kSurrender || front.state == NegotiationState::kEnded) {
      continue;
    }
    today.swap_credit[a] += today.share[a] / static_cast<double>(def.swap_every_days);
    if (today.swap_credit[a] < 1.0 - 1e-9) continue;
    today.swap_credit[a] -= 1.0;
    const std::int64_t size = std::min({def.swap_size, front.captives, front.detainees_held});
    if (size <= 0) continue;
    const std::int64_t freed = release(world, p, size, false);
    front.captives -= freed;
    world.event(p, EventKind::kSwap, static_cast<double>(freed),
                fmt::format("{} for {} swap brokered by {}", freed, freed, def.name));
  }
}

/// Takes each man of fighting age inside pocket p out with `probability` (skip sampling over the
/// pocket's slots, stream `stream`, entity pocket): he becomes `status`, leaves the residents and
/// loses his injured flag (treated, or not, where he goes); `each` is then told his slot. Returns
/// how many were taken.
template <class Each>
std::int64_t take_men(World& world, std::uint32_t p, double probability, rng::Stream stream, Status status,
                      Each&& each) {
  const Pocket& pocket = world.pockets[p];
  Persons& persons = world.persons;
  rng::Draws draws(world.key(), stream, p, static_cast<std::uint64_t>(world.day));
  std::int64_t taken = 0;
  for (std::uint64_t i = pocket.first_person + draws.geometric(probability); i < pocket.end_person;
       i += 1 + draws.geometric(probability)) {
    if (persons.status[i] != Status::kInside || persons.age_band[i] != AgeBand::kAdult || persons.sex[i] != Sex::kMale) {
      continue;
    }
    const auto person = static_cast<std::uint32_t>(i);
    persons.status[person] = status;
    world.remove_resident(person);
    persons.flags[person] &= static_cast<std::uint8_t>(~kInjured);
    each(person);
    ++taken;
  }
  return taken;
}

void arrests(World& world, std::uint32_t p, double per_1000_day) {
  if (per_1000_day <= 0.0) return;
  Pocket& pocket = world.pockets[p];
  const std::int64_t arrested = take_men(world, p, -std::expm1(-per_1000_day / 1000.0), rng::Stream::kArrests,
                                         Status::kDetained, [&](std::uint32_t person) {
                                           const std::uint32_t family = world.household_of(person);
                                           world.detainees.add(static_cast<std::uint16_t>(p), false, false,
                                                               static_cast<std::int64_t>(person), family);
                                           ++world.households.detained_relatives[family];
                                           ++pocket.front.detainees_held;
                                         });
  pocket.today.detainees_arrested = arrested;
  if (arrested > 0) {
    world.event(p, EventKind::kArrests, static_cast<double>(arrested),
                fmt::format("{} men arrested after the reconciliation", arrested));
  }
}

/// On the day the deal's terms set (conscription_after_days after its evacuation began), the
/// besieger conscripts its share of the men of fighting age still in the pocket: they leave it.
void conscription(World& world, std::uint32_t p) {
  Pocket& pocket = world.pockets[p];
  Front& front = pocket.front;
  const bool surrendered = front.state == NegotiationState::kSurrender || front.state == NegotiationState::kEnded;
  if (!surrendered || front.conscription_done || front.evacuation_started_day < 0) return;
  const EvacuationDef& terms = evacuation_terms(world, p);
  if (terms.conscription_after_days <= 0 || world.day < front.evacuation_started_day + terms.conscription_after_days) {
    return;
  }
  front.conscription_done = true;
  const double share = world.scenario().besieger_of(p).conscripted_share;
  if (share <= 0.0) return;
  const std::int64_t conscripted =
      take_men(world, p, share, rng::Stream::kConscription, Status::kConscripted, [](std::uint32_t) {});
  pocket.today.conscripted = conscripted;
  front.conscripted_total += conscripted;
  world.event(p, EventKind::kConscription, static_cast<double>(conscripted),
              fmt::format("{} men conscripted by {}, {} days after the deal (its terms)", conscripted,
                          world.scenario().besieger_of(p).who(), terms.conscription_after_days));
}

}  // namespace

void detention(World& world) {
  const Scenario& scenario = world.scenario();
  for (std::uint32_t p = 0; p < world.pockets.size(); ++p) {
    if (!scenario.pockets[p].conflict) continue;
    const ConflictDef& conflict = *scenario.pockets[p].conflict;
    deaths_in_detention(world, p, conflict.detainees.death_per_1000_year);
    releases_under_agreement(world, p);
    if (world.pockets[p].front.state == NegotiationState::kEnded) {
      // An amnesty in the deal's terms prevents the share of the arrests the besieger keeps it for.
      const double kept = evacuation_terms(world, p).amnesty ? scenario.besieger_of(p).amnesty_kept : 0.0;
      arrests(world, p, conflict.detainees.arrest_per_1000_day_after_reconciliation * (1.0 - kept));
    }
    conscription(world, p);
  }
  for (std::size_t m = 0; m < world.mediators.size(); ++m) swaps(world, m);
}

}  // namespace siege::stages
