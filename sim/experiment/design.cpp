#include "experiment/design.hpp"

#include <Eigen/QR>

#include <cmath>
#include <numeric>
#include <stdexcept>

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
      Eigen::MatrixXd a(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k)), b = a;
      for (std::size_t j = 0; j < k; ++j) {
        rng::Draws draws(key, rng::Stream::kSweepDesign, j, 1);
        for (std::size_t i = 0; i < n; ++i) {
          a(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = draws.uniform();
          b(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = draws.uniform();
        }
      }
      const auto N = static_cast<Eigen::Index>(n);
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

SobolIndices sobol_indices(const std::vector<double>& f, std::size_t k) {
  SobolIndices out{std::vector<double>(k, 0.0), std::vector<double>(k, 0.0)};
  if (f.size() % (k + 2) != 0 || f.empty()) throw std::invalid_argument("outcomes do not fit a Saltelli design");
  const std::size_t n = f.size() / (k + 2);
  double mean = 0.0;
  for (std::size_t r = 0; r < 2 * n; ++r) mean += f[r];
  mean /= static_cast<double>(2 * n);
  double variance = 0.0;
  for (std::size_t r = 0; r < 2 * n; ++r) variance += (f[r] - mean) * (f[r] - mean);
  variance /= static_cast<double>(2 * n);
  if (variance <= 0.0) return out;
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0.0, total = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
      const double fa = f[r], fb = f[n + r], fab = f[(2 + i) * n + r];
      first += fb * (fab - fa);
      total += (fa - fab) * (fa - fab);
    }
    out.first_order[i] = first / static_cast<double>(n) / variance;
    out.total[i] = total / static_cast<double>(2 * n) / variance;
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
