#pragma once
// A Gaussian-process emulator of one simulator output over the unit cube of the parameters, for
// history matching: a linear mean fitted by least squares, and a zero-mean Gaussian process on its
// residuals with squared-exponential correlation, one correlation length per parameter, and a
// nugget for the runs' own noise (Kennedy & O'Hagan 2001; Andrianakis et al. 2015, PLoS Comput
// Biol 11:e1003968). The lengths and the nugget maximise the profile likelihood over a grid, one
// parameter at a time (a few passes of coordinate search).
#include <Eigen/Core>

namespace siege {

class Emulator {
 public:
  /// Fits the emulator to outputs `y` at points `x` (rows, in [0, 1]^k). Needs at least two rows.
  static Emulator fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

  /// The emulator's expectation of the output (the mean over replicates, without their noise) and
  /// its variance, at each row of `x`.
  struct Prediction {
    Eigen::VectorXd mean, variance;
  };
  Prediction predict(const Eigen::MatrixXd& x) const;

  /// Leave-one-out check (Bastos & O'Hagan 2009): the share of points whose output lies within
  /// three standard deviations of the emulator fitted without it, and the root mean squared error
  /// of those predictions, against that of the linear mean alone.
  double loo_within_3sd() const { return loo_within_3sd_; }
  double loo_rmse() const { return loo_rmse_; }
  double linear_loo_rmse() const { return linear_loo_rmse_; }
  const Eigen::VectorXd& lengths() const { return lengths_; }
  double nugget() const { return nugget_; }

 private:
  Eigen::MatrixXd x_;
  Eigen::VectorXd beta_;   ///< linear mean: intercept, then one slope per parameter
  Eigen::VectorXd alpha_;  ///< K^-1 (residuals), K the correlation plus nugget
  Eigen::MatrixXd k_inverse_;
  Eigen::VectorXd lengths_;
  double nugget_ = 0.0;    ///< as a share of the process variance
  double variance_ = 0.0;  ///< process variance of the residuals
  double loo_within_3sd_ = 0.0, loo_rmse_ = 0.0, linear_loo_rmse_ = 0.0;
};

}  // namespace siege
