// Movement: evacuation by the deal's terms after surrender, civilians let out in a humanitarian
// pause, and departures through the crossings while an agreement allows free movement.
// Evacuation runs in batches on the deal's schedule. Households board household by household, the
// fighters' households that must leave first, then the others that choose to leave (each by its own
// situation, once: leave_probability); a household is never split, and one that does not fit waits
// for the next batch. How many batches there are follows from how many want to leave.
#include <fmt/format.h>

#include <cmath>
#include <map>

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

// Each household draws once, from its own sequence: whether it leaves when it may (entity h, day 0),
// where it goes (day 1), whether a fighter's household reconciles (day 2).
double household_draw(const World& world, std::uint32_t h, std::uint64_t which) {
  return rng::Draws(world.key(), rng::Stream::kEvacuation, h, which).uniform();
}

bool wants_to_leave(const World& world, std::uint32_t p, std::uint32_t h, const EvacuationDef* terms,
                    std::uint64_t which = 0) {
  return household_draw(world, h, which) < leave_probability(world, p, h, terms);
}

/// Where household h goes: one of the deal's other destinations, or the main one.
const DestinationDef* other_destination(const World& world, std::uint32_t h, const EvacuationDef& terms) {
  double u = household_draw(world, h, 1);
  for (const DestinationDef& d : terms.other_destinations) {
    if (u < d.share) return &d;
    u -= d.share;
  }
  return nullptr;
}

/// Evacuates by the terms in force: after a surrender (`ends_siege`: when it is over the pocket has
/// ended), or a transfer under a ceasefire (the ceasefire goes on).
void evacuate(World& world, std::uint32_t p, bool ends_siege) {
  Pocket& pocket = world.pockets[p];
  Front& front = pocket.front;
  const EvacuationDef& terms = evacuation_terms(world, p);
  const World::HouseholdRange own = world.own_households(p);
  if (front.evacuation_started_day < 0) {
    front.evacuation_started_day = world.day;
    front.evacuation_phase = 0;
    front.evacuation_cursor = own.first;
    front.evacuated_before_deal = front.evacuated_total;
    front.batches_before_deal = front.evacuation_batches;
  }
  const std::int64_t since = world.day - front.evacuation_started_day;
  const std::string main_destination = terms.destination.empty() ? std::string("outside the model") : terms.destination;
  bool batch_day = since >= terms.first_batch_after_days &&
                   (since - terms.first_batch_after_days) % terms.batch_every_days == 0;
  if (const Agreement* deal = current_agreement(world, p); batch_day && deal && steps_wait_for_releases(world, *deal)) {
    // Under phased each step of the deal waits for its tranche of releases (step 1 was its taking force).
    const std::int64_t batch = front.evacuation_batches - front.batches_before_deal + 1;
    const std::int64_t needed = tranche_required(*deal, batch + 1);
    if (deal->released < needed) {
      batch_day = false;
      world.event(p, EventKind::kEvacuationBatch, 0.0,
                  fmt::format("batch {} waits: {} of the {} releases due before it are made", batch, deal->released,
                              needed),
                  deal->id);
    }
  }
  if (batch_day) {
    std::int64_t room = terms.batch_persons_max;
    std::map<std::string, std::int64_t> by_destination;
    std::int64_t fighters_households = 0;
    // Only an amnesty lets a fighter's household stay and reconcile.
    const double reconcile_share = terms.amnesty ? terms.fighters_reconcile_share : 0.0;
    while (front.evacuation_phase < 2 && room > 0) {
      if (front.evacuation_cursor >= own.end) {
        ++front.evacuation_phase;
        front.evacuation_cursor = own.first;
        continue;
      }
      const std::uint32_t h = front.evacuation_cursor;
      const std::int64_t members = living_members(world, h);
      bool goes = false;
      const bool fighter = members > 0 && has_fighter(world, h);
      if (members > 0) {
        const bool must = terms.everyone_must_leave ||
                          (fighter && terms.fighters_must_leave && household_draw(world, h, 2) >= reconcile_share);
        if (front.evacuation_phase == 0) {
          goes = must;
        } else if (!must && terms.civilians_may_leave && !(fighter && terms.fighters_must_leave)) {
          goes = wants_to_leave(world, p, h, &terms);
        }
      }
      // A household that does not fit waits for the next batch; one larger than a whole batch
      // goes alone in one, so that nobody waits forever.
      if (goes && members > room && room < terms.batch_persons_max) break;
      if (goes) {
        const DestinationDef* elsewhere = other_destination(world, h, terms);
        leave(world, p, h, Status::kEvacuated, elsewhere == nullptr);
        by_destination[elsewhere ? elsewhere->name : main_destination] += members;
        fighters_households += fighter ? 1 : 0;
        room -= members;
      }
      ++front.evacuation_cursor;
    }
    const std::int64_t moved = terms.batch_persons_max - room;
    if (moved > 0) {
      ++front.evacuation_batches;
      front.last_batch_day = world.day;
      std::string where;
      for (const auto& [name, count] : by_destination) where += fmt::format("{}{} to {}", where.empty() ? "" : ", ", count, name);
      world.event(p, EventKind::kEvacuationBatch, static_cast<double>(moved),
                  fmt::format("batch {}: {} persons on {} buses ({}){}", front.evacuation_batches - front.batches_before_deal, moved,
                              (moved + terms.bus_seats - 1) / terms.bus_seats, where,
                              fighters_households > 0 ? fmt::format("; {} fighters' households", fighters_households)
                                                      : std::string()),
                  front.agreement);
    }
  }
  const bool done = front.evacuation_phase >= 2;
  const bool out_of_time = since + 1 >= terms.days_allowed;
  if ((done || out_of_time) && !ends_siege) {
    // A transfer is over; the ceasefire it came with goes on.
    front.evacuation_started_day = -1;
    front.evacuation_event = -1;
    front.evacuation_agreement = -1;
    return;
  }
  if (done || out_of_time) {
    const std::string reason =
        fmt::format("evacuation {}: {} persons left in {} batches under this deal; the siege is over",
                    done ? "complete" : "time ran out", front.evacuated_total - front.evacuated_before_deal,
                    front.evacuation_batches - front.batches_before_deal);
    if (Agreement* agreement = current_agreement(world, p)) {
      // Releases still owed under the deal go on after the buses (detention marks it fulfilled).
      const bool owes = agreement->has(Clause::kReleases) && !agreement->reneged &&
                        agreement->released < agreement->terms.releases;
      if (!owes) {
        agreement->status = AgreementStatus::kFulfilled;
        front.agreement = -1;
        world.event(p, EventKind::kAgreementFulfilled,
                    static_cast<double>(front.evacuated_total - front.evacuated_before_deal), reason, agreement->id);
      }
    }
    world.set_state(p, NegotiationState::kEnded, reason);
  }
}

