// The history-matching emulator: it interpolates a smooth function it was fitted to, says how
// unsure it is away from its points, learns a nugget for noisy outputs, and passes its own
// leave-one-out check.
#include "experiment/emulator.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.hpp"
#include "experiment/design.hpp"

namespace siege {
namespace {

/// A smooth response in two inputs, the second of which does nothing.
double response(double a, double /*unused*/) {
  return std::sin(6.0 * a) + 2.0 * a;
}

Eigen::MatrixXd hypercube(std::int64_t n, std::int64_t seed) {
  return design_points(Design::kLatinHypercube, 2, n, seed);
}

TEST(Emulator, PredictsASmoothResponseBetweenItsPointsWithHonestUncertainty) {
  const Eigen::MatrixXd x = hypercube(30, 1);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y(i) = response(x(i, 0), x(i, 1));
  const Emulator e = Emulator::fit(x, y);
  const Eigen::MatrixXd test = hypercube(200, 2);
  const Emulator::Prediction p = e.predict(test);
  int within = 0;
  double worst = 0.0;
  for (Eigen::Index i = 0; i < test.rows(); ++i) {
    const double error = std::abs(p.mean(i) - response(test(i, 0), test(i, 1)));
    worst = std::max(worst, error);
    within += error <= 3.0 * std::sqrt(p.variance(i)) + 1e-6;
  }
  EXPECT_LT(worst, 0.1);                      // the response spans about 3
  EXPECT_GE(within, 190);                     // its 3-sd intervals hold the truth almost everywhere
  EXPECT_GT(e.lengths()(1), e.lengths()(0));  // the inert input gets a longer correlation length
  EXPECT_LT(e.nugget(), 1e-2);                // no noise: it interpolates
  EXPECT_GE(e.loo_within_3sd(), 0.9);
  EXPECT_LT(e.loo_rmse(), e.linear_loo_rmse());  // the process earns its place over a plane
  // At a training point it is nearly sure; far from all of them, less so.
  const Emulator::Prediction at = e.predict(x.topRows(1));
  EXPECT_NEAR(at.mean(0), y(0), 1e-2);
  EXPECT_LT(at.variance(0), p.variance.maxCoeff());
}

TEST(Emulator, LearnsANuggetForNoisyOutputsAndSmoothsThroughThem) {
  const Eigen::MatrixXd x = hypercube(40, 3);
  Eigen::VectorXd y(x.rows());
  rng::Draws noise(rng::RunKey{7, 0}, rng::Stream::kCalibration, 0, 0);
  for (Eigen::Index i = 0; i < x.rows(); ++i) y(i) = 2.0 * x(i, 0) + 0.3 * noise.normal();
  const Emulator e = Emulator::fit(x, y);
  EXPECT_GE(e.nugget(), 0.1);
  const Eigen::MatrixXd middle = Eigen::MatrixXd::Constant(1, 2, 0.5);
  EXPECT_NEAR(e.predict(middle).mean(0), 1.0, 0.25);
}

TEST(Emulator, RefusesFewerThanTwoPoints) {
  EXPECT_THROW(Emulator::fit(Eigen::MatrixXd::Zero(1, 2), Eigen::VectorXd::Zero(1)), std::invalid_argument);
}

}  // namespace
}  // namespace siege
