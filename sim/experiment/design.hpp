#pragma once
// Sweep designs in the unit cube, and the sensitivity of an outcome to each parameter.
#include <Eigen/Core>

#include <cstdint>
#include <vector>

#include "scenario/sweep.hpp"

namespace siege {

/// The design's points in [0, 1]^k, one row each, drawn from the counter-based generator keyed by
/// `seed`:
/// - grid: `samples` levels per parameter, ends included (one level: the middle), samples^k points;
/// - latin_hypercube: `samples` points, one in each of `samples` equal slices of every parameter;
/// - sobol: Saltelli's scheme with two independent N x k matrices A and B (N = `samples`): the
///   rows of A, then of B, then for each parameter i the rows of A with column i taken from B.
/// Throws std::invalid_argument if the design would exceed `max_points`.
Eigen::MatrixXd design_points(Design design, std::size_t parameters, std::int64_t samples, std::int64_t seed,
                              std::size_t max_points = 1'000'000);

/// First-order and total Sobol indices from outcomes on a sobol design (f in the design's row
/// order): S_i = mean(f_B (f_ABi - f_A)) / V (Saltelli 2010) and ST_i = mean((f_A - f_ABi)^2) / (2 V)
/// (Jansen 1999), V the variance of f over A and B. Zero when f does not vary.
struct SobolIndices {
  std::vector<double> first_order, total;
};
SobolIndices sobol_indices(const std::vector<double>& f, std::size_t parameters);

/// Standardized regression coefficients: the least-squares slopes of the standardized outcome on
/// the standardized parameters (columns of `x`). Zero for a parameter or outcome that does not vary.
std::vector<double> standardized_regression(const Eigen::MatrixXd& x, const std::vector<double>& f);

}  // namespace siege