/// In a humanitarian pause the civilians who choose to go are let out, up to the pause's limit
/// per day, to places outside the model.
void pause_exits(World& world, std::uint32_t p) {
  Front& front = world.pockets[p].front;
  if (front.pause_persons_per_day <= 0) return;
  const World::HouseholdRange own = world.own_households(p);
  if (front.pause_cursor < own.first) front.pause_cursor = own.first;
  std::int64_t room = front.pause_persons_per_day;
  const std::int64_t before = front.evacuated_total;
  while (front.pause_cursor < own.end && room > 0) {
    const std::uint32_t h = front.pause_cursor;
    const std::int64_t members = living_members(world, h);
    // Each pause asks afresh: its own draw for every household.
    const bool goes = members > 0 && !has_fighter(world, h) &&
                      wants_to_leave(world, p, h, nullptr, 16 + static_cast<std::uint64_t>(front.pause_event));
    if (goes && members > room && room < front.pause_persons_per_day) break;
    if (goes) {
      leave(world, p, h, Status::kEvacuated, false);
      room -= members;
    }
    ++front.pause_cursor;
  }
  const std::int64_t moved = front.evacuated_total - before;
  if (moved > 0) {
    world.event(p, EventKind::kDeparture, static_cast<double>(moved),
                fmt::format("{} civilians let out in the humanitarian pause", moved));
  }
}

}  // namespace

const EvacuationDef& evacuation_terms(const World& world, std::uint32_t p) {
  const std::int32_t event = world.pockets[p].front.evacuation_event;
  if (event >= 0) {
    const CalendarEventDef& e = world.scenario().calendar[static_cast<std::size_t>(event)];
    if (e.evacuation) return *e.evacuation;
  }
  return world.scenario().pockets[p].conflict->evacuation;
}

