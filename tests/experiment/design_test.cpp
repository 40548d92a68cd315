// Sobol' designs and Sobol indices against published answers: the Sobol' sequence against Joe and
// Kuo's reference points and direction numbers, Saltelli's layout of the design, and the indices of
// the Ishigami function against their analytic values, inside their bootstrap intervals.
#include "experiment/design.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/parallel.hpp"
#include "core/rng.hpp"

namespace siege {
namespace {

/// One row of Joe and Kuo's direction numbers: degree s of the primitive polynomial, its inner
/// coefficients a, and the initial direction numbers m_1..m_s.
struct DirectionNumbers {
  unsigned s = 0;
  std::uint32_t a = 0;
  std::vector<std::uint32_t> m;
};

/// Dimensions 2 to 7 of new-joe-kuo-6.21201 (Joe & Kuo 2008, "Constructing Sobol sequences with
/// better two-dimensional projections", SIAM J. Sci. Comput. 30, 2635-2654), as published:
///   d  s  a  m_i
///   2  1  0  1
///   3  2  1  1 3
///   4  3  1  1 3 1
///   5  3  2  1 1 1
///   6  4  1  1 1 3 3
///   7  4  4  1 3 5 13
/// Dimension 1 has every m_i = 1.
const std::vector<DirectionNumbers> kJoeKuo = {
    {1, 0, {1}},       {2, 1, {1, 3}},       {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}}, {4, 1, {1, 1, 3, 3}}, {4, 4, {1, 3, 5, 13}},
};

/// The first `count` points (the zero point first) of the Sobol' sequence in up to 7 dimensions, made
/// the way Joe and Kuo's own generator (sobol.cc) makes them: 32-bit direction numbers from the
/// recurrence of the primitive polynomial, points in Gray-code order. Independent of Boost.
std::vector<std::vector<double>> joe_kuo_points(std::size_t dimensions, std::size_t count) {
  constexpr unsigned kBits = 32;
  std::vector<std::vector<double>> points(count, std::vector<double>(dimensions, 0.0));
  for (std::size_t d = 0; d < dimensions; ++d) {
    std::vector<std::uint32_t> v(kBits + 1, 0);
    if (d == 0) {
      for (unsigned i = 1; i <= kBits; ++i) v[i] = 1u << (kBits - i);
    } else {
      const DirectionNumbers& row = kJoeKuo.at(d - 1);
      const unsigned s = row.s;
      for (unsigned i = 1; i <= s; ++i) v[i] = row.m[i - 1] << (kBits - i);
      for (unsigned i = s + 1; i <= kBits; ++i) {
        v[i] = v[i - s] ^ (v[i - s] >> s);
        for (unsigned j = 1; j < s; ++j) v[i] ^= ((row.a >> (s - 1 - j)) & 1u) * v[i - j];
      }
    }
    std::uint32_t x = 0;
    for (std::size_t i = 1; i < count; ++i) {
      unsigned c = 1;  // 1 + the position of the lowest zero bit of i - 1
      for (std::size_t value = i - 1; value & 1u; value >>= 1) ++c;
      x ^= v[c];
      points[i][d] = static_cast<double>(x) * 0x1.0p-32;
    }
  }
  return points;
}

TEST(SobolSequence, FirstPointsAreTheJoeKuoReference) {
  // The unscrambled sequence as SciPy's qmc.Sobol gives it from the same direction numbers (its
  // tests list dimensions 1-2, "theoretical values from Joe Kuo 2010"; Optuna's QMC sampler test
  // lists dimensions 1-5): the zero point, then these.
  const std::vector<std::vector<double>> reference = {
      {0.0, 0.0, 0.0, 0.0, 0.0},           {0.5, 0.5, 0.5, 0.5, 0.5},
      {0.75, 0.25, 0.25, 0.25, 0.75},      {0.25, 0.75, 0.75, 0.75, 0.25},
      {0.375, 0.375, 0.625, 0.875, 0.375}, {0.875, 0.875, 0.125, 0.375, 0.875},
      {0.625, 0.125, 0.875, 0.625, 0.625}, {0.125, 0.625, 0.375, 0.125, 0.125},
  };
  const Eigen::MatrixXd x = sobol_points(5, 0, reference.size());
  ASSERT_EQ(x.rows(), static_cast<Eigen::Index>(reference.size()));
  for (std::size_t i = 0; i < reference.size(); ++i) {
    for (std::size_t j = 0; j < 5; ++j) {
      EXPECT_EQ(x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), reference[i][j])
          << "point " << i << ", dimension " << j + 1;
    }
  }
}

