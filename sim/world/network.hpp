#pragma once
// The social network of households over which residents' support for the release condition
// spreads: each household is tied to a few households of its town and now and then to one in
// another town of its pocket. The ties are a row-stochastic sparse matrix (Eigen); the opinion
// stage multiplies it with each household's mean support once a day.
#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <cstdint>
#include <span>
#include <vector>

#include "core/parallel.hpp"
#include "core/rng.hpp"

namespace siege {

struct OpinionDef;

/// Row h holds the weight household h gives to itself and to each household it is tied to; every
/// row adds up to 1.
using TieMatrix = Eigen::SparseMatrix<float, Eigen::RowMajor, std::int32_t>;
/// Two numbers per household: (support x present, present), where present is 1 when anyone of the
/// household is inside and 0 otherwise, so that empty households drop out of their ties' means.
using HouseholdPair = Eigen::Matrix<float, Eigen::Dynamic, 2, Eigen::RowMajor>;

/// The households of one town, and of the pocket the town belongs to (contiguous ranges).
struct TownHouseholds {
  std::uint32_t first = 0, end = 0;
  std::uint32_t pocket_first = 0, pocket_end = 0;
};

/// Draws the ties of every household: `ties_within_town` distinct others of its town (all of them
/// if the town is smaller), and Poisson(`ties_across_towns`) households elsewhere in its pocket.
/// `towns` must be in household order and cover every household.
/// Household h gives `household_weight` to itself and splits the rest evenly among its ties.
TieMatrix draw_ties(const rng::RunKey& key, const OpinionDef& def, std::span<const TownHouseholds> towns);

/// Builds the row-stochastic matrix from each household's list of ties (duplicates merge).
TieMatrix tie_matrix(std::span<const std::vector<std::uint32_t>> ties_of, double household_weight);

struct SocialNetwork {
  TieMatrix ties;
  HouseholdPair members;  ///< today's (mean support x present, present) of each household
  HouseholdPair around;   ///< ties x members
  std::vector<float> hunger;  ///< today's mean lost reserve share of each household's residents

  void resize(std::size_t households);
  /// around = ties x members for the households of `blocks`, in parallel. Each row is summed in
  /// the matrix's order, so the result never depends on the thread count.
  void spread(std::span<const Block> blocks);
  /// Weighted mean support of the residents around household h (its own and its ties'); `own` where
  /// no one around is inside.
  float around_mean(std::uint32_t h, float own) const {
    return around(h, 1) > 0.0f ? around(h, 0) / around(h, 1) : own;
  }
};

/// The Friedkin-Johnsen update of one person: a weight of `stubbornness` on their own prior, the
/// rest on the mean around them, kept within [0, 1] against rounding.
inline float friedkin_johnsen(float prior, float around, float stubbornness) {
  const float next = stubbornness * prior + (1.0f - stubbornness) * around;
  return next < 0.0f ? 0.0f : next > 1.0f ? 1.0f : next;
}

}  // namespace siege
