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
    // The bound where nobody is wasted: most spans, most days.
    const double unwasted_bound = biology.death_probability_bound(1.0f, disease_factor);
    // Only those near exhaustion face a high hazard, so each span of the block is thinned with the
    // bound of its own lowest reserve: a few starving residents do not make every neighbour a
    // candidate. Skips are memoryless, so starting afresh at each span keeps every slot a
    // candidate with its span's bound, independently.
    for (std::uint64_t span = block.begin; span < block.end; span += kMortalitySpan) {
      const std::uint64_t span_end = std::min<std::uint64_t>(span + kMortalitySpan, block.end);
      float lowest_reserve = 1.0f;
      for (std::uint64_t person = span; person < span_end; ++person) {
        const float reserve = persons.status[person] == Status::kInside ? persons.reserve_share[person] : 1.0f;
        lowest_reserve = std::min(lowest_reserve, reserve);
      }
      const double bound = lowest_reserve >= biology.wasting_hazard_below
                               ? unwasted_bound
                               : biology.death_probability_bound(lowest_reserve, disease_factor);
      if (bound <= 0.0) continue;
      for (std::uint64_t person = span + draws.geometric(bound); person < span_end;
           person += 1 + draws.geometric(bound)) {
        const double u = draws.uniform();
        if (persons.status[person] != Status::kInside) continue;
        const auto [baseline, wasting] = biology.hazards(persons.age_band[person], persons.flags[person],
                                                         persons.reserve_share[person]);
        // Infection kills the wasted more where water is gone: the extra counts as hunger's.
        const double hunger = wasting * disease_factor;
        const double disease = baseline * (disease_factor - 1.0);
        const double hazard = baseline + disease + hunger;
        const double accept = -std::expm1(-hazard) / bound;
        if (u >= accept) continue;
        // Given death, u / accept is uniform on (0, 1): it picks the cause by share of hazard.
        const double at = u / accept * hazard;
        const Cause cause = at < hunger ? Cause::kMalnutrition : at < hunger + disease ? Cause::kDiseaseOrInjury : Cause::kOther;
        deaths.push_back({static_cast<std::uint32_t>(person), cause});
      }
    }
  });

  for (std::size_t i = 0; i < blocks.size(); ++i) {
    for (const Death& death : block_deaths[i]) world.die(death.person, death.cause);
  }
  injuries(world);
}

}  // namespace siege::stages
