#include "experiment/design.hpp"

#include <Eigen/QR>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/sobol.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "core/parallel.hpp"
#include "core/rng.hpp"

namespace siege {

Eigen::MatrixXd design_points(Design design, std::size_t k, std::int64_t samples, std::int64_t seed,
                              std::size_t max_points) {
  const rng::RunKey key{static_cast<std::uint64_t>(seed), 0};
  const auto n = static_cast<std::size_t>(samples);
  switch (design) {
    case Design::kGrid: {
      double total = std::pow(static_cast<double>(n), static_cast<double>(k));
      if (total > static_cast<double>(max_points)) {
        throw std::invalid_argument("a grid of " + std::to_string(n) + " levels over " + std::to_string(k) +
                                    " parameters has more than " + std::to_string(max_points) + " points");
      }
      const auto rows = static_cast<std::size_t>(total);
      Eigen::MatrixXd points(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(k));
      for (std::size_t r = 0; r < rows; ++r) {
        std::size_t rest = r;
        for (std::size_t j = k; j-- > 0;) {  // the last parameter varies fastest
          const std::size_t level = rest % n;
          rest /= n;
          points(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) =
              n == 1 ? 0.5 : static_cast<double>(level) / static_cast<double>(n - 1);
        }
      }
      return points;
    }
    case Design::kLatinHypercube: {
      if (n > max_points) throw std::invalid_argument("the hypercube has more than the allowed points");
      Eigen::MatrixXd points(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k));
      for (std::size_t j = 0; j < k; ++j) {
        rng::Draws draws(key, rng::Stream::kSweepDesign, j, 0);
        std::vector<std::size_t> slice(n);
        std::iota(slice.begin(), slice.end(), std::size_t{0});
        for (std::size_t i = n; i-- > 1;) {  // Fisher-Yates
          const auto pick = std::min(i, static_cast<std::size_t>(draws.uniform() * static_cast<double>(i + 1)));
          std::swap(slice[i], slice[pick]);
        }
        for (std::size_t i = 0; i < n; ++i) {
          points(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
              (static_cast<double>(slice[i]) + draws.uniform()) / static_cast<double>(n);
        }
      }
      return points;
    }
    case Design::kSobol: {
      if (n * (k + 2) > max_points) throw std::invalid_argument("the Saltelli design has more than the allowed points");
      // A from the first k coordinates of each point, B from the last k.
      const auto N = static_cast<Eigen::Index>(n);
      const Eigen::MatrixXd base = sobol_points(2 * k, sobol_skip(samples), n);
      const Eigen::MatrixXd a = base.leftCols(static_cast<Eigen::Index>(k));
      const Eigen::MatrixXd b = base.rightCols(static_cast<Eigen::Index>(k));
      Eigen::MatrixXd points(N * static_cast<Eigen::Index>(k + 2), static_cast<Eigen::Index>(k));
      points.topRows(N) = a;
      points.middleRows(N, N) = b;
      for (std::size_t i = 0; i < k; ++i) {
        auto block = points.middleRows(N * static_cast<Eigen::Index>(2 + i), N);
        block = a;
        block.col(static_cast<Eigen::Index>(i)) = b.col(static_cast<Eigen::Index>(i));
      }
      return points;
    }
  }
  throw std::invalid_argument("unknown design");
}

Eigen::MatrixXd sobol_points(std::size_t dimensions, std::uint64_t first, std::size_t count) {
  if (dimensions > boost::random::default_sobol_table::max_dimension) {
    throw std::invalid_argument(fmt::format("the Sobol' sequence has {} dimensions, not {} (a sobol design takes at "
                                            "most {} parameters)",
                                            boost::random::default_sobol_table::max_dimension, dimensions,
                                            boost::random::default_sobol_table::max_dimension / 2));
  }
  Eigen::MatrixXd points =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dimensions));
  if (dimensions == 0 || count == 0) return points;
  // Boost's sequence starts after the zero point.
  boost::random::sobol sequence(dimensions);
  if (first > 1) sequence.discard((first - 1) * dimensions);
  for (auto i = static_cast<Eigen::Index>(first == 0 ? 1 : 0); i < points.rows(); ++i) {
    for (Eigen::Index j = 0; j < points.cols(); ++j) {
      // The top 53 of the 64 bits: exact for the first 2^53 points, and never 1.
      points(i, j) = static_cast<double>(sequence() >> 11) * 0x1.0p-53;
    }
  }
  return points;
}

std::uint64_t sobol_skip(std::int64_t samples) {
  std::uint64_t skip = 16;
  while (skip < static_cast<std::uint64_t>(samples)) skip *= 2;
  return skip;
}

