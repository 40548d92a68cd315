#include "experiment/emulator.hpp"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace siege {
namespace {

// Correlation lengths in units of the prior's range: from a fine ripple to a flat response (an
// input with no effect). Nuggets as shares of the process variance: from exact interpolation to
// noise as large as the signal.
constexpr std::array kLengths = {0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.5, 5.0, 20.0};
constexpr std::array kNuggets = {1e-6, 1e-4, 1e-3, 1e-2, 0.03, 0.1, 0.3, 1.0};
constexpr int kPasses = 3;

Eigen::MatrixXd design_matrix(const Eigen::MatrixXd& x) {
  Eigen::MatrixXd h(x.rows(), x.cols() + 1);
  h.col(0).setOnes();
  h.rightCols(x.cols()) = x;
  return h;
}

Eigen::MatrixXd correlation(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                            const Eigen::VectorXd& lengths) {
  Eigen::MatrixXd c(a.rows(), b.rows());
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < b.rows(); ++j) {
      c(i, j) = std::exp(-((a.row(i) - b.row(j)).transpose().array() / lengths.array()).square().sum());
    }
  }
  return c;
}

/// Profile log-likelihood of the residuals under lengths and nugget (the process variance
/// maximised out); -infinity where the matrix is not positive definite.
double profile_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& r, const Eigen::VectorXd& lengths,
                          double nugget) {
  const auto n = static_cast<double>(x.rows());
  Eigen::MatrixXd k = correlation(x, x, lengths);
  k.diagonal().array() += nugget;
  const Eigen::LLT<Eigen::MatrixXd> llt(k);
  if (llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  const double quadratic = r.dot(llt.solve(r));
  const double log_det = 2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
  if (!(quadratic > 0.0))
    return std::numeric_limits<double>::infinity();  // residuals of zero: any fit is exact
  return -0.5 * n * std::log(quadratic / n) - 0.5 * log_det;
}

}  // namespace

Emulator Emulator::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  if (x.rows() < 2 || x.rows() != y.size())
    throw std::invalid_argument("an emulator needs two points or more");
  Emulator e;
  e.x_ = x;
  const Eigen::MatrixXd h = design_matrix(x);
  const auto qr = h.colPivHouseholderQr();
  e.beta_ = qr.solve(y);
  const Eigen::VectorXd residuals = y - h * e.beta_;
  // Leave-one-out errors of the linear mean alone: residual / (1 - leverage).
  {
    const Eigen::MatrixXd hat = h * qr.solve(Eigen::MatrixXd::Identity(x.rows(), x.rows()));
    double squares = 0.0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double leverage = std::min(hat(i, i), 1.0 - 1e-9);
      squares += std::pow(residuals(i) / (1.0 - leverage), 2);
    }
    e.linear_loo_rmse_ = std::sqrt(squares / static_cast<double>(x.rows()));
  }
  e.lengths_ = Eigen::VectorXd::Constant(x.cols(), 0.5);
  e.nugget_ = 1e-2;
  double best = profile_likelihood(x, residuals, e.lengths_, e.nugget_);
  for (int pass = 0; pass < kPasses && std::isfinite(best); ++pass) {
    for (Eigen::Index j = 0; j <= x.cols(); ++j) {
      const bool nugget = j == x.cols();
      const std::size_t options = nugget ? kNuggets.size() : kLengths.size();
      for (std::size_t o = 0; o < options; ++o) {
        Eigen::VectorXd lengths = e.lengths_;
        double tried_nugget = e.nugget_;
        if (nugget) {
          tried_nugget = kNuggets[o];
        } else {
          lengths(j) = kLengths[o];
        }
        const double likelihood = profile_likelihood(x, residuals, lengths, tried_nugget);
        if (likelihood > best) {
          best = likelihood;
          e.lengths_ = lengths;
          e.nugget_ = tried_nugget;
        }
      }
    }
  }
  Eigen::MatrixXd k = correlation(x, x, e.lengths_);
  k.diagonal().array() += e.nugget_;
  const Eigen::LLT<Eigen::MatrixXd> llt(k);
  e.k_inverse_ = llt.solve(Eigen::MatrixXd::Identity(x.rows(), x.rows()));
  e.alpha_ = e.k_inverse_ * residuals;
  e.variance_ = std::max(residuals.dot(e.alpha_) / static_cast<double>(x.rows()), 0.0);
  // Closed-form leave-one-out of the process (Rasmussen & Williams 2006, sec. 5.4.2).
  double squares = 0.0;
  std::size_t within = 0;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double error = e.alpha_(i) / e.k_inverse_(i, i);
    const double sd = std::sqrt(e.variance_ / e.k_inverse_(i, i));
    squares += error * error;
    within += std::abs(error) <= 3.0 * sd;
  }
  e.loo_rmse_ = std::sqrt(squares / static_cast<double>(x.rows()));
  e.loo_within_3sd_ = static_cast<double>(within) / static_cast<double>(x.rows());
  return e;
}

Emulator::Prediction Emulator::predict(const Eigen::MatrixXd& x) const {
  const Eigen::MatrixXd c = correlation(x, x_, lengths_);
  Prediction p;
  p.mean = design_matrix(x) * beta_ + c * alpha_;
  p.variance = (variance_ * (1.0 - (c * k_inverse_).cwiseProduct(c).rowwise().sum().array())).cwiseMax(0.0);
  return p;
}

}  // namespace siege
