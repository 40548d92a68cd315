#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "scenario/load.hpp"

namespace siege::scenario {

Scenario scaled_to_persons(const Scenario& scenario, std::int64_t persons) {
  const std::int64_t original = scenario.persons();
  std::vector<TownDef*> towns;
  Scenario scaled = scenario;
  for (PocketDef& pocket : scaled.pockets) {
    for (TownDef& town : pocket.towns) towns.push_back(&town);
  }
  if (original <= 0 || persons < static_cast<std::int64_t>(towns.size())) {
    throw std::invalid_argument(fmt::format("cannot scale '{}' to {} persons: it has {} towns", scenario.name,
                                            persons, towns.size()));
  }
  const double factor = static_cast<double>(persons) / static_cast<double>(original);

  // Whole persons by largest remainder, so that the towns add up to exactly `persons`.
  std::vector<double> remainder(towns.size());
  std::int64_t placed = 0;
  for (std::size_t t = 0; t < towns.size(); ++t) {
    const double exact = static_cast<double>(towns[t]->population) * factor;
    const auto whole = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::floor(exact)));
    remainder[t] = exact - static_cast<double>(whole);
    towns[t]->population = whole;
    placed += whole;
  }
  std::vector<std::size_t> order(towns.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t k = 0; placed != persons; k = (k + 1) % order.size()) {
    TownDef& town = *towns[order[k]];
    if (placed < persons) {
      ++town.population;
      ++placed;
    } else if (town.population > 1) {
      --town.population;
      --placed;
    }
  }

  for (PocketDef& pocket : scaled.pockets) {
    if (pocket.population) {
      pocket.population = 0;
      for (const TownDef& town : pocket.towns) *pocket.population += town.population;
    }
    for (ProductionDef& source : pocket.production) source.person_days_per_day *= factor;
    pocket.smuggling.capacity_person_days_per_day *= factor;
    for (ChannelDef& channel : pocket.channels) channel.capacity_person_days_per_day *= factor;
    // Strikes kill by the density of people: more people on the same ground would be more deaths.
    pocket.area_km2 *= factor;
    pocket.aid.rations_per_truck_person_days *= factor;
    if (pocket.conflict) {
      auto& batch = pocket.conflict->evacuation.batch_persons_max;
      batch = std::max<std::int64_t>(pocket.conflict->evacuation.bus_seats, std::llround(static_cast<double>(batch) * factor));
    }
  }
  scaled.name = fmt::format("{} (scaled to {} persons)", scenario.name, persons);
  return scaled;
}

}  // namespace siege::scenario
