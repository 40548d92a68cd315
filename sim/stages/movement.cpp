// Movement: evacuation after surrender, and departures through the crossings while an agreement
// allows free movement. Evacuation fills buses household by household, the households of fighters
// first and then the civilian households that chose to leave for fear of arrest or conscription;
// the evacuees take over their mirrored slots in the destination pocket with their food and cash.
#include <fmt/format.h>

#include <cmath>

#include "stages/agreements.hpp"
#include "stages/stages.hpp"

namespace siege::stages {
namespace {

bool has_fighter(const World& world, std::uint32_t h) {
  for (std::uint32_t i = world.households.first_person[h]; i < world.households.first_person[h + 1]; ++i) {
    if (world.persons.status[i] == Status::kInside && (world.persons.flags[i] & kFighter)) return true;
  }
  return false;
}

std::int64_t living_members(const World& world, std::uint32_t h) {
  std::int64_t n = 0;
  for (std::uint32_t i = world.households.first_person[h]; i < world.households.first_person[h + 1]; ++i) {
    n += world.persons.status[i] == Status::kInside;
  }
  return n;
}

/// Moves the living members of household `h` out of pocket `p`: into their mirrored slots in the
/// destination, or out of the model.
void leave(World& world, std::uint32_t p, std::uint32_t h, Status how) {
  Persons& persons = world.persons;
  Households& households = world.households;
  Pocket& pocket = world.pockets[p];
  const std::int64_t twin_slot = how == Status::kEvacuated ? world.arrival_slot(p, h) : -1;
  const auto twin = static_cast<std::uint32_t>(twin_slot);
  for (std::uint32_t i = households.first_person[h]; i < households.first_person[h + 1]; ++i) {
    if (persons.status[i] != Status::kInside) continue;
    persons.status[i] = how;
    world.remove_resident(i);
    if (how == Status::kDeparted) {
      ++pocket.departed;
      ++pocket.today.departed;
      ++pocket.front.departed_total;
      continue;
    }
    ++pocket.today.evacuated;
    ++pocket.front.evacuated_total;
    if (twin_slot < 0) continue;
    const std::uint32_t arrival = households.first_person[twin] + (i - households.first_person[h]);
    persons.status[arrival] = Status::kInside;
    persons.reserve_days[arrival] = persons.reserve_days[i];
    persons.flags[arrival] = persons.flags[i];
    persons.support[arrival] = persons.support[i];
    world.add_resident(arrival);
    ++world.pockets[world.pocket_of(arrival)].today.arrived;
  }
  if (twin_slot >= 0) {
    households.food_person_days[twin] += households.food_person_days[h];
    households.cash_usd[twin] += households.cash_usd[h];
    // The family takes its detained relatives with it; releases later find it there (detention).
    households.detained_relatives[twin] += households.detained_relatives[h];
    households.detained_relatives[h] = 0;
  }
  households.food_person_days[h] = 0.0f;
  households.cash_usd[h] = 0.0f;
}

void evacuate(World& world, std::uint32_t p, const ConflictDef& conflict) {
  Pocket& pocket = world.pockets[p];
  Front& front = pocket.front;
  const EvacuationDef& def = conflict.evacuation;
  const World::HouseholdRange own = world.own_households(p);
  if (front.evacuation_started_day < 0) {
    front.evacuation_started_day = world.day;
    front.evacuation_phase = 0;
    front.evacuation_cursor = own.first;
  }
  auto seats = static_cast<std::int64_t>(std::floor(static_cast<double>(def.buses_per_day) * def.persons_per_bus));
  const std::int64_t before = front.evacuated_total;
  while (front.evacuation_phase < 2 && seats > 0) {
    if (front.evacuation_cursor >= own.end) {
      ++front.evacuation_phase;
      front.evacuation_cursor = own.first;
      continue;
    }
    const std::uint32_t h = front.evacuation_cursor;
    const std::int64_t members = living_members(world, h);
    bool goes = false;
    if (members > 0) {
      if (front.evacuation_phase == 0) {
        goes = has_fighter(world, h);
      } else {
        // Each household decides once whether it would rather go than stay and risk arrest.
        rng::Draws choice(world.key(), rng::Stream::kEvacuation, h, 0);
        goes = choice.bernoulli(def.civilian_leave_share);
      }
    }
    if (goes && members > seats) break;  // the household waits for tomorrow's buses
    if (goes) {
      leave(world, p, h, Status::kEvacuated);
      seats -= members;
    }
    ++front.evacuation_cursor;
  }
  const std::int64_t moved = front.evacuated_total - before;
  const std::string where = def.destination.empty() ? std::string("outside the model") : def.destination;
  if (moved > 0) {
    world.event(p, EventKind::kEvacuationBatch, static_cast<double>(moved),
                fmt::format("{} {} left on {} buses for {}", moved,
                            front.evacuation_phase == 0 ? "fighters and family members" : "civilians",
                            static_cast<std::int64_t>(std::ceil(static_cast<double>(moved) / def.persons_per_bus)), where),
                front.agreement);
  }
  const bool done = front.evacuation_phase >= 2;
  const bool out_of_time = world.day - front.evacuation_started_day + 1 >= def.days_allowed;
  if (done || out_of_time) {
    const std::string reason =
        fmt::format("evacuation {}: {} persons left for {}; the siege is over", done ? "complete" : "time ran out",
                    front.evacuated_total, where);
    if (Agreement* agreement = current_agreement(world, p)) {
      agreement->status = AgreementStatus::kFulfilled;
      world.event(p, EventKind::kAgreementFulfilled, static_cast<double>(front.evacuated_total), reason, agreement->id);
      front.agreement = -1;
    }
    world.set_state(p, NegotiationState::kEnded, reason);
  }
}

void departures(World& world, std::uint32_t p, const ConflictDef& conflict) {
  Agreement* agreement = current_agreement(world, p);
  if (!agreement || !agreement->has(Clause::kFreeMovement) || world.pockets[p].front.state != NegotiationState::kCeasefire) {
    return;
  }
  rng::Draws draws(world.key(), rng::Stream::kDepartures, p, static_cast<std::uint64_t>(world.day));
  if (!draws.bernoulli(world.scenario().besieger.movement_compliance)) {
    violate(world, *agreement, Party::kBesieger, Clause::kFreeMovement, "the crossings were kept shut");
    return;
  }
  const double share = conflict.departure_share_per_day;
  if (share <= 0.0) return;
  const World::HouseholdRange own = world.own_households(p);
  const std::int64_t before = world.pockets[p].front.departed_total;
  for (std::uint64_t h = own.first + draws.geometric(share); h < own.end; h += 1 + draws.geometric(share)) {
    leave(world, p, static_cast<std::uint32_t>(h), Status::kDeparted);
  }
  const std::int64_t left = world.pockets[p].front.departed_total - before;
  if (left > 0) {
    world.event(p, EventKind::kDeparture, static_cast<double>(left),
                fmt::format("{} civilians left through the crossings under {}", left, agreement->name), agreement->id);
  }
}

}  // namespace

void movement(World& world) {
  const Scenario& scenario = world.scenario();
  for (std::uint32_t p = 0; p < world.pockets.size(); ++p) {
    if (!scenario.pockets[p].conflict) continue;
    const ConflictDef& conflict = *scenario.pockets[p].conflict;
    if (world.pockets[p].front.state == NegotiationState::kSurrender) {
      evacuate(world, p, conflict);
    } else {
      departures(world, p, conflict);
    }
  }
}

}  // namespace siege::stages