double leave_probability(const World& world, std::uint32_t p, std::uint32_t h, const EvacuationDef* terms) {
  const LeavingDef& leaving = world.scenario().leaving;
  const Persons& persons = world.persons;
  const Front& front = world.pockets[p].front;
  bool adult_man = false;
  double hunger = 0.0;
  std::int64_t members = 0;
  for (std::uint32_t i = world.households.first_person[h]; i < world.households.first_person[h + 1]; ++i) {
    if (persons.status[i] != Status::kInside) continue;
    ++members;
    adult_man = adult_man || (persons.age_band[i] == AgeBand::kAdult && persons.sex[i] == Sex::kMale);
    hunger += 1.0 - static_cast<double>(persons.reserve_share[i]);
  }
  if (members == 0) return 0.0;
  // While the siege goes on (a pause, a transfer under a ceasefire) leaving escapes the hunger. Once
  // a surrender lifts it, those who stay are fed too and keep their homes, and leaving means
  // displacement to the deal's destination: what still pushes out is the threat of staying (arrest,
  // conscription) and the ruin of the town.
  const bool siege_lifted = front.state == NegotiationState::kSurrender;
  double log_odds = leaving.base_log_odds +
                    (siege_lifted ? leaving.siege_lifted_log_odds
                                  : leaving.hunger_log_odds * hunger / static_cast<double>(members)) +
                    leaving.damage_log_odds * (1.0 - (front.health_care + front.bakeries + front.water) / 3.0);
  if (adult_man) {
    log_odds += leaving.adult_man_log_odds;
    if (terms && terms->conscription_after_days > 0) log_odds += leaving.conscription_log_odds;
  }
  if (terms && !terms->amnesty) log_odds += leaving.no_amnesty_log_odds;
  if (world.households.detained_relatives[h] > 0) log_odds += leaving.detained_relative_log_odds;
  return 1.0 / (1.0 + std::exp(-log_odds));
}

/// Moves the living members of household `h` out of pocket `p`: into their mirrored slots in the
/// destination, or out of the model.
void leave(World& world, std::uint32_t p, std::uint32_t h, Status how, bool to_destination) {
  Persons& persons = world.persons;
  Households& households = world.households;
  Pocket& pocket = world.pockets[p];
  const std::int64_t twin_slot = how == Status::kEvacuated && to_destination ? world.arrival_slot(p, h) : -1;
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
    if (persons.flags[i] & kFighter) ++pocket.front.fighters_evacuated_total;
    if (twin_slot < 0) continue;
    const std::uint32_t arrival = households.first_person[twin] + (i - households.first_person[h]);
    persons.status[arrival] = Status::kInside;
    persons.reserve_share[arrival] = persons.reserve_share[i];
    persons.adaptation[arrival] = persons.adaptation[i];
    persons.flags[arrival] = persons.flags[i];
    persons.support[arrival] = persons.support[i];
    world.add_resident(arrival);
    ++world.pockets[world.pocket_of(arrival)].today.arrived;
  }
  if (twin_slot >= 0) {
    households.food_person_days[twin] += households.food_person_days[h];
    households.hidden_food_person_days[twin] += households.hidden_food_person_days[h];
    households.cash_usd[twin] += households.cash_usd[h];
    households.assets_usd[twin] += households.assets_usd[h];
    // Remittances follow the family; a salary paid inside the pocket does not.
    households.income_sources[twin] = static_cast<std::uint8_t>(
        households.income_sources[twin] | (households.income_sources[h] & kRemittances));
    // The family takes its detained relatives with it; releases later find it there (detention).
    households.detained_relatives[twin] += households.detained_relatives[h];
    households.detained_relatives[h] = 0;
  }
  households.food_person_days[h] = 0.0f;
  households.hidden_food_person_days[h] = 0.0f;
  households.cash_usd[h] = 0.0f;
  households.assets_usd[h] = 0.0f;
}

namespace {

void departures(World& world, std::uint32_t p, const ConflictDef& conflict) {
  Agreement* agreement = current_agreement(world, p);
  if (!agreement || !agreement->has(Clause::kFreeMovement) || world.pockets[p].front.state != NegotiationState::kCeasefire) {
    return;
  }
  rng::Draws draws(world.key(), rng::Stream::kDepartures, p, static_cast<std::uint64_t>(world.day));
  if (!draws.bernoulli(world.scenario().besieger_of(p).movement_compliance)) {
    violate(world, *agreement, Party::kBesieger, Clause::kFreeMovement, "the crossings were kept shut");
    return;
  }
  const double share = conflict.departure_share_per_day;
  if (share <= 0.0) return;
  const World::HouseholdRange own = world.own_households(p);
  const std::int64_t before = world.pockets[p].front.departed_total;
  for (std::uint64_t h = own.first + draws.geometric(share); h < own.end; h += 1 + draws.geometric(share)) {
    leave(world, p, static_cast<std::uint32_t>(h), Status::kDeparted, false);
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
    const Front& front = world.pockets[p].front;
    if (front.state == NegotiationState::kSurrender) {
      evacuate(world, p, true);
    } else if (front.state == NegotiationState::kCeasefire && front.evacuation_agreement >= 0 &&
               front.agreement == front.evacuation_agreement) {
      evacuate(world, p, false);
    } else {
      pause_exits(world, p);
      departures(world, p, conflict);
    }
  }
}

}  // namespace siege::stages
