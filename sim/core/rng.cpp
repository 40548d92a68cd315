#include "core/rng.hpp"

#include <array>
#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>

namespace siege::rng {
namespace {

constexpr std::size_t kLogFactorialTable = 256;

const std::array<double, kLogFactorialTable>& log_factorial_table() {
  static const auto table = [] {
    std::array<double, kLogFactorialTable> t{};
    double sum = 0.0;
    for (std::size_t k = 1; k < t.size(); ++k) {
      sum += std::log(static_cast<double>(k));
      t[k] = sum;
    }
    return t;
  }();
  return table;
}

}  // namespace

double log_factorial(std::uint64_t k) noexcept {
  if (k < kLogFactorialTable) return log_factorial_table()[k];
  // Stirling's series; beyond 256 the omitted terms are below 1e-17 relative.
  const double x = static_cast<double>(k) + 1.0;
  const double inv = 1.0 / x;
  const double inv2 = inv * inv;
  return (x - 0.5) * std::log(x) - x + 0.91893853320467274178 +
         inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0));
}

double Draws::exponential(double mean) noexcept { return -mean * std::log(uniform()); }

double Draws::normal() noexcept {
  // uniform() is never 0 or 1, so the quantile is always finite.
  return boost::math::quantile(boost::math::normal_distribution<double>(), uniform());
}

std::uint64_t Draws::geometric(double p) noexcept {
  if (p >= 1.0) return 0;
  const double gap = std::floor(std::log(uniform()) / std::log1p(-p));
  constexpr double kMax = static_cast<double>(std::numeric_limits<std::uint64_t>::max() / 2);
  return gap < kMax ? static_cast<std::uint64_t>(gap) : static_cast<std::uint64_t>(kMax);
}

std::uint64_t Draws::poisson(double mean) noexcept {
  if (!(mean > 0.0)) return 0;
  return mean < 10.0 ? poisson_small(mean) : poisson_ptrs(mean);
}

// Inversion by sequential search: exact and fast for small means.
std::uint64_t Draws::poisson_small(double mean) noexcept {
  const double u = uniform();
  double probability = std::exp(-mean);
  double cumulative = probability;
  std::uint64_t k = 0;
  while (u > cumulative && k < 1000) {
    ++k;
    probability *= mean / static_cast<double>(k);
    cumulative += probability;
  }
  return k;
}

// Hoermann (1993), "The transformed rejection method for generating Poisson random variables".
std::uint64_t Draws::poisson_ptrs(double mean) noexcept {
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = uniform() - 0.5;
    const double v = uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    const auto ki = static_cast<std::uint64_t>(k);
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - log_factorial(ki)) {
      return ki;
    }
  }
}

std::uint64_t Draws::binomial(std::uint64_t n, double p) noexcept {
  if (n == 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return n;
  if (p > 0.5) return n - binomial(n, 1.0 - p);
  return static_cast<double>(n) * p < 10.0 ? binomial_inversion(n, p) : binomial_btrs(n, p);
}

// Inversion by sequential search over the probability mass function.
std::uint64_t Draws::binomial_inversion(std::uint64_t n, double p) noexcept {
  const double q = 1.0 - p;
  const double ratio = p / q;
  double probability = std::pow(q, static_cast<double>(n));
  double cumulative = probability;
  const double u = uniform();
  std::uint64_t k = 0;
  while (u > cumulative && k < n) {
    probability *= ratio * static_cast<double>(n - k) / static_cast<double>(k + 1);
    ++k;
    cumulative += probability;
  }
  return k;
}

// Hoermann (1993), "The generation of binomial random variates" (BTRS), for n*p >= 10, p <= 1/2.
std::uint64_t Draws::binomial_btrs(std::uint64_t n, double p) noexcept {
  const double nd = static_cast<double>(n);
  const double q = 1.0 - p;
  const double spq = std::sqrt(nd * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = nd * p + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double log_odds = std::log(p / q);
  const double mode = std::floor((nd + 1.0) * p);
  const auto mode_i = static_cast<std::uint64_t>(mode);
  const double h = log_factorial(mode_i) + log_factorial(n - mode_i);
  for (;;) {
    const double u = uniform() - 0.5;
    double v = uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + c);
    if (k < 0.0 || k > nd) continue;
    if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
    const auto ki = static_cast<std::uint64_t>(k);
    v = std::log(v * alpha / (a / (us * us) + b));
    if (v <= h - log_factorial(ki) - log_factorial(n - ki) + (k - mode) * log_odds) return ki;
  }
}

}  // namespace siege::rng
