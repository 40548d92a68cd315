#include "stages/agreements.hpp"

#include <fmt/format.h>

#include <cmath>

namespace siege::stages {

Agreement& sign(World& world, std::uint32_t p, const AgreementDef& terms, bool releases_first, const std::string& reason) {
  Agreement agreement;
  agreement.id = static_cast<std::int32_t>(world.agreements.size());
  agreement.pocket = p;
  agreement.name = terms.name;
  agreement.terms = terms;
  agreement.day_signed = world.day;
  world.agreements.push_back(agreement);
  Agreement& signed_agreement = world.agreements.back();
  world.event(p, EventKind::kAgreementSigned, static_cast<double>(terms.releases), reason, signed_agreement.id);
  if (releases_first) {
    world.pockets[p].front.proposed = signed_agreement.id;
  } else {
    put_in_force(world, signed_agreement, "in force on signing");
  }
  return signed_agreement;
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
    case ReleasePolicy::kPhased:
      return static_cast<std::int64_t>(std::llround(conflict.detainees.women_and_children_share * list));
    case ReleasePolicy::kDrop: break;
  }
  return 0;
}

}  // namespace siege::stages
