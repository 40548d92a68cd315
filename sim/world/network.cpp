#include "world/network.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "scenario/scenario.hpp"

namespace siege {

void SocialNetwork::add_household(std::span<const std::uint32_t> ties) {
  const auto h = static_cast<std::uint32_t>(households());
  for (std::uint32_t k : ties) {
    if (k != h) tied.push_back(k);
  }
  if (tied.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("the social network has more than 2^32 ties; lower opinion.ties_within_town or "
                            "opinion.ties_across_towns");
  }
  first_tie.push_back(static_cast<std::uint32_t>(tied.size()));
  mean_support.push_back(kNobodyInside);
}

SocialNetwork network_of(std::span<const std::vector<std::uint32_t>> ties_of, double household_weight) {
  SocialNetwork network;
  network.household_weight = static_cast<float>(household_weight);
  for (const auto& ties : ties_of) network.add_household(ties);
  return network;
}

SocialNetwork draw_network(const rng::RunKey& key, const OpinionDef& def, std::span<const TownHouseholds> towns) {
  // Towns come in household order, so rows are appended household by household.
  SocialNetwork network;
  network.household_weight = static_cast<float>(def.household_weight);
  const std::size_t households = towns.empty() ? 0 : towns.back().end;
  network.first_tie.reserve(households + 1);
  network.mean_support.reserve(households);
  const double ties_per_household = static_cast<double>(std::max<std::int64_t>(def.ties_within_town, 0)) + 1.1 * def.ties_across_towns;
  network.tied.reserve(static_cast<std::size_t>(ties_per_household * static_cast<double>(households)) + 64);
  std::vector<std::uint32_t> ties;
  for (std::size_t t = 0; t < towns.size(); ++t) {
    const TownHouseholds& town = towns[t];
    const std::uint32_t in_town = town.end - town.first;
    const std::uint32_t elsewhere = (town.pocket_end - town.pocket_first) - in_town;
    const auto within = static_cast<std::uint32_t>(std::min<std::int64_t>(def.ties_within_town, in_town > 0 ? in_town - 1 : 0));
    for (std::uint32_t h = town.first; h < town.end; ++h) {
      // Keyed by town and place in it, so that one town's size leaves the other towns' ties within
      // their own town as they were (ties across towns depend on every town's size).
      rng::Draws draws(key, rng::Stream::kOpinionTies, (std::uint64_t{t} << 32) | (h - town.first), 0);
      ties.clear();
      if (within + 1 == in_town) {
        for (std::uint32_t k = town.first; k < town.end; ++k) {
          if (k != h) ties.push_back(k);
        }
      } else {
        while (ties.size() < within) {
          const auto k = town.first + static_cast<std::uint32_t>(draws.uniform() * in_town);
          if (k != h && k < town.end && std::find(ties.begin(), ties.end(), k) == ties.end()) ties.push_back(k);
        }
      }
      if (elsewhere > 0 && def.ties_across_towns > 0.0) {
        const std::uint64_t across = draws.poisson(def.ties_across_towns);
        for (std::uint64_t c = 0; c < across; ++c) {
          // A household of the pocket outside this town: count past the town's own range.
          auto k = town.pocket_first + static_cast<std::uint32_t>(draws.uniform() * elsewhere);
          k = std::min(k, town.pocket_first + elsewhere - 1);
          if (k >= town.first) k += in_town;
          ties.push_back(k);
        }
      }
      network.add_household(ties);
    }
  }
  return network;
}

}  // namespace siege
