#pragma once
// The social network of households over which residents' support for the release condition
// spreads: each household is tied to a few households of its town and now and then to one in
// another town of its pocket. A household listens with `household_weight` to its own residents
// and splits the rest evenly among its ties (a household drawn twice counts twice), over those
// ties with anyone inside. The weights follow from the number of ties, so only the ties are
// stored: one 32-bit index each, row after row.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "core/rng.hpp"

namespace siege {

struct OpinionDef;

/// The households of one town, and of the pocket the town belongs to (contiguous ranges).
struct TownHouseholds {
  std::uint32_t first = 0, end = 0;
  std::uint32_t pocket_first = 0, pocket_end = 0;
};

struct SocialNetwork {
  /// Household h is tied to tied[first_tie[h]], ..., tied[first_tie[h + 1] - 1].
  std::vector<std::uint32_t> first_tie = {0};
  std::vector<std::uint32_t> tied;
  float household_weight = 0.5f;
  /// Today's mean support of each household's residents, or kNobodyInside.
  std::vector<float> mean_support;
  static constexpr float kNobodyInside = -1.0f;

  std::size_t households() const { return first_tie.size() - 1; }
  /// Appends the row of the next household, tied to `ties` (itself is left out).
  void add_household(std::span<const std::uint32_t> ties);
  /// Weighted mean support around household h, whose own residents' mean is `own`: its own weight
  /// and that of each tie with anyone inside, normalised over those; `own` if it has no ties.
  float around_mean(std::uint32_t h, float own) const {
    const std::uint32_t begin = first_tie[h], end = first_tie[h + 1];
    if (begin == end) return own;
    float sum = 0.0f;
    std::uint32_t present = 0;
    for (std::uint32_t k = begin; k < end; ++k) {
      const float mean = mean_support[tied[k]];
      sum += std::max(mean, 0.0f);  // kNobodyInside adds nothing
      present += mean >= 0.0f;
    }
    const float tie_weight = (1.0f - household_weight) / static_cast<float>(end - begin);
    const float weight = household_weight + tie_weight * static_cast<float>(present);
    return weight > 0.0f ? (household_weight * own + tie_weight * sum) / weight : own;
  }
};

/// A network from each household's list of ties.
SocialNetwork network_of(std::span<const std::vector<std::uint32_t>> ties_of, double household_weight);

/// Draws the ties of every household: `ties_within_town` distinct others of its town (all of them
/// if the town is smaller), and Poisson(`ties_across_towns`) households elsewhere in its pocket.
/// `towns` must be in household order and cover every household.
SocialNetwork draw_network(const rng::RunKey& key, const OpinionDef& def, std::span<const TownHouseholds> towns);

/// The Friedkin-Johnsen update of one person: a weight of `stubbornness` on their own prior, the
/// rest on the mean around them, kept within [0, 1] against rounding.
inline float friedkin_johnsen(float prior, float around, float stubbornness) {
  const float next = stubbornness * prior + (1.0f - stubbornness) * around;
  return next < 0.0f ? 0.0f : next > 1.0f ? 1.0f : next;
}

}  // namespace siege
