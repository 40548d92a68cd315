#include "core/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace siege::rng {
namespace {

constexpr RunKey kKey{12345, 0};

TEST(Rng, SameKeySameNumbers) {
  Draws a(kKey, Stream::kMortality, 7, 3);
  Draws b(kKey, Stream::kMortality, 7, 3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.uniform(), b.uniform());
}

TEST(Rng, EveryPartOfTheKeyChangesTheNumbers) {
  const double base = Draws(kKey, Stream::kMortality, 7, 3).uniform();
  EXPECT_NE(base, Draws(RunKey{12346, 0}, Stream::kMortality, 7, 3).uniform());
  EXPECT_NE(base, Draws(RunKey{12345, 1}, Stream::kMortality, 7, 3).uniform());
  EXPECT_NE(base, Draws(kKey, Stream::kAidApproval, 7, 3).uniform());
  EXPECT_NE(base, Draws(kKey, Stream::kMortality, 8, 3).uniform());
  EXPECT_NE(base, Draws(kKey, Stream::kMortality, 7, 4).uniform());
}

TEST(Rng, UniformIsOpenAndCentred) {
  Draws d(kKey, Stream::kMortality, 0, 0);
  double sum = 0.0, sum_sq = 0.0;
  constexpr int kN = 200000;
  for (int i = 0; i < kN; ++i) {
    const double u = d.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
  }
  EXPECT_NEAR(sum / kN, 0.5, 0.005);
  EXPECT_NEAR(sum_sq / kN - 0.25, 1.0 / 12.0, 0.002);
  EXPECT_EQ(d.blocks_used(), static_cast<std::uint64_t>(kN / 4));
}

struct Moments {
  double mean = 0.0;
  double variance = 0.0;
};

template <class F>
Moments moments(int n, F draw) {
  double sum = 0.0, sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  return {mean, sum_sq / n - mean * mean};
}

TEST(Rng, PoissonHasItsMeanAndVarianceForSmallAndLargeMeans) {
  for (double mean : {0.3, 4.5, 9.99, 10.0, 37.0, 2500.0}) {
    Draws d(kKey, Stream::kInitHouseholds, static_cast<std::uint64_t>(mean * 100), 0);
    const auto m = moments(100000, [&] { return static_cast<double>(d.poisson(mean)); });
    EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(mean / 100000) + 1e-9) << mean;
    EXPECT_NEAR(m.variance / mean, 1.0, 0.03) << mean;
  }
  Draws d(kKey, Stream::kInitHouseholds, 0, 0);
  EXPECT_EQ(d.poisson(0.0), 0u);
}

TEST(Rng, PoissonSmallMeanMatchesTheProbabilityMassFunction) {
  Draws d(kKey, Stream::kInitHouseholds, 99, 0);
  constexpr int kN = 200000;
  constexpr double kMean = 3.0;
  std::vector<int> counts(20, 0);
  for (int i = 0; i < kN; ++i) ++counts[std::min<std::uint64_t>(d.poisson(kMean), 19)];
  for (int k = 0; k < 8; ++k) {
    const double expected = std::exp(-kMean + k * std::log(kMean) - std::lgamma(k + 1.0));
    EXPECT_NEAR(counts[k] / static_cast<double>(kN), expected, 4 * std::sqrt(expected / kN)) << k;
  }
}

TEST(Rng, BinomialHasItsMeanAndVarianceInBothAlgorithms) {
  struct Case {
    std::uint64_t n;
    double p;
  };
  for (const Case c : {Case{10, 0.3}, Case{40, 0.05}, Case{100, 0.5}, Case{1000, 0.02}, Case{100000, 0.7},
                       Case{50, 0.95}}) {
    Draws d(kKey, Stream::kAidLooting, c.n, 0);
    const double mean = static_cast<double>(c.n) * c.p;
    const double variance = mean * (1 - c.p);
    const auto m = moments(100000, [&] {
      const auto k = d.binomial(c.n, c.p);
      EXPECT_LE(k, c.n);
      return static_cast<double>(k);
    });
    EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(variance / 100000) + 1e-9) << c.n << " " << c.p;
    EXPECT_NEAR(m.variance / variance, 1.0, 0.04) << c.n << " " << c.p;
  }
  Draws d(kKey, Stream::kAidLooting, 0, 0);
  EXPECT_EQ(d.binomial(0, 0.5), 0u);
  EXPECT_EQ(d.binomial(17, 0.0), 0u);
  EXPECT_EQ(d.binomial(17, 1.0), 17u);
}

TEST(Rng, GeometricCountsFailuresBeforeASuccess) {
  Draws d(kKey, Stream::kMortality, 1, 1);
  constexpr double kP = 0.01;
  const auto m = moments(100000, [&] { return static_cast<double>(d.geometric(kP)); });
  EXPECT_NEAR(m.mean, (1 - kP) / kP, 1.5);
  EXPECT_EQ(d.geometric(1.0), 0u);
}

TEST(Rng, ExponentialHasItsMean) {
  Draws d(kKey, Stream::kInitHouseholds, 5, 0);
  const auto m = moments(100000, [&] { return d.exponential(150.0); });
  EXPECT_NEAR(m.mean, 150.0, 2.0);
  EXPECT_NEAR(std::sqrt(m.variance), 150.0, 3.0);
}

TEST(Rng, LogFactorialMatchesLgammaAcrossTheTableEdge) {
  for (std::uint64_t k : {0ull, 1ull, 2ull, 10ull, 255ull, 256ull, 257ull, 1000ull, 123456ull}) {
    const double exact = std::lgamma(static_cast<double>(k) + 1.0);
    EXPECT_NEAR(log_factorial(k), exact, 1e-9 * std::max(1.0, exact)) << k;
  }
}

}  // namespace
}  // namespace siege::rng
