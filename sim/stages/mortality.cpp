// Mortality: each living person dies today with probability 1 - exp(-(baseline + hunger hazard)).
// Drawing a number per person per day would dominate the run time, so deaths are sampled by
// thinning: candidates are picked at a rate that bounds everyone's probability (geometric skips
// through each block of persons), and a candidate dies with probability own / bound. The result
// has exactly the per-person probabilities, and the candidates depend only on the seed, run, block
// and day, so two policy arms share them. Baseline deaths rise with disease where the water supply
// is damaged; the injured are treated apart (see injuries()).
#include <cmath>
#include <vector>

#include "stages/stages.hpp"

namespace siege::stages {
namespace {

struct Death {
  std::uint32_t person;
  Cause cause;
};

/// The injured die of their wounds at a rate that health care lowers, or recover at a rate it
/// raises. Few persons are injured at a time, so each is drawn for, in the order they were hurt.
void injuries(World& world) {
  const Biology& biology = world.biology();
  Persons& persons = world.persons;
  std::size_t kept = 0;
  for (std::uint32_t person : world.injured) {
    if (persons.status[person] != Status::kInside || !(persons.flags[person] & kInjured)) continue;
    const Front& front = world.pockets[world.pocket_of(person)].front;
    rng::Draws draws(world.key(), rng::Stream::kInjuries, person, static_cast<std::uint64_t>(world.day));
    const double death = -std::expm1(-biology.injury_death_per_day * (1.0 - biology.injury_care_effect * front.health_care));
    const double u = draws.uniform();
    if (u < death) {
      world.die(person, Cause::kDiseaseOrInjury);
      continue;
    }
    if (draws.bernoulli(biology.injury_recovery_per_day * std::max(0.25, front.health_care))) {
      persons.flags[person] &= static_cast<std::uint8_t>(~kInjured);
      --world.pockets[world.pocket_of(person)].front.injured;
      continue;
    }
    world.injured[kept++] = person;
  }
  world.injured.resize(kept);
}

}  // namespace

void mortality(World& world) {
  const Biology& biology = world.biology();
  const double bound = biology.death_probability_bound;
  if (bound <= 0.0) {
    injuries(world);
    return;
  }
  const std::span<const Block> blocks = world.person_blocks;
  Persons& persons = world.persons;
  std::vector<std::vector<Death>> block_deaths(blocks.size());

  for_each_block(blocks, world.person_affinity, [&](std::size_t i, const Block& block) {
    // Keyed by town and block within the town, so a change to one town's size leaves every other
    // town's numbers as they were.
    const std::uint64_t block_in_town = (block.begin - world.towns[block.town].first_person) / kPersonBlock;
    rng::Draws draws(world.key(), rng::Stream::kMortality, (std::uint64_t{block.town} << 32) | block_in_town,
                     static_cast<std::uint64_t>(world.day));
    const double disease_factor = biology.disease_factor(world.pockets[block.pocket].front.water);
    std::vector<Death>& deaths = block_deaths[i];
    for (std::uint64_t person = block.begin + draws.geometric(bound); person < block.end;
         person += 1 + draws.geometric(bound)) {
      const double u = draws.uniform();
      if (persons.status[person] != Status::kInside) continue;
      const auto [baseline, hunger] = biology.hazards(persons.age_band[person], persons.reserve_days[person]);
      const double disease = baseline * (disease_factor - 1.0);
      const double hazard = baseline + disease + hunger;
      const double accept = -std::expm1(-hazard) / bound;
      if (u >= accept) continue;
      // Given death, u / accept is uniform on (0, 1): it picks the cause by share of hazard.
      const double at = u / accept * hazard;
      const Cause cause = at < hunger ? Cause::kMalnutrition : at < hunger + disease ? Cause::kDiseaseOrInjury : Cause::kOther;
      deaths.push_back({static_cast<std::uint32_t>(person), cause});
    }
  });

  for (std::size_t i = 0; i < blocks.size(); ++i) {
    for (const Death& death : block_deaths[i]) world.die(death.person, death.cause);
  }
  injuries(world);
}

}  // namespace siege::stages