TEST(SobolSequence, FollowsThePublishedDirectionNumbers) {
  const std::size_t dimensions = 7, count = 4096;
  const auto expected = joe_kuo_points(dimensions, count);
  const Eigen::MatrixXd x = sobol_points(dimensions, 0, count);
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t j = 0; j < dimensions; ++j) {
      ASSERT_EQ(x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), expected[i][j])
          << "point " << i << ", dimension " << j + 1;
    }
  }
  // A later stretch starts where the whole sequence has it.
  const Eigen::MatrixXd later = sobol_points(dimensions, 1000, 24);
  for (Eigen::Index i = 0; i < later.rows(); ++i) {
    for (Eigen::Index j = 0; j < later.cols(); ++j) {
      EXPECT_EQ(later(i, j), x(1000 + i, j)) << "point " << 1000 + i;
    }
  }
}

TEST(Design, SobolSkipsAPowerOfTwoAtLeastNAndSixteen) {
  EXPECT_EQ(sobol_skip(1), 16u);
  EXPECT_EQ(sobol_skip(4), 16u);
  EXPECT_EQ(sobol_skip(16), 16u);
  EXPECT_EQ(sobol_skip(17), 32u);
  EXPECT_EQ(sobol_skip(1000), 1024u);
  EXPECT_EQ(sobol_skip(1024), 1024u);
}

