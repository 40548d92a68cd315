// Bombardment: the besieger's strikes of the day, by negotiation state (most in escalations and in
// the pauses between rounds, fewest under a monitored ceasefire). Each strike lands on a town chosen
// by weight (fighters count more than civilians), kills and injures whoever is in the slots it
// hits, and damages health care, bakeries and water. Under a ceasefire a strike is a violation, and
// the pocket's fighters may retaliate, or a faction fire unprovoked, a violation of their own, as
// far as the committee does not hold them back. Infrastructure is repaired a little every day.
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "stages/agreements.hpp"
#include "stages/bargaining.hpp"
#include "stages/stages.hpp"

namespace siege::stages {
namespace {

double strikes_by_state(const BesiegerDef& besieger, const Front& front) {
  switch (front.state) {
    case NegotiationState::kSiege: return besieger.strikes_per_day_siege;
    case NegotiationState::kTalks: return besieger.strikes_per_day_talks;
    case NegotiationState::kCeasefire:
      return besieger.strikes_per_day_ceasefire * (front.monitored ? besieger.monitored_strike_factor : 1.0);
    case NegotiationState::kEscalation: return besieger.strikes_per_day_escalation;
    case NegotiationState::kSurrender: return besieger.strikes_per_day_surrender;
    case NegotiationState::kEnded:
    case NegotiationState::kUnbesieged: break;
  }
  return 0.0;
}

/// A dated offensive sets the intensity whatever the talks; a dated pause scales it down.
double strikes_per_day(const BesiegerDef& besieger, const Front& front) {
  const double rate = front.offensive_strikes_per_day >= 0.0 ? front.offensive_strikes_per_day
                                                               : strikes_by_state(besieger, front);
  return rate * front.pause_strike_factor;
}

/// Casualties per strike scale with the density of people where strikes fall: a strike's lethal
/// area holds more people where the living are crowded on less ground.
double density_factor(const Pocket& pocket, const PocketDef& def, const BesiegerDef& besieger) {
  const double area_km2 = def.area_km2 * pocket.front.territory_held;
  return static_cast<double>(pocket.alive) / area_km2 / besieger.reference_density_per_km2;
}

/// Targeting weight of each town of the pocket: its residents, with fighters counted heavier.
std::vector<double> town_weights(const World& world, const Pocket& pocket, double fighter_weight) {
  std::vector<double> weights;
  for (std::uint32_t t = pocket.first_town; t < pocket.end_town; ++t) {
    const Town& town = world.towns[t];
    weights.push_back(static_cast<double>(town.alive) + (fighter_weight - 1.0) * static_cast<double>(town.fighters));
  }
  return weights;
}

void hit(World& world, std::uint32_t p, std::uint32_t person, bool killed) {
  Persons& persons = world.persons;
  if (persons.status[person] != Status::kInside) return;  // the slot is empty: nobody there
  Pocket& pocket = world.pockets[p];
  if (!killed) {
    if (persons.flags[person] & kInjured) return;
    persons.flags[person] |= kInjured;
    world.injured.push_back(person);
    ++pocket.today.injured_new;
    ++pocket.front.injured;
    return;
  }
  world.die(person, Cause::kBombardment);
}

void repair(Front& front, const InfrastructureDef& def) {
  // Damage is repaired towards the level the pocket started with, not beyond it.
  front.health_care += def.repair_share_per_day * std::max(0.0, def.health_care - front.health_care);
  front.bakeries += def.repair_share_per_day * std::max(0.0, def.bakeries - front.bakeries);
  front.water += def.repair_share_per_day * std::max(0.0, def.water - front.water);
}

}  // namespace

void bombardment(World& world) {
  const Scenario& scenario = world.scenario();
  for (std::uint32_t p = 0; p < world.pockets.size(); ++p) {
    Pocket& pocket = world.pockets[p];
    Front& front = pocket.front;
    if (!scenario.pockets[p].conflict) continue;
    const BesiegerDef& besieger = scenario.besieger_of(p);
    const ConflictDef& conflict = *scenario.pockets[p].conflict;
    repair(front, conflict.infrastructure);
    rng::Draws draws(world.key(), rng::Stream::kStrikes, p, static_cast<std::uint64_t>(world.day));
    const auto strikes = static_cast<std::int64_t>(draws.poisson(strikes_per_day(besieger, front)));
    pocket.today.strikes = strikes;
    if (strikes > 0 && pocket.alive > 0) {
      const std::vector<double> weights = town_weights(world, pocket, besieger.fighter_target_weight);
      const double density = density_factor(pocket, scenario.pockets[p], besieger);
      double total = 0.0;
      for (double w : weights) total += w;
      for (std::int64_t s = 0; s < strikes && total > 0.0; ++s) {
        // Each strike of the day draws from its own sequence, so that two policy arms with a
        // different number of strikes still place and weigh their first strikes alike.
        rng::Draws strike(world.key(), rng::Stream::kStrikeTargets, (std::uint64_t{p} << 32) | static_cast<std::uint64_t>(s),
                          static_cast<std::uint64_t>(world.day));
        double pick = strike.uniform() * total;
        std::size_t t = 0;
        while (t + 1 < weights.size() && pick >= weights[t]) pick -= weights[t++];
        Town& town = world.towns[pocket.first_town + t];
        ++town.strikes_today;
        const std::uint32_t slots = town.end_person - town.first_person;
        const auto killed = strike.poisson(besieger.killed_per_strike * density);
        const auto injured = strike.poisson(besieger.injured_per_strike * density);
        for (std::uint64_t k = 0; k < killed + injured; ++k) {
          const auto slot = static_cast<std::uint32_t>(strike.uniform() * slots);
          hit(world, p, town.first_person + std::min(slot, slots - 1), k < killed);
        }
        const double kept = 1.0 - conflict.infrastructure.damage_per_strike;
        front.health_care *= kept;
        front.bakeries *= kept;
        front.water *= kept;
      }
    }
    Agreement* agreement = current_agreement(world, p);
    if (!agreement || !agreement->has(Clause::kCessation) || front.state != NegotiationState::kCeasefire) continue;
    // The pocket's answer has its own sequence too, whatever the number of strikes.
    rng::Draws answer(world.key(), rng::Stream::kStrikeTargets, (std::uint64_t{p} << 32) | 0xFFFFFFFFu,
                      static_cast<std::uint64_t>(world.day));
    // The committee holds its men back as far as the truce spares lives; monitors deter the
    // unprovoked shot as they deter the besieger's strikes.
    const double unrestrained =
        committee_unrestrained_share(conflict.committee, agreement->death_rate_at_signing, front.recent_death_rate);
    const double monitored = front.monitored ? besieger.monitored_strike_factor : 1.0;
    const bool retaliation = answer.uniform() < conflict.forces.retaliation_probability * unrestrained && strikes > 0;
    const bool unprovoked = answer.bernoulli(besieger.pocket_violation_per_day * unrestrained * monitored);
    if (strikes > 0) {
      violate(world, *agreement, Party::kBesieger, Clause::kCessation,
              fmt::format("{} strike{} on {} during the ceasefire", strikes, strikes == 1 ? "" : "s",
                          scenario.pockets[p].name));
    }
    // The agreement may have collapsed with the besieger's violation; the pocket's answer still counts.
    if ((retaliation || unprovoked) && agreement->status != AgreementStatus::kCollapsed) {
      violate(world, *agreement, Party::kPocket, Clause::kCessation,
              retaliation ? "fighters fired rockets in retaliation for the strikes" : "a faction opened fire");
    }
  }
}

}  // namespace siege::stages
