#pragma once
// Order statistics used by reports (compare tables, bench and rebellion timings).
#include <algorithm>
#include <cmath>
#include <vector>

namespace siege {

/// Quantile q of sorted values (linear interpolation between order statistics); 0 if none.
inline double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(at));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (at - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return quantile(values, 0.5);
}

}  // namespace siege
