#include "world/network.hpp"

#include <algorithm>

#include "scenario/scenario.hpp"

namespace siege {

TieMatrix tie_matrix(std::span<const std::vector<std::uint32_t>> ties_of, double household_weight) {
  const auto n = static_cast<std::int32_t>(ties_of.size());
  std::vector<std::int32_t> outer(ties_of.size() + 1, 0);
  std::vector<std::int32_t> inner;
  std::vector<float> values;
  std::vector<std::pair<std::uint32_t, float>> row;
  for (std::size_t h = 0; h < ties_of.size(); ++h) {
    const std::vector<std::uint32_t>& ties = ties_of[h];
    row.clear();
    std::size_t others = 0;
    for (std::uint32_t k : ties) others += k != h;
    const double own = others == 0 ? 1.0 : household_weight;
    row.emplace_back(static_cast<std::uint32_t>(h), static_cast<float>(own));
    for (std::uint32_t k : ties) {
      if (k != h) row.emplace_back(k, static_cast<float>((1.0 - own) / static_cast<double>(others)));
    }
    std::sort(row.begin(), row.end());
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0 && row[i].first == row[i - 1].first) {
        values.back() += row[i].second;  // two ties to the same household count twice
        continue;
      }
      inner.push_back(static_cast<std::int32_t>(row[i].first));
      values.push_back(row[i].second);
    }
    outer[h + 1] = static_cast<std::int32_t>(inner.size());
  }
  return Eigen::Map<const TieMatrix>(n, n, static_cast<std::int32_t>(inner.size()), outer.data(), inner.data(),
                                     values.data());
}

TieMatrix draw_ties(const rng::RunKey& key, const OpinionDef& def, std::span<const TownHouseholds> towns) {
  std::size_t households = 0;
  for (const TownHouseholds& t : towns) households = std::max<std::size_t>(households, t.end);
  std::vector<std::vector<std::uint32_t>> ties_of(households);
  for (std::size_t t = 0; t < towns.size(); ++t) {
    const TownHouseholds& town = towns[t];
    const std::uint32_t in_town = town.end - town.first;
    const std::uint32_t elsewhere = (town.pocket_end - town.pocket_first) - in_town;
    const auto within = static_cast<std::uint32_t>(std::min<std::int64_t>(def.ties_within_town, in_town > 0 ? in_town - 1 : 0));
    for (std::uint32_t h = town.first; h < town.end; ++h) {
      // Keyed by town and place in it, so that one town's size leaves the others' ties as they were.
      rng::Draws draws(key, rng::Stream::kOpinionTies, (std::uint64_t{t} << 32) | (h - town.first), 0);
      std::vector<std::uint32_t>& ties = ties_of[h];
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
      if (elsewhere == 0 || def.ties_across_towns <= 0.0) continue;
      const std::uint64_t across = draws.poisson(def.ties_across_towns);
      for (std::uint64_t c = 0; c < across; ++c) {
        // A household of the pocket outside this town: count past the town's own range.
        auto k = town.pocket_first + static_cast<std::uint32_t>(draws.uniform() * elsewhere);
        k = std::min(k, town.pocket_first + elsewhere - 1);
        if (k >= town.first) k += in_town;
        ties.push_back(k);
      }
    }
  }
  return tie_matrix(ties_of, def.household_weight);
}

void SocialNetwork::resize(std::size_t households) {
  members.setZero(static_cast<Eigen::Index>(households), 2);
  around.setZero(static_cast<Eigen::Index>(households), 2);
  hunger.assign(households, 0.0f);
}

void SocialNetwork::spread(std::span<const Block> blocks) {
  for_each_block(blocks, [&](std::size_t, const Block& block) {
    const Eigen::Index n = block.end - block.begin;
    around.middleRows(block.begin, n).noalias() = ties.middleRows(block.begin, n) * members;
  });
}

}  // namespace siege
