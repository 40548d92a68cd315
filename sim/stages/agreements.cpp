#include "stages/agreements.hpp"

#include <fmt/format.h>

#include <cmath>

#include "stages/bargaining.hpp"

namespace siege::stages {

namespace {

/// A deal in pocket p whose linked pocket's talks go on takes that pocket in: an agreement of the
/// same kind there, under that pocket's own terms and evacuation, freeing the same share of its
/// list; and the captives each side holds are freed (calibration F3, F7, F9: the Four Towns).
void take_in_linked_pocket(World& world, Agreement& deal) {
  const ConflictDef& conflict = *world.scenario().pockets[deal.pocket].conflict;
  if (conflict.linked_pocket_index < 0 || deal.linked_to >= 0) return;
  const auto q = static_cast<std::uint32_t>(conflict.linked_pocket_index);
  Front& other = world.pockets[q].front;
  // A surrender takes in a linked pocket under a truce; a truce does not replace one already there.
  const bool truce = deal.terms.kind == Terms::kCeasefire;
  if (!talks_go_on(other.state) || (truce && other.state == NegotiationState::kCeasefire)) return;
  const ConflictDef& linked = *world.scenario().pockets[q].conflict;
  const std::string& here = world.scenario().pockets[deal.pocket].name;
  if (Agreement* open = current_agreement(world, q, true)) {
    collapse(world, *open, fmt::format("superseded by {} of {}", deal.name, here));
  }
  AgreementDef terms = linked.terms;
  terms.kind = deal.terms.kind;
  terms.name = fmt::format("{} (with {})", deal.name, here);
  const double share = conflict.detainees.on_list > 0
                           ? static_cast<double>(deal.terms.releases) / static_cast<double>(conflict.detainees.on_list)
                           : 0.0;
  terms.releases = std::llround(share * static_cast<double>(linked.detainees.on_list));
  other.evacuation_event = -1;
  other.evacuation_agreement = -1;
  other.evacuation_started_day = -1;
  // Signing adds to the agreements, which may move them: `deal` is reached by its id from here on.
  const std::int32_t deal_id = deal.id;
  const std::uint32_t p = deal.pocket;
  const std::int32_t mirror_id =
      sign(world, q, terms, false, fmt::format("part of {} of {}", deal.name, here)).id;
  world.agreements[static_cast<std::size_t>(mirror_id)].linked_to = deal_id;
  world.agreements[static_cast<std::size_t>(deal_id)].linked_to = mirror_id;
  for (const std::uint32_t side : {p, q}) {
    Front& front = world.pockets[side].front;
    if (front.captives <= 0) continue;
    world.event(side, EventKind::kCaptivesFreed, static_cast<double>(front.captives),
                fmt::format("{} captives freed by the pocket's side under the deal of {} and {}", front.captives, here,
                            world.scenario().pockets[q].name),
                side == q ? mirror_id : deal_id);
    front.captives = 0;
  }
}

}  // namespace

Agreement& sign(World& world, std::uint32_t p, const AgreementDef& terms, bool releases_first, const std::string& reason,
                std::int64_t stages) {
  Agreement agreement;
  agreement.id = static_cast<std::int32_t>(world.agreements.size());
  agreement.pocket = p;
  agreement.name = terms.name;
  agreement.terms = terms;
  agreement.day_signed = world.day;
  agreement.stages = stages;
  agreement.death_rate_at_signing = world.pockets[p].front.recent_death_rate;
  world.agreements.push_back(agreement);
  Agreement& signed_agreement = world.agreements.back();
  world.event(p, EventKind::kAgreementSigned, static_cast<double>(terms.releases), reason, signed_agreement.id);
  const std::int32_t id = signed_agreement.id;
  if (releases_first) {
    world.pockets[p].front.proposed = id;
  } else {
    put_in_force(world, signed_agreement, "in force on signing");
  }
  // Taking force may have signed in a linked pocket and moved the agreements.
  return world.agreements[static_cast<std::size_t>(id)];
}

void put_in_force(World& world, Agreement& agreement, const std::string& reason) {
  Front& front = world.pockets[agreement.pocket].front;
  agreement.status = AgreementStatus::kInForce;
  front.agreement = agreement.id;
  if (front.proposed == agreement.id) front.proposed = -1;
  // Monitors come with the agreement's clause or with a mediator who deploys them.
  front.monitored = agreement.terms.monitors || front.mediator_monitors;
  world.event(agreement.pocket, EventKind::kAgreementInForce, 0.0, reason, agreement.id);
  const bool surrender = agreement.terms.kind == Terms::kSurrender;
  world.set_state(agreement.pocket, surrender ? NegotiationState::kSurrender : NegotiationState::kCeasefire,
                  fmt::format("{} in force: {}", agreement.name, surrender ? "surrender and evacuation" : "ceasefire"));
  if (surrender) world.event(agreement.pocket, EventKind::kSurrender, front.capacity, reason, agreement.id);
  take_in_linked_pocket(world, agreement);
}

void violate(World& world, Agreement& agreement, Party party, Clause clause, const std::string& reason) {
  const auto party_index = static_cast<std::size_t>(party);
  const auto clause_index = static_cast<std::size_t>(clause);
  if (agreement.complied_today[party_index][clause_index] == 0) return;  // one violation per clause per day
  agreement.complied_today[party_index][clause_index] = 0;
  ++agreement.violations;
  PocketToday& today = world.pockets[agreement.pocket].today;
  ++(party == Party::kBesieger ? today.violations_besieger : today.violations_pocket);
  if (agreement.status == AgreementStatus::kInForce) agreement.status = AgreementStatus::kViolated;
  world.event(agreement.pocket, EventKind::kViolation, static_cast<double>(agreement.violations),
              fmt::format("{} broke the {} clause: {}", party == Party::kBesieger ? "besieger" : "pocket",
                          clause_name(clause), reason),
              agreement.id);
  if (agreement.violations > agreement.terms.violation_tolerance) {
    collapse(world, agreement,
             fmt::format("{} collapsed after {} violations (tolerance {})", agreement.name, agreement.violations,
                         agreement.terms.violation_tolerance));
  }
}

void collapse(World& world, Agreement& agreement, const std::string& reason) {
  if (agreement.status == AgreementStatus::kCollapsed) return;
  agreement.status = AgreementStatus::kCollapsed;
  world.event(agreement.pocket, EventKind::kAgreementCollapsed, static_cast<double>(agreement.violations), reason,
              agreement.id);
  Front& front = world.pockets[agreement.pocket].front;
  front.monitored = false;
  if (front.proposed == agreement.id) {
    front.proposed = -1;
    ++front.rejections;
    world.set_state(agreement.pocket, NegotiationState::kSiege, reason);
  }
  if (front.agreement == agreement.id) {
    front.agreement = -1;
    if (front.state == NegotiationState::kSurrender) {
      // A surrender called off (a phased deal whose releases stopped): the evacuation stops with it.
      front.evacuation_event = -1;
      front.evacuation_agreement = -1;
      front.evacuation_started_day = -1;
      world.set_state(agreement.pocket, NegotiationState::kEscalation, reason);
    }
    if (front.state == NegotiationState::kCeasefire) world.set_state(agreement.pocket, NegotiationState::kEscalation, reason);
  }
}

Agreement* current_agreement(World& world, std::uint32_t p, bool or_proposed) {
  const Front& front = world.pockets[p].front;
  if (front.agreement >= 0) return &world.agreements[static_cast<std::size_t>(front.agreement)];
  if (or_proposed && front.proposed >= 0) return &world.agreements[static_cast<std::size_t>(front.proposed)];
  return nullptr;
}

std::int64_t releases_required(const World& world, const Agreement& agreement) {
  const ConflictDef& conflict = *world.scenario().pockets[agreement.pocket].conflict;
  const auto list = static_cast<double>(conflict.detainees.on_list);
  switch (world.pockets[agreement.pocket].front.policy) {
    case ReleasePolicy::kHold:
      // Rounded as the offer is, so that an offer of exactly the share is enough.
      return static_cast<std::int64_t>(std::llround(conflict.committee.hold_release_share * list));
    case ReleasePolicy::kPhased: return tranche_required(agreement, 1);
    case ReleasePolicy::kDrop: break;
  }
  return 0;
}

bool steps_wait_for_releases(const World& world, const Agreement& agreement) {
  return agreement.stages > 0 && world.pockets[agreement.pocket].front.policy == ReleasePolicy::kPhased;
}

std::int64_t tranche_required(const Agreement& agreement, std::int64_t step) {
  if (agreement.stages <= 0) return 0;
  const double done = static_cast<double>(std::min(step, agreement.stages)) / static_cast<double>(agreement.stages);
  return std::llround(done * static_cast<double>(agreement.terms.releases));
}

}  // namespace siege::stages