TEST(Design, SobolRowsAreWhereSaltellisLayoutPutsThem) {
  // N base rows: A (the first k coordinates of points S..S+N-1 of the 2k-dimensional sequence), B
  // (the last k), then AB_i = A with column i from B, for i = 1..k.
  const std::size_t n = 8, k = 3;
  const auto sequence = joe_kuo_points(2 * k, sobol_skip(n) + n);
  const Eigen::MatrixXd x = design_points(Design::kSobol, k, n, 1);
  ASSERT_EQ(x.rows(), static_cast<Eigen::Index>(n * (k + 2)));
  ASSERT_EQ(x.cols(), static_cast<Eigen::Index>(k));
  for (std::size_t r = 0; r < n; ++r) {
    const auto& point = sequence[sobol_skip(n) + r];
    for (std::size_t j = 0; j < k; ++j) {
      const auto col = static_cast<Eigen::Index>(j);
      EXPECT_EQ(x(static_cast<Eigen::Index>(r), col), point[j]) << "A row " << r;
      EXPECT_EQ(x(static_cast<Eigen::Index>(n + r), col), point[k + j]) << "B row " << r;
      for (std::size_t i = 0; i < k; ++i) {
        EXPECT_EQ(x(static_cast<Eigen::Index>((2 + i) * n + r), col), i == j ? point[k + j] : point[j])
            << "AB_" << i + 1 << " row " << r << " column " << j;
      }
    }
  }
  // Point 16 of the sequence, by hand: Gray code 16 ^ 8 = 24 takes direction numbers 4 and 5,
  // 1/16 + 1/32 in the first dimension.
  EXPECT_EQ(x(0, 0), 0.09375);
  EXPECT_TRUE(x.isApprox(design_points(Design::kSobol, k, n, 12345))) << "the seed plays no part";
  EXPECT_TRUE((x.array() >= 0.0).all() && (x.array() < 1.0).all());
  EXPECT_THROW(design_points(Design::kSobol, 2000, 1, 1, 1'000'000'000), std::invalid_argument);
}

constexpr double kPi = 3.14159265358979323846;

/// The Ishigami function (a = 7, b = 0.1) on the design's points mapped to [-pi, pi]^3.
std::vector<double> ishigami(const Eigen::MatrixXd& unit) {
  std::vector<double> f;
  for (Eigen::Index r = 0; r < unit.rows(); ++r) {
    const double x1 = -kPi + 2.0 * kPi * unit(r, 0), x2 = -kPi + 2.0 * kPi * unit(r, 1),
                 x3 = -kPi + 2.0 * kPi * unit(r, 2);
    f.push_back(std::sin(x1) + 7.0 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1));
  }
  return f;
}

/// Its analytic indices (Ishigami & Homma 1990; Sobol' & Levitan 1999; Saltelli et al. 2008):
/// V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0,
/// V13 = 8 b^2 pi^8 / 225: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
struct Analytic {
  std::vector<double> first_order, total;
};
Analytic ishigami_indices() {
  const double a = 7.0, b = 0.1, pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
  const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8, v13 = 8 * b * b * pi8 / 225;
  return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

TEST(Sensitivity, IshigamiAnalyticValuesAreThePublishedOnes) {
  const Analytic exact = ishigami_indices();
  EXPECT_NEAR(exact.first_order[0], 0.3139, 5e-5);
  EXPECT_NEAR(exact.first_order[1], 0.4424, 5e-5);
  EXPECT_NEAR(exact.total[0], 0.5576, 5e-5);
  EXPECT_NEAR(exact.total[1], 0.4424, 5e-5);
  EXPECT_NEAR(exact.total[2], 0.2437, 5e-5);
}

TEST(Sensitivity, IshigamiIndicesLieInsideTheirBootstrapIntervals) {
  const std::size_t n = 8192, k = 3;
  const SobolIndices s = sobol_indices(ishigami(design_points(Design::kSobol, k, n, 1)), k, 1);
  const Analytic exact = ishigami_indices();
  for (std::size_t i = 0; i < k; ++i) {
    EXPECT_LE(std::abs(s.first_order[i] - exact.first_order[i]), s.first_order_conf[i])
        << "S" << i + 1 << " = " << s.first_order[i] << " ± " << s.first_order_conf[i] << ", analytic "
        << exact.first_order[i];
    EXPECT_LE(std::abs(s.total[i] - exact.total[i]), s.total_conf[i])
        << "ST" << i + 1 << " = " << s.total[i] << " ± " << s.total_conf[i] << ", analytic "
        << exact.total[i];
    EXPECT_GT(s.first_order_conf[i], 0.0);
    EXPECT_LT(s.first_order_conf[i], 0.05);
    EXPECT_GT(s.total_conf[i], 0.0);
    EXPECT_LT(s.total_conf[i], 0.05);
  }
}

TEST(Sensitivity, BootstrapIntervalsShrinkAsNGrows) {
  const std::size_t k = 3;
  const SobolIndices small = sobol_indices(ishigami(design_points(Design::kSobol, k, 512, 1)), k, 1);
  const SobolIndices large = sobol_indices(ishigami(design_points(Design::kSobol, k, 8192, 1)), k, 1);
  // 16 times the rows: about a quarter of the width.
  for (std::size_t i = 0; i < k; ++i) {
    EXPECT_LT(large.first_order_conf[i], 0.4 * small.first_order_conf[i]) << "S" << i + 1;
    EXPECT_LT(large.total_conf[i], 0.4 * small.total_conf[i]) << "ST" << i + 1;
  }
}

TEST(Sensitivity, BootstrapIsTheSameAtAnyThreadCount) {
  const std::size_t k = 3;
  const auto f = ishigami(design_points(Design::kSobol, k, 1024, 1));
  const SobolIndices one = Threads(1).run([&] { return sobol_indices(f, k, 7, 2); });
  const SobolIndices many = Threads(4).run([&] { return sobol_indices(f, k, 7, 2); });
  EXPECT_EQ(one.first_order, many.first_order);
  EXPECT_EQ(one.total, many.total);
  EXPECT_EQ(one.first_order_conf, many.first_order_conf);
  EXPECT_EQ(one.total_conf, many.total_conf);
  const SobolIndices other = sobol_indices(f, k, 8, 2);
  EXPECT_EQ(other.first_order, one.first_order) << "the seed draws the resamples, not the estimates";
  EXPECT_NE(other.first_order_conf, one.first_order_conf);
}

TEST(Sensitivity, IntervalsAreTheEstimatePlusMinusZTimesTheBootstrapSd) {
  // Recomputed the plain way: resample b draws N base rows from (seed, run 0), stream
  // kSensitivityBootstrap, entity, day b; the same rows of A, B and each AB_i; centre kept at the
  // mean of f over the whole design; sd over resamples - 1; z = 1.959963984540054.
  const std::size_t n = 40, k = 2, resamples = 300;
  const std::uint64_t seed = 5, entity = 3;
  const Eigen::MatrixXd x = design_points(Design::kSobol, k, n, 1);
  std::vector<double> f;
  for (Eigen::Index r = 0; r < x.rows(); ++r)
    f.push_back(std::exp(x(r, 0)) * (1.0 + x(r, 1)) + x(r, 1) * x(r, 1));
  const SobolIndices s = sobol_indices(f, k, seed, entity, resamples);
  double center = 0.0;
  for (double v : f) center += v;
  center /= static_cast<double>(f.size());
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<double> first, total;
    for (std::size_t b = 0; b < resamples; ++b) {
      rng::Draws draws(rng::RunKey{seed, 0}, rng::Stream::kSensitivityBootstrap, entity, b);
      std::vector<std::size_t> rows;
      for (std::size_t j = 0; j < n; ++j) {
        rows.push_back(std::min(n - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(n))));
      }
      std::vector<double> ab;  // the rows of A and B
      for (std::size_t r : rows) ab.push_back(f[r]);
      for (std::size_t r : rows) ab.push_back(f[n + r]);
      double mean = 0.0, variance = 0.0, s1 = 0.0, st = 0.0;
      for (double v : ab) mean += v / static_cast<double>(ab.size());
      for (double v : ab) variance += (v - mean) * (v - mean) / static_cast<double>(ab.size());
      for (std::size_t r : rows) {
        s1 += (f[n + r] - center) * (f[(2 + i) * n + r] - f[r]) / static_cast<double>(n);
        st += (f[r] - f[(2 + i) * n + r]) * (f[r] - f[(2 + i) * n + r]) / static_cast<double>(2 * n);
      }
      first.push_back(s1 / variance);
      total.push_back(st / variance);
    }
    const auto half_width = [&](const std::vector<double>& v) {
      double mean = 0.0, squares = 0.0;
      for (double e : v) mean += e / static_cast<double>(v.size());
      for (double e : v) squares += (e - mean) * (e - mean);
      return 1.959963984540054 * std::sqrt(squares / static_cast<double>(v.size() - 1));
    };
    EXPECT_NEAR(s.first_order_conf[i], half_width(first), 1e-9) << "S" << i + 1;
    EXPECT_NEAR(s.total_conf[i], half_width(total), 1e-9) << "ST" << i + 1;
  }
}

