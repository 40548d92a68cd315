#pragma once
// Sweep designs in the unit cube, and the sensitivity of an outcome to each parameter.
#include <Eigen/Core>

#include <cstdint>
#include <vector>

#include "scenario/sweep.hpp"

namespace siege {

/// The design's points in [0, 1]^k, one row each:
/// - grid: `samples` levels per parameter, ends included (one level: the middle), samples^k points;
/// - latin_hypercube: `samples` points, one in each of `samples` equal slices of every parameter,
///   drawn from the counter-based generator keyed by `seed`;
/// - sobol: Saltelli's scheme (Saltelli 2002; Saltelli et al. 2010) on the Sobol' sequence, N =
///   `samples`: the rows of A, then of B, then for each parameter i the rows of A with column i
///   taken from B (AB_i). A and B are the first and the last k coordinates of the same N points of
///   the 2k-dimensional Sobol' sequence (Boost.Random's `sobol`: Gray-code order, the direction
///   numbers of Joe & Kuo 2008, new-joe-kuo-6.21201), so the design uses no random numbers and
///   ignores `seed`; its points lie in [0, 1). Counting the all-zero point as point 0, the design
///   takes points S to S + N - 1 with S = sobol_skip(N) = max(16, the least power of two >= N):
///   the default `skip_values` of SALib 1.4's `saltelli.sample`, after Owen (2020, "On dropping the
///   first Sobol' point", arXiv:2008.08051): a block that starts at a power of two at least N is,
///   for N a power of two, a digitally shifted copy of the first N points and keeps their balance,
///   where dropping the zero point alone does not; keeping the zero point would put a run at every
///   parameter's minimum with A and B equal there. SALib 1.4's `saltelli.sample(problem, N,
///   calc_second_order=False)` and 1.5's `sobol.sample(..., scramble=False, skip_values=S)` give
///   the same points, with each base row's A, AB_1..AB_k, B next to each other.
/// Throws std::invalid_argument if the design would exceed `max_points` (or, for sobol, the
/// sequence's 3,667 dimensions, that is more than 1,833 parameters).
Eigen::MatrixXd design_points(Design design, std::size_t parameters, std::int64_t samples, std::int64_t seed,
                              std::size_t max_points = 1'000'000);

/// The first point of the Sobol' sequence a sobol design of `samples` base points takes, counting
/// the all-zero point as point 0 (see design_points).
std::uint64_t sobol_skip(std::int64_t samples);

/// Points `first` to `first + count - 1` of the `dimensions`-dimensional Sobol' sequence (Boost.Random,
/// Joe & Kuo 2008 directions, Gray-code order; point 0 is all zeros), one row each, in [0, 1).
/// Throws std::invalid_argument beyond the sequence's 3,667 dimensions.
Eigen::MatrixXd sobol_points(std::size_t dimensions, std::uint64_t first, std::size_t count);

/// Bootstrap resamples behind the confidence intervals of Sobol indices (SALib's default is 100;
/// 1,000 makes the interval's own Monte Carlo error about 2 % of its width).
inline constexpr std::size_t kBootstrapResamples = 1000;
/// Confidence level of those intervals.
inline constexpr double kSobolConfidence = 0.95;

/// First-order and total Sobol indices from outcomes on a sobol design (f in the design's row
/// order, N base rows), the estimators SALib's `sobol.analyze` uses, so that its users read the same
/// numbers: S_i = mean((f_B - c)(f_ABi - f_A)) / V (Saltelli et al. 2010) and ST_i =
/// mean((f_A - f_ABi)^2) / (2 V) (Jansen 1999), V the variance of f over the rows of A and B
/// (divided by 2N) and c the mean of f over every row of the design (SALib centres f so before it
/// estimates; S_i depends on it, ST_i does not). Zero when f does not vary over A and B.
///
/// Confidence intervals as SALib gives them (S1_conf, ST_conf): `resamples` bootstrap resamples of
/// the N base rows, drawn with replacement, the same rows of A, B and every AB_i (c kept, V
/// recomputed); the interval is the estimate +- z sd, sd the standard deviation of the resampled
/// estimates (over resamples - 1, as SALib's ddof=1) and z the standard normal quantile at
/// (1 + kSobolConfidence) / 2, 1.96 (Boost.Math). The fields `*_conf` hold the half-width z sd:
/// the interval is symmetric by this definition, and the name and meaning are SALib's. Resample b
/// draws its rows from `rng::Stream::kSensitivityBootstrap` keyed by (`seed`, run 0), entity
/// `entity`, day b, so the intervals are deterministic and the same at any thread count (the
/// resamples run in parallel, each into its own slot). A resample whose rows of A and B do not vary
/// counts 0 (SALib's would be undefined); NaN half-widths with fewer than 2 resamples.
struct SobolIndices {
  std::vector<double> first_order, total;
  std::vector<double> first_order_conf, total_conf;  ///< half-widths of the intervals
};
SobolIndices sobol_indices(const std::vector<double>& f, std::size_t parameters, std::uint64_t seed = 0,
                           std::uint64_t entity = 0, std::size_t resamples = kBootstrapResamples);

/// Standardized regression coefficients: the least-squares slopes of the standardized outcome on
/// the standardized parameters (columns of `x`). Zero for a parameter or outcome that does not vary.
std::vector<double> standardized_regression(const Eigen::MatrixXd& x, const std::vector<double>& f);

}  // namespace siege
