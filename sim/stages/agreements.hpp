#pragma once
// Agreements between the besieger and a pocket: signing, taking force, compliance with each clause,
// violations counted against the agreement's tolerance, collapse and fulfilment. The stages call
// these; each change of status goes to the event log with its reason.
#include <string>

#include "world/world.hpp"

namespace siege::stages {

enum class Party : std::uint8_t { kBesieger = 0, kPocket = 1 };

/// Signs an agreement with `terms` for pocket `p`. In force at once unless `releases_first` (the
/// committee's release condition): then it is proposed until the required releases are made. A
/// phased committee's agreement comes in `stages` tranches (0: not phased).
Agreement& sign(World& world, std::uint32_t p, const AgreementDef& terms, bool releases_first, const std::string& reason,
                std::int64_t stages = 0);

/// Puts a proposed agreement in force: the pocket moves to ceasefire or surrender. Where the pocket
/// has a linked pocket whose talks go on, the deal takes it in too (take_in_linked_pocket).
void put_in_force(World& world, Agreement& agreement, const std::string& reason);

/// One party broke one clause today. Past the tolerance the agreement collapses.
void violate(World& world, Agreement& agreement, Party party, Clause clause, const std::string& reason);

/// The agreement is over by violation or reneging: the pocket returns to escalation (from a
/// ceasefire) or to the pause between rounds (from a proposal).
void collapse(World& world, Agreement& agreement, const std::string& reason);

/// The agreement in force for pocket `p` (or proposed, if `or_proposed`), or null.
Agreement* current_agreement(World& world, std::uint32_t p, bool or_proposed = false);

/// Detainees the committee needs released before a proposed agreement may take force.
std::int64_t releases_required(const World& world, const Agreement& agreement);

/// Whether the agreement's steps wait for its tranches of releases: it was signed phased and its
/// committee still holds to it (one that has since dropped the condition no longer waits).
bool steps_wait_for_releases(const World& world, const Agreement& agreement);

/// Under phased: the releases due before step `step` of the deal (1: its taking force; 2, 3, ...:
/// the evacuation batches in turn), round(releases x min(step, stages) / stages); 0 if not phased.
std::int64_t tranche_required(const Agreement& agreement, std::int64_t step);

}  // namespace siege::stages