namespace {

/// The estimators of sobol_indices over the base rows `rows` of a design with n base rows (all of
/// them, or a bootstrap resample), f centred at `center`: k first-order indices into `first` and k
/// total indices into `total`; zeros when f is the same on every row of A and B taken.
void sobol_estimates(const std::vector<double>& f, std::size_t n, std::size_t k, double center,
                     const std::vector<std::size_t>& rows, double* first, double* total) {
  const auto count = static_cast<double>(rows.size());
  double mean = 0.0, low = f[rows.front()], high = low;
  for (std::size_t r : rows) {
    mean += f[r] + f[n + r];
    low = std::min({low, f[r], f[n + r]});
    high = std::max({high, f[r], f[n + r]});
  }
  mean /= 2.0 * count;
  double variance = 0.0;
  for (std::size_t r : rows) variance += (f[r] - mean) * (f[r] - mean) + (f[n + r] - mean) * (f[n + r] - mean);
  variance /= 2.0 * count;
  // (Equal values could leave a variance made of rounding errors.)
  if (!(high > low) || variance <= 0.0) {
    std::fill(first, first + k, 0.0);
    std::fill(total, total + k, 0.0);
    return;
  }
  for (std::size_t i = 0; i < k; ++i) {
    const double* ab = f.data() + (2 + i) * n;
    double first_sum = 0.0, total_sum = 0.0;
    for (std::size_t r : rows) {
      const double fa = f[r], fb = f[n + r], fab = ab[r];
      first_sum += (fb - center) * (fab - fa);
      total_sum += (fa - fab) * (fa - fab);
    }
    first[i] = first_sum / count / variance;
    total[i] = total_sum / (2.0 * count) / variance;
  }
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& f, std::size_t k, std::uint64_t seed, std::uint64_t entity,
                           std::size_t resamples) {
  if (f.size() % (k + 2) != 0 || f.empty()) throw std::invalid_argument("outcomes do not fit a Saltelli design");
  const std::size_t n = f.size() / (k + 2);
  SobolIndices out{std::vector<double>(k), std::vector<double>(k), std::vector<double>(k), std::vector<double>(k)};
  // SALib centres f on its mean over the whole design before it estimates (and keeps that centre in
  // its resamples): the first-order estimator depends on the centre, the total one does not.
  const double center = std::accumulate(f.begin(), f.end(), 0.0) / static_cast<double>(f.size());
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), std::size_t{0});
  sobol_estimates(f, n, k, center, all, out.first_order.data(), out.total.data());
  if (resamples < 2) {
    out.first_order_conf.assign(k, std::numeric_limits<double>::quiet_NaN());
    out.total_conf.assign(k, std::numeric_limits<double>::quiet_NaN());
    return out;
  }
  // Each resample draws its own rows from its own counter and writes its own slots.
  std::vector<double> first(resamples * k), total(resamples * k);
  for_each_index(resamples, [&](std::size_t b) {
    rng::Draws draws(rng::RunKey{seed, 0}, rng::Stream::kSensitivityBootstrap, entity, b);
    std::vector<std::size_t> rows(n);
    for (auto& r : rows) r = std::min(n - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(n)));
    sobol_estimates(f, n, k, center, rows, first.data() + b * k, total.data() + b * k);
  });
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + kSobolConfidence / 2.0);
  const auto half_width = [&](const std::vector<double>& estimates, std::size_t i) {
    double mean = 0.0;
    for (std::size_t b = 0; b < resamples; ++b) mean += estimates[b * k + i];
    mean /= static_cast<double>(resamples);
    double squares = 0.0;
    for (std::size_t b = 0; b < resamples; ++b) {
      squares += (estimates[b * k + i] - mean) * (estimates[b * k + i] - mean);
    }
    return z * std::sqrt(squares / static_cast<double>(resamples - 1));
  };
  for (std::size_t i = 0; i < k; ++i) {
    out.first_order_conf[i] = half_width(first, i);
    out.total_conf[i] = half_width(total, i);
  }
  return out;
}

std::vector<double> standardized_regression(const Eigen::MatrixXd& x, const std::vector<double>& f) {
  const Eigen::Index rows = x.rows(), k = x.cols();
  std::vector<double> out(static_cast<std::size_t>(k), 0.0);
  if (rows < 2 || static_cast<std::size_t>(rows) != f.size()) return out;
  const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(f.data(), rows);
  const double y_sd = std::sqrt((y.array() - y.mean()).square().sum() / static_cast<double>(rows - 1));
  if (y_sd <= 0.0) return out;
  Eigen::MatrixXd z(rows, k);
  std::vector<bool> varies(static_cast<std::size_t>(k), false);
  for (Eigen::Index j = 0; j < k; ++j) {
    const double m = x.col(j).mean();
    const double sd = std::sqrt((x.col(j).array() - m).square().sum() / static_cast<double>(rows - 1));
    varies[static_cast<std::size_t>(j)] = sd > 0.0;
    z.col(j) = sd > 0.0 ? Eigen::VectorXd((x.col(j).array() - m) / sd) : Eigen::VectorXd::Zero(rows);
  }
  const Eigen::VectorXd zy = (y.array() - y.mean()) / y_sd;
  const Eigen::VectorXd beta = z.colPivHouseholderQr().solve(zy);
  for (Eigen::Index j = 0; j < k; ++j) {
    if (varies[static_cast<std::size_t>(j)]) out[static_cast<std::size_t>(j)] = beta(j);
  }
  return out;
}

}  // namespace siege