TEST(Sensitivity, IndicesDoNotMoveWhenTheOutcomeIsShifted) {
  // The first-order estimator is taken on f centred at its mean (as SALib centres it), so adding a
  // constant to every outcome changes nothing.
  const std::size_t k = 3;
  auto f = ishigami(design_points(Design::kSobol, k, 256, 1));
  const SobolIndices s = sobol_indices(f, k, 1);
  for (double& v : f) v += 1000.0;
  const SobolIndices shifted = sobol_indices(f, k, 1);
  for (std::size_t i = 0; i < k; ++i) {
    EXPECT_NEAR(shifted.first_order[i], s.first_order[i], 1e-9);
    EXPECT_NEAR(shifted.total[i], s.total[i], 1e-9);
    EXPECT_NEAR(shifted.first_order_conf[i], s.first_order_conf[i], 1e-9);
  }
}

TEST(Sensitivity, AnOutcomeThatDoesNotVaryHasZeroIndicesAndIntervals) {
  const std::vector<double> f(5 * 10, 2.5);
  const SobolIndices s = sobol_indices(f, 3, 1);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(s.first_order[i], 0.0);
    EXPECT_EQ(s.total[i], 0.0);
    EXPECT_EQ(s.first_order_conf[i], 0.0);
    EXPECT_EQ(s.total_conf[i], 0.0);
  }
}

}  // namespace
}  // namespace siege
