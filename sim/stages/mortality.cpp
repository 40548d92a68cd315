// Mortality: each living person dies today with probability 1 - exp(-(baseline + hunger hazard)).
// Drawing a number per person per day would dominate the run time, so deaths are sampled by
// thinning: candidates are picked at a rate that bounds everyone's probability (geometric skips
// through each block of persons), and a candidate dies with probability own / bound. The result
// has exactly the per-person probabilities, and the candidates depend only on the seed, run, block
// and day, so two policy arms share them.
#include <cmath>
#include <vector>

#include "stages/stages.hpp"

namespace siege::stages {
namespace {

struct Death {
  std::uint32_t person;
  Cause cause;
};

}  // namespace

void mortality(World& world) {
  const Biology& biology = world.biology();
  const double bound = biology.death_probability_bound;
  if (bound <= 0.0) return;
  const std::span<const Block> blocks = world.person_blocks;
  Persons& persons = world.persons;
  std::vector<std::vector<Death>> block_deaths(blocks.size());

  for_each_block(blocks, [&](std::size_t i, const Block& block) {
    // Keyed by town and block within the town, so a change to one town's size leaves every other
    // town's numbers as they were.
    const std::uint64_t block_in_town = (block.begin - world.towns[block.town].first_person) / kPersonBlock;
    rng::Draws draws(world.key(), rng::Stream::kMortality, (std::uint64_t{block.town} << 32) | block_in_town,
                     static_cast<std::uint64_t>(world.day));
    std::vector<Death>& deaths = block_deaths[i];
    for (std::uint64_t person = block.begin + draws.geometric(bound); person < block.end;
         person += 1 + draws.geometric(bound)) {
      const double u = draws.uniform();
      if (persons.status[person] != Status::kInside) continue;
      const auto [baseline, hunger] = biology.hazards(persons.age_band[person], persons.reserve_days[person]);
      const double hazard = baseline + hunger;
      const double accept = -std::expm1(-hazard) / bound;
      if (u >= accept) continue;
      // Given death, u / accept is uniform on (0, 1): it picks the cause by share of hazard.
      const Cause cause = u / accept * hazard < hunger ? Cause::kMalnutrition : Cause::kOther;
      deaths.push_back({static_cast<std::uint32_t>(person), cause});
    }
  });

  for (std::size_t i = 0; i < blocks.size(); ++i) {
    for (const Death& death : block_deaths[i]) {
      persons.status[death.person] = Status::kDead;
      persons.cause[death.person] = death.cause;
      Pocket& pocket = world.pockets[blocks[i].pocket];
      ++pocket.today.deaths[cause_index(death.cause)];
      --pocket.alive;
      --world.towns[blocks[i].town].alive;
    }
  }
}

}  // namespace siege::stages
