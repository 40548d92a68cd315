#include "world/network.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "scenario/scenario.hpp"

namespace siege {

namespace {

/// Assembles the matrix row by row (household by household), without a list of lists in between.
class TieRows {
 public:
  TieRows(std::size_t households, double household_weight) : household_weight_(household_weight) {
    outer_.reserve(households + 1);
    outer_.push_back(0);
  }

  /// Appends the row of the next household, tied to `ties` (itself and duplicates are allowed).
  void add(std::span<const std::uint32_t> ties) {
    const auto h = static_cast<std::uint32_t>(outer_.size() - 1);
    std::size_t others = 0;
    for (std::uint32_t k : ties) others += k != h;
    const double own = others == 0 ? 1.0 : household_weight_;
    row_.clear();
    row_.emplace_back(h, static_cast<float>(own));
    for (std::uint32_t k : ties) {
      if (k != h) row_.emplace_back(k, static_cast<float>((1.0 - own) / static_cast<double>(others)));
    }
    std::sort(row_.begin(), row_.end());
    for (std::size_t i = 0; i < row_.size(); ++i) {
      if (i > 0 && row_[i].first == row_[i - 1].first) {
        values_.back() += row_[i].second;  // two ties to the same household count twice
        continue;
      }
      inner_.push_back(static_cast<std::int32_t>(row_[i].first));
      values_.push_back(row_[i].second);
    }
    if (inner_.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      throw std::length_error("the social network has more than 2^31 ties; lower opinion.ties_within_town or "
                              "opinion.ties_across_towns");
    }
    outer_.push_back(static_cast<std::int32_t>(inner_.size()));
  }

  TieMatrix finish() {
    const auto n = static_cast<Eigen::Index>(outer_.size() - 1);
    TieMatrix ties(n, n);
    ties.resizeNonZeros(static_cast<Eigen::Index>(inner_.size()));
    std::copy(outer_.begin(), outer_.end(), ties.outerIndexPtr());
    std::copy(inner_.begin(), inner_.end(), ties.innerIndexPtr());
    std::copy(values_.begin(), values_.end(), ties.valuePtr());
    return ties;
  }

 private:
  double household_weight_;
  std::vector<std::int32_t> outer_, inner_;
  std::vector<float> values_;
  std::vector<std::pair<std::uint32_t, float>> row_;
};

}  // namespace

TieMatrix tie_matrix(std::span<const std::vector<std::uint32_t>> ties_of, double household_weight) {
  TieRows rows(ties_of.size(), household_weight);
  for (const auto& ties : ties_of) rows.add(ties);
  return rows.finish();
}

TieMatrix draw_ties(const rng::RunKey& key, const OpinionDef& def, std::span<const TownHouseholds> towns) {
  // Towns come in household order, so rows are appended household by household.
  TieRows rows(towns.empty() ? 0 : towns.back().end, def.household_weight);
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
      rows.add(ties);
    }
  }
  return rows.finish();
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
